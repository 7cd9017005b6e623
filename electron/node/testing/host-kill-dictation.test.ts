/**
 * Issue 10: the inference host SIGKILLed mid-dictation. Real parts: a forked host, the real capture
 * through the virtual microphone, the demo model, the app's DictationRuntime (journal on disk); only the
 * library is a stand-in that records what it is given. The dictation must still end with its text,
 * journaled and stored with its recording, and the next dictation must work on the restarted host.
 */
import assert from 'node:assert/strict';
import { existsSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import type { EmitEvent } from '../../common/ipc-contract.ts';
import type { Transcript } from '../../common/transcript.ts';
import { forkInferenceHost } from '../../utility/fork-host.ts';
import { loadAudioFile } from '../audio/load-audio.ts';
import type { AppContext } from '../app/context.ts';
import { DictationRuntime, hostEventTap } from '../app/dictation-runtime.ts';
import { modelInUse } from '../app/models.ts';
import { SettingsStore } from '../app/settings-store.ts';
import { readJournal } from '../dictation/journal.ts';
import { EVAL_SENTENCES } from './demo-sentences.ts';
import { playIntoMic, requireTools, requireVirtualMic } from './media.ts';
import { lockVirtualMic } from './mic-lock.ts';
import { VOICES, synthesize, toolsFor } from './synthetic-speech.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('the host SIGKILLed mid-dictation: the dictation still ends with its text, journaled and stored; the next one works', async (t) => {
  if (!(await requireVirtualMic(t)) || !requireTools(t, 'flock', ...toolsFor([VOICES[0]!]))) return;
  const dir = await mkdtemp(join(tmpdir(), 'verba-host-kill-'));
  const spoolDir = join(dir, 'spool');
  const journalPath = join(dir, 'dictations.jsonl');
  const tap = hostEventTap();
  const host = forkInferenceHost({
    onEvent: tap.emit,
    env: { VERBA_SPOOL_DIR: spoolDir, VERBA_CACHE_DIR: join(dir, 'cache') },
  });
  const events: [string, unknown][] = [];
  const saved: { text: string; spoolPath: string }[] = [];
  const app = {
    host,
    emit: ((name, payload) => events.push([name, payload])) as EmitEvent,
    settings: new SettingsStore(join(dir, 'text.json')),
    settingsPath: join(dir, 'text.json'),
    spoolDir,
    cacheDir: join(dir, 'cache'),
    // The library stand-in leaves the recording where it is, so the test can transcribe it again.
    library: async () => ({
      async saveDictation(input: { transcript: Transcript; spoolPath: string }) {
        saved.push({ text: input.transcript.text, spoolPath: input.spoolPath });
        return saved.length;
      },
    }),
  } as unknown as AppContext;
  const runtime = new DictationRuntime(app, {
    journalPath,
    settingsPath: join(dir, 'dictation.json'),
    hostEvents: tap,
  });
  const lock = await lockVirtualMic();
  t.after(async () => {
    lock.release();
    await runtime.close().catch(() => undefined);
    host.stop();
    await rm(dir, { recursive: true, force: true });
  });
  const until = async (what: string, check: () => boolean, ms = 60_000) => {
    for (const end = performance.now() + ms; !check(); await sleep(20))
      assert.ok(
        performance.now() < end,
        `timed out waiting for ${what} (${runtime.state?.phase}): ${JSON.stringify(events)}`,
      );
  };
  const finals = () =>
    events.filter(([name]) => name === 'onDidFinishDictation').map(([, p]) => p as { sessionId: string; text: string });
  const wavs = [join(dir, 'a.wav'), join(dir, 'b.wav')];
  await synthesize(EVAL_SENTENCES[0]!, VOICES[0]!, wavs[0]!);
  await synthesize(EVAL_SENTENCES[1]!, VOICES[0]!, wavs[1]!);
  const seconds = (await loadAudioFile(wavs[0]!)).samples.length / 16_000;

  const first = await host.call('ping');
  assert.ok(first.ok);
  const sessionId = await runtime.command('start');
  await until('listening', () => runtime.state?.phase === 'listening');
  const playing = playIntoMic(wavs[0]!);
  // Mid-sentence: the host dies once a second of the sentence is in its spool (a float32 WAV), however
  // slowly a loaded machine starts the capture; a fixed delay killed it before any audio under load.
  const spoolPath = async () => (await readJournal(journalPath)).find((e) => e.id === sessionId)?.spool ?? '';
  let spooled = 0;
  for (const end = performance.now() + 30_000; spooled < 1 && performance.now() < end; await sleep(20)) {
    const path = await spoolPath();
    spooled = path && existsSync(path) ? (statSync(path).size - 44) / 4 / 16_000 : 0;
  }
  assert.ok(spooled >= 1, `only ${spooled.toFixed(2)} s reached the spool in 30 s`);
  process.kill(first.value.pid, 'SIGKILL');
  await playing;
  // The dead host says nothing: the key is still held, so the dictation still listens…
  assert.equal(runtime.state?.phase, 'listening');
  // …until the release, which finishes it from the spool on the restarted host.
  await runtime.command('stop');
  await until('the final text', () => finals().length === 1, 120_000);
  await until('idle', () => runtime.state?.phase === 'idle');
  const final = finals()[0]!;
  assert.equal(final.sessionId, sessionId);
  assert.notEqual(final.text.trim(), '', 'no text came back from the spool');
  console.log(
    `host killed with ${spooled.toFixed(1)} s of a ${seconds.toFixed(1)} s sentence spooled: "${final.text}"`,
  );

  const journal = (await readJournal(journalPath)).filter((e) => e.id === sessionId);
  const spool = journal[0]?.spool ?? '';
  assert.equal(dirname(spool), spoolDir);
  assert.deepEqual(
    journal.map((e) => [e.kind ?? 'final', e.text, e.spool]),
    [
      ['started', '', spool],
      ['final', final.text, spool],
    ],
  );
  // Stored with its recording, which is still there, and it is the spool's own transcript.
  assert.deepEqual(saved, [{ text: final.text, spoolPath: spool }]);
  assert.ok(existsSync(spool));
  const again = await host.call(
    'transcribeFile',
    'check',
    { path: spool, model: (await modelInUse(app))! },
    await app.settings.load(),
  );
  assert.ok(again.ok, again.ok ? '' : again.error.message);
  assert.equal(again.value.text, final.text);
  // About what was said before the kill (the spool loses at most its last unsynced batch).
  assert.ok(again.value.duration_s > 0);
  console.log(`${again.value.duration_s.toFixed(1)} s of audio in the spool`);

  // The next dictation runs on the restarted host.
  const second = await host.call('ping');
  assert.ok(second.ok && second.value.pid !== first.value.pid);
  const nextId = await runtime.command('start');
  await until('listening again', () => runtime.state?.phase === 'listening');
  await playIntoMic(wavs[1]!);
  await sleep(300);
  await runtime.command('stop');
  await until('the next final text', () => finals().length === 2);
  assert.equal(finals()[1]!.sessionId, nextId);
  assert.notEqual(finals()[1]!.text.trim(), '');
  assert.equal(saved.length, 2);
  console.log(`next dictation: "${finals()[1]!.text}"`);
});
