import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HostEventMessage } from '../common/host-contract.ts';
import { DEFAULT_TEXT_SETTINGS } from '../common/text-settings.ts';
import { loadAudioFile } from '../node/audio/load-audio.ts';
import { discardSpool } from '../node/audio/spool.ts';
import { writeWavFile } from '../node/audio/wav-file.ts';
import { openSessionCount } from '../node/onnx/ort.ts';
import { FIXTURES, convertedSewdFixture, readF32, speechLike } from '../node/testing/fixtures.ts';
import { playIntoMic, requireTools, requireVirtualMic, speak } from '../node/testing/media.ts';
import { createHostMethods } from './host-methods.ts';

test('a new vocabulary word or replacement is used at once and opens no new ONNX session', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'verba-host-methods-'));
  const host = createHostMethods(() => undefined);
  t.after(async () => {
    await host.release();
    await rm(dir, { recursive: true, force: true });
  });
  const audio = await readF32(join(FIXTURES, 'sewd-test-public', 'reference', 'case1_audio.f32'));
  const path = join(dir, 'talk.wav');
  await writeWavFile(path, { samples: audio, sampleRate: 16_000 }, 'float32');
  const model = await convertedSewdFixture();
  const before = openSessionCount();

  const first = await host.transcribeFile('job-1', { path, model }, DEFAULT_TEXT_SETTINGS);
  const opened = openSessionCount();
  assert.equal(opened, before + 2, 'the model and Silero VAD');
  assert.equal(first.text, 'Ppppppppppppppppppppppppu');

  // "Your words" changed: the same model answers with the new words, nothing is reloaded.
  const words = {
    ...DEFAULT_TEXT_SETTINGS,
    vocabulary: ['Kubernetes'],
    replacements: [{ find: 'PPPPPPPPPPPPPPPPPPPPPPPPU', replace: 'Kubernetes' }],
  };
  const second = await host.transcribeFile('job-2', { path, model }, words);
  assert.equal(second.text, 'Kubernetes');
  assert.equal(openSessionCount(), opened);
  const raw = await host.transcribeFile('job-3', { path, model, raw: true, digits: true }, words);
  assert.equal(raw.text, 'PPPPPPPPPPPPPPPPPPPPPPPPU');
  assert.equal(openSessionCount(), opened);
  await host.release();
  assert.equal(openSessionCount(), before);
});

