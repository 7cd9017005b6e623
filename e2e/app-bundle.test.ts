/**
 * The Electron build (electron-vite) produces processes that run: the bundled inference host answers
 * over the message protocol and the bundled capture worker lists microphones. (The Electron binary
 * itself cannot be downloaded here; main and the preload are covered by typecheck and lint.)
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { writeWavFile } from '../electron/node/audio/wav-file.ts';
import { forkInferenceHost } from '../electron/utility/fork-host.ts';
import { naudiodonBackend } from '../electron/node/audio/naudiodon-backend.ts';
import { requireVirtualMic } from '../electron/node/testing/media.ts';

before(() => {
  execFileSync(
    process.execPath,
    ['node_modules/electron-vite/bin/electron-vite.js', 'build', '--config', 'build/electron.vite.config.ts'],
    { stdio: 'ignore' },
  );
});

test('electron-vite emits main, preload (one CommonJS file), renderer, inference host and capture worker', () => {
  for (const file of [
    'out/main/index.js',
    'out/preload/index.cjs',
    'out/renderer/index.html',
    'out/main/inference-host.js',
    'out/main/naudiodon-worker.js',
  ]) {
    assert.ok(existsSync(file), `${file} is missing`);
  }
});

test('only the inference host loads onnxruntime: Electron main never blocks on it', () => {
  const main = readFileSync('out/main/index.js', 'utf8');
  const imported = [...main.matchAll(/from "(\.\/chunks\/[^"]+)"/g)].map((m) =>
    readFileSync(join('out/main', m[1]!), 'utf8'),
  );
  for (const code of [main, ...imported]) assert.doesNotMatch(code, /onnxruntime-node/);
  assert.match(readFileSync('out/main/inference-host.js', 'utf8'), /onnxruntime-node/);
});

test('the bundled inference host finds its models, converts a checkpoint and transcribes a recording', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'verba-bundle-'));
  const progress: unknown[] = [];
  const host = forkInferenceHost({
    onEvent: (e) => e.event === 'progress' && progress.push(e.payload),
    hostPath: resolve('out/main/inference-host.js'),
    env: {
      VERBA_CACHE_DIR: join(dir, 'cache'),
      VERBA_SPOOL_DIR: join(dir, 'spool'),
      VERBA_CAPTURE_WORKER: resolve('out/main/naudiodon-worker.js'),
    },
  });
  t.after(async () => {
    host.stop();
    await rm(dir, { recursive: true, force: true });
  });
  const ping = await host.call('ping');
  assert.ok(ping.ok && ping.value.backends.includes('cpu'));
  assert.equal(ping.value.vadModel, true, 'the bundled host cannot find the Silero VAD model');

  const fixture = resolve('models/fixtures/sewd-test-public');
  const audio = new Float32Array((await readFile(join(fixture, 'reference/case1_audio.f32'))).buffer.slice(0));
  await writeWavFile(join(dir, 'talk.wav'), { samples: audio, sampleRate: 16_000 }, 'float32');
  // A checkpoint folder: the bundled host converts it (reads the ONNX schema) into its cache first.
  const result = await host.call(
    'transcribeFile',
    'bundle-1',
    { path: join(dir, 'talk.wav'), model: fixture, raw: true },
    null,
  );
  assert.ok(result.ok, result.ok ? '' : result.error.message);
  const manifest = JSON.parse(await readFile(join(fixture, 'reference/manifest.json'), 'utf8')) as {
    cases: { greedy_text: string }[];
  };
  assert.equal(result.value.text, manifest.cases[1]!.greedy_text);
  assert.ok(progress.length > 0, 'no progress events');

  // Dictation runs in the bundled host with the bundled capture worker (as main starts it): a missing
  // microphone is one sentence, and no spool is left behind.
  const dictation = await host.call('startDictation', { sessionId: 'bundle-d', deviceId: 999, model: fixture }, null);
  assert.ok(!dictation.ok);
  assert.equal(dictation.error.message, 'The microphone cannot be used: there is no microphone with id 999.');
  assert.deepEqual(await readdir(join(dir, 'spool')), []);
});

test('the bundled capture worker lists the virtual microphone', async (t) => {
  if (!(await requireVirtualMic(t))) return;
  const names = (
    await naudiodonBackend({ workerPath: resolve('out/main/naudiodon-worker.js') }).listInputDevices()
  ).map((d) => d.name);
  assert.ok(names.includes('pulse') || names.includes('default'), names.join(', '));
});
