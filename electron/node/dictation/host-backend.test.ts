import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { DictationResult } from '../../common/host-contract.ts';
import { type Result, ok } from '../../common/result.ts';
import { DEFAULT_TEXT_SETTINGS } from '../../common/text-settings.ts';
import type { Transcript } from '../../common/transcript.ts';
import { readWavHeader, wavHeader } from '../audio/wav-file.ts';
import { type HostCall, HostDictationBackend, lostWithHost } from './host-backend.ts';

/** A pid no process has (above Linux's largest pid_max, 2^22). */
const DEAD_PID = 4_194_305;

/** A spool as a killed writer leaves it: header sizes still 0, one second of float32 audio after it. */
function spoolOf(dir: string, pid: number): string {
  const path = join(dir, `spool-${Date.now()}-${pid}-0123abcd.wav`);
  writeFileSync(path, Buffer.concat([wavHeader(16_000, 'float32', 0), Buffer.alloc(16_000 * 4)]));
  return path;
}

const transcript = (text: string): Transcript => ({
  text,
  duration_s: 1,
  model: 'fake-model',
  device: 'cpu',
  segments: [],
});

/** A host whose stopDictation answers `stop`; records every call and when it came. */
function fakeHost(spool: string, stop: Result<DictationResult>, audioAfterStopMs?: number) {
  const calls: { name: string; args: unknown[]; at: number }[] = [];
  const call = (async (name: string, ...args: unknown[]) => {
    calls.push({ name, args, at: performance.now() });
    if (name === 'startDictation')
      return ok({ sessionId: 'd-1', microphone: 'Fake mic', spool, ...(audioAfterStopMs ? { audioAfterStopMs } : {}) });
    if (name === 'stopDictation') return stop;
    if (name === 'cancelDictation') return ok(false);
    if (name === 'transcribeFile') return ok(transcript('hello from the spool'));
    throw new Error(`unexpected ${name}`);
  }) as HostCall;
  return { call, calls };
}

const failed = (name: string): Result<DictationResult> => ({ ok: false, error: { name, message: `${name}.` } });
const settings = { ...DEFAULT_TEXT_SETTINGS, casing: false };

for (const error of ['InferenceHostStopped', 'NotListening']) {
  test(`a stop that fails with ${error} after the host died finishes the dictation from its spool`, async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'verba-host-backend-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const spool = spoolOf(dir, DEAD_PID);
    const { call, calls } = fakeHost(spool, failed(error));
    const recovered: DictationResult[] = [];
    const backend = new HostDictationBackend(call, {
      settings: async () => settings,
      recovered: (r) => void recovered.push(r),
    });
    assert.deepEqual(await backend.start('d-1'), { microphone: 'Fake mic', spool });
    const final = await backend.finish('d-1', 0);
    assert.deepEqual(final, { sessionId: 'd-1', text: 'hello from the spool', spool, duration: 1 });
    // The same text settings as the start; the spool's header was repaired before it was read.
    const file = calls.find((c) => c.name === 'transcribeFile')!;
    assert.deepEqual(file.args, ['recover-d-1', { path: spool }, settings]);
    assert.equal(readWavHeader(readFileSync(spool).subarray(0, 44))?.format, 'float32');
    assert.equal(readFileSync(spool).readUInt32LE(40), 16_000 * 4);
    assert.deepEqual(recovered, [
      {
        sessionId: 'd-1',
        text: 'hello from the spool',
        transcript: transcript('hello from the spool'),
        audioPath: spool,
      },
    ]);
  });
}

test('other failures, or a spool a live process still writes, are not taken for a dead host', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'verba-host-backend-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const orphan = spoolOf(dir, DEAD_PID);
  const live = spoolOf(dir, process.ppid);
  assert.equal(await lostWithHost({ name: 'InferenceHostStopped', message: '' }, orphan), true);
  assert.equal(await lostWithHost({ name: 'RecognitionFailed', message: '' }, orphan), false);
  assert.equal(await lostWithHost({ name: 'InferenceHostStopped', message: '' }, live), false);
  assert.equal(await lostWithHost({ name: 'InferenceHostStopped', message: '' }, undefined), false);

  const { call, calls } = fakeHost(orphan, failed('RecognitionFailed'));
  const backend = new HostDictationBackend(call);
  await backend.start('d-1');
  await assert.rejects(backend.finish('d-1', 0), { code: 'RecognitionFailed' });
  assert.equal(
    calls.some((c) => c.name === 'transcribeFile'),
    false,
  );
});

test('a cancel after the host died discards the spool nobody else will (or keeps it when asked)', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'verba-host-backend-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  for (const keepAudio of [false, true]) {
    const spool = spoolOf(dir, DEAD_PID);
    const backend = new HostDictationBackend(fakeHost(spool, failed('NotListening')).call);
    await backend.start('d-1');
    assert.equal(await backend.cancel('d-1', keepAudio), keepAudio ? spool : null);
    assert.equal(existsSync(spool), keepAudio);
  }
});

test('the stop goes out ahead of the tail by what the host says its microphone records after a stop', async () => {
  const answer = ok<DictationResult>({
    sessionId: 'd-1',
    text: 'done',
    transcript: transcript('done'),
    audioPath: null,
  });
  for (const [afterStop, earliest, latest] of [
    [undefined, 300, 400],
    [200, 100, 200],
    [500, 0, 100],
  ] as const) {
    const { call, calls } = fakeHost('', answer, afterStop);
    const backend = new HostDictationBackend(call);
    await backend.start('d-1');
    const released = performance.now();
    assert.equal((await backend.finish('d-1', 300)).text, 'done');
    const sent = calls.find((c) => c.name === 'stopDictation')!.at - released;
    assert.ok(sent >= earliest - 5 && sent < latest, `audioAfterStopMs ${afterStop}: stop sent after ${sent} ms`);
  }
});