test('dictation in the host: microphone → spool → live partials → final text, beside a running file job', async (t) => {
  if (!(await requireVirtualMic(t)) || !requireTools(t, 'espeak-ng')) return;
  const dir = await mkdtemp(join(tmpdir(), 'verba-host-dictation-'));
  const events: HostEventMessage[] = [];
  const host = createHostMethods((event, payload) => events.push({ event, payload } as HostEventMessage), {
    spoolDir: join(dir, 'spool'),
  });
  t.after(async () => {
    await host.release();
    await rm(dir, { recursive: true, force: true });
  });
  const model = await convertedSewdFixture();
  const long = join(dir, 'long.wav');
  await writeWavFile(long, { samples: speechLike(120, 4), sampleRate: 16_000 }, 'float32');
  const sentence = join(dir, 'sentence.wav');
  await speak('Verba writes what you say while you are still saying it.', sentence);

  // A long file job keeps the file recognizer busy the whole time.
  const job = host.transcribeFile('long-job', { path: long, model, raw: true }, null);
  const started = await host.startDictation({ sessionId: 'd1', model, keepAudio: true }, DEFAULT_TEXT_SETTINGS);
  assert.equal(started.sessionId, 'd1');
  assert.ok(started.microphone.length > 0);
  const jobWindows = () => events.filter((e) => e.event === 'progress' && e.payload.jobId === 'long-job').length;
  const windowsAtStart = jobWindows();
  await playIntoMic(sentence);
  // File windows wait while a dictation is open (at most the one in flight at the start finishes).
  assert.ok(jobWindows() - windowsAtStart <= 1, `${jobWindows() - windowsAtStart} file windows ran during dictation`);
  const released = performance.now();
  const result = await host.stopDictation('d1');
  const finalMs = performance.now() - released;
  // …and go on once it has ended.
  const windowsAtStop = jobWindows();
  while (jobWindows() === windowsAtStop) await new Promise((r) => setTimeout(r, 10));
  await host.cancel('long-job');
  await job.catch(() => undefined);

  const ofSession = (name: string) =>
    events.flatMap((e) => (e.event === name && 'sessionId' in e.payload && e.payload.sessionId === 'd1' ? [e] : []));
  const partials = ofSession('partial');
  const states = ofSession('dictationState').map((e) => (e.payload as { state: string }).state);
  console.log(
    `dictation beside a file job: ${partials.length} partials, ${ofSession('level').length} levels, ` +
      `release → final ${finalMs.toFixed(0)} ms, ${result.transcript.duration_s} s heard`,
  );
  assert.deepEqual(states, ['listening', 'finishing', 'done']);
  assert.ok(partials.length >= 5, `${partials.length} partials`);
  assert.ok(ofSession('level').length >= 20);
  const played = (await loadAudioFile(sentence)).samples.length / 16_000;
  assert.ok(result.transcript.duration_s >= played, `heard ${result.transcript.duration_s} s of ${played} s`);
  assert.equal(result.text, result.transcript.text);
  // keepAudio: the spool is closed and handed over as a playable WAV of everything heard.
  assert.ok(result.audioPath !== null);
  assert.equal((await loadAudioFile(result.audioPath!)).samples.length / 16_000, result.transcript.duration_s);

  // A cancelled dictation leaves no audio behind; the session is gone either way.
  await host.startDictation({ sessionId: 'd2', model }, null);
  assert.equal(await host.cancelDictation('d2'), true);
  assert.equal(await host.cancelDictation('d2'), false);
  await assert.rejects(host.stopDictation('d1'), /That dictation is not running\./);
  await discardSpool(result.audioPath!);
  assert.deepEqual(await readdir(join(dir, 'spool')), []);
});

test('another processor choice unloads the previous live model, but never one a dictation still uses', async (t) => {
  if (!(await requireVirtualMic(t))) return;
  const dir = await mkdtemp(join(tmpdir(), 'verba-host-engine-'));
  const previousCache = process.env.VERBA_CACHE_DIR;
  process.env.VERBA_CACHE_DIR = join(dir, 'cache'); // the int8 variant is converted here
  const host = createHostMethods(() => undefined, { spoolDir: join(dir, 'spool') });
  t.after(async () => {
    await host.release();
    if (previousCache === undefined) delete process.env.VERBA_CACHE_DIR;
    else process.env.VERBA_CACHE_DIR = previousCache;
    await rm(dir, { recursive: true, force: true });
  });
  const model = join(FIXTURES, 'sewd-test-public'); // a checkpoint: every variant can be made from it
  const exact = { device: 'cpu', variant: 'fp32' } as const;
  const fast = { device: 'cpu', variant: 'int8' } as const;
  const before = openSessionCount();
  await host.startDictation({ sessionId: 'e1', model, engine: exact }, null);
  await host.cancelDictation('e1');
  assert.equal(openSessionCount(), before + 1, 'the fp32 live model');
  await host.startDictation({ sessionId: 'e2', model, engine: fast }, null);
  assert.equal(openSessionCount(), before + 1, 'int8 replaced fp32');
  // Back to fp32 while e2 is still listening: its int8 model stays until it has ended.
  await host.startDictation({ sessionId: 'e3', model, engine: exact }, null);
  assert.equal(openSessionCount(), before + 2);
  await host.cancelDictation('e2');
  await host.cancelDictation('e3');
  await host.startDictation({ sessionId: 'e4', model, engine: exact }, null);
  assert.equal(openSessionCount(), before + 1, 'the int8 model went once nothing used it');
  await host.cancelDictation('e4');
  await host.release();
  assert.equal(openSessionCount(), before);
});
