import { AUDIO_DEFAULTS } from '../../common/defaults.ts';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { concatFloat32 } from './pcm.ts';
import { loadAudioFile } from './load-audio.ts';
import { type Level, Microphone } from './microphone.ts';
import { naudiodonBackend } from './naudiodon-backend.ts';
import { alignedCorrelation, playIntoMic, requireTools, requireVirtualMic, rms, speak } from '../testing/media.ts';

const firstFrame = (mic: Microphone) => new Promise<void>((resolve) => mic.once('frame', () => resolve()));
const lost = (mic: Microphone) => new Promise<string>((resolve) => mic.once('lost', resolve));

describe('Microphone through the virtual microphone (PulseAudio null sink → PortAudio)', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'verba-mic-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('lists input devices with a default', async (t) => {
    if (!(await requireVirtualMic(t))) return;
    const devices = await naudiodonBackend().listInputDevices();
    assert.ok(devices.length > 0);
    assert.equal(devices.filter((d) => d.isDefault).length, 1);
    for (const d of devices) {
      assert.ok(d.name.length > 0 && d.channels > 0 && d.defaultSampleRate >= 8000, JSON.stringify(d));
    }
  });

  test('captures what is played: 16 kHz mono frames matching the file, levels, pre-roll', async (t) => {
    if (!(await requireVirtualMic(t)) || !requireTools(t, 'espeak-ng')) return;
    const wav = join(dir, 'sentence.wav');
    await speak('Testing the microphone with a sentence of reasonable length.', wav);
    const reference = (await loadAudioFile(wav)).samples;

    const mic = await Microphone.open();
    const frames: Float32Array[] = [];
    const levels: Level[] = [];
    mic.on('frame', (f) => frames.push(f));
    mic.on('level', (l) => levels.push(l));
    // PulseAudio's idle null sink starts clocking only when a client attaches: play once audio flows.
    await firstFrame(mic);
    const before = frames.length;
    await playIntoMic(wav);
    await new Promise((r) => setTimeout(r, 400));
    const preRoll = mic.preRoll();
    const delivered = concatFloat32(frames);
    await mic.stop();
    const captured = concatFloat32(frames);

    assert.equal(mic.stopped, true);
    // The capture says how much it records after stop() (what a dictation's stop is sent ahead by), and
    // that is about what came: the audio piped while the worker flushes, not a queue's worth more.
    assert.equal(mic.audioAfterStopMs, AUDIO_DEFAULTS.captureFlushMs);
    const afterStopMs = ((captured.length - delivered.length) / 16) | 0;
    assert.ok(afterStopMs <= mic.audioAfterStopMs + 100, `${afterStopMs} ms of audio came after stop()`);
    for (const f of frames.slice(0, -1)) assert.equal(f.length, 320);
    // Every sample is audio, up to the very last one (the end once held the native library's printf text).
    const outOfRange = captured.findIndex((x) => !(Math.abs(x) <= 1));
    assert.equal(outOfRange, -1, `sample ${outOfRange} of ${captured.length} is ${captured[outOfRange]}`);
    assert.ok(
      captured.length - before * 320 >= reference.length,
      `captured ${captured.length / 16000} s, played ${reference.length / 16000} s`,
    );
    const { correlation, lag } = alignedCorrelation(captured, reference);
    assert.ok(correlation >= 0.8, `normalised cross-correlation ${correlation.toFixed(3)} < 0.8`);
    const aligned = captured.subarray(lag, lag + reference.length);
    const levelRatio = rms(aligned) / rms(reference);
    assert.ok(levelRatio > 0.7 && levelRatio < 1.4, `captured/played RMS ratio ${levelRatio.toFixed(3)}`);
    t.diagnostic(
      `correlation ${correlation.toFixed(4)}, lag ${(lag / 16).toFixed(1)} ms, RMS ratio ${levelRatio.toFixed(3)}`,
    );

    // One level per 50 ms of audio; loud while the sentence plays, silent before it.
    const seconds = captured.length / 16000;
    assert.ok(Math.abs(levels.length - seconds * 20) <= 2, `${levels.length} levels for ${seconds} s`);
    const speechStart = lag / 16000;
    const during = levels.filter(
      (l) => l.time > speechStart + 0.2 && l.time < speechStart + reference.length / 16000 - 0.2,
    );
    assert.ok(Math.max(...during.map((l) => l.peak)) > 0.2);
    const silentBefore = levels.filter((l) => l.time < speechStart - 0.1);
    for (const l of silentBefore) assert.ok(l.rms < 0.01, `rms ${l.rms} before speech`);

    // Pre-roll is exactly the last 300 ms that were delivered.
    assert.equal(preRoll.length, 4800);
    assert.deepEqual(preRoll, delivered.subarray(delivered.length - 4800));
  });

  test('a capture process that dies or hangs is reported as a lost device and stops cleanly', async (t) => {
    if (!(await requireVirtualMic(t))) return;
    for (const signal of ['SIGKILL', 'SIGSTOP'] as const) {
      const mic = await Microphone.open();
      await firstFrame(mic);
      const pid = mic.captureProcessId;
      assert.ok(pid !== undefined);
      const gone = lost(mic);
      process.kill(pid, signal);
      const reason = await gone;
      assert.match(reason, signal === 'SIGKILL' ? /stopped \(signal SIGKILL\)/ : /no audio arrived/);
      assert.equal(mic.stopped, true);
      await mic.stop(); // idempotent after a loss
      // The hung worker was killed, not left behind.
      await new Promise((r) => setTimeout(r, 100));
      assert.throws(() => process.kill(pid, 0));
    }
  });
});

test('when naudiodon cannot load, the error says exactly why', async () => {
  // A copy of the worker where `naudiodon` does not resolve: a real failed load, as on an unsupported platform.
  const { copyFile, mkdtemp: mk, rm: remove } = await import('node:fs/promises');
  const { fileURLToPath } = await import('node:url');
  const { VerbaError } = await import('../../common/result.ts');
  const dir = await mk(join(tmpdir(), 'verba-no-naudiodon-'));
  try {
    const worker = join(dir, 'naudiodon-worker.ts');
    await copyFile(fileURLToPath(new URL('./naudiodon-worker.ts', import.meta.url)), worker);
    // The worker's own import comes along; only `naudiodon` is left to fail.
    await copyFile(
      fileURLToPath(new URL('./native-load-error.ts', import.meta.url)),
      join(dir, 'native-load-error.ts'),
    );
    const backend = naudiodonBackend({ workerPath: worker });
    const check = (e: unknown) =>
      e instanceof VerbaError &&
      e.code === 'CaptureUnavailable' &&
      /naudiodon audio module could not be loaded on \w+-\w+ \(Node ABI \d+\): Cannot find module 'naudiodon'/.test(
        e.message,
      );
    await assert.rejects(backend.listInputDevices(), check);
    await assert.rejects(Microphone.open({ backend }), check);
  } finally {
    await remove(dir, { recursive: true, force: true });
  }
});
