/**
 * Microphone's own end-of-stream logic: nothing the device delivered may be lost at stop() or at a
 * device loss. A small in-test CaptureBackend stands in for the device so that the exact moment audio
 * arrives (while the backend is stopping) is under the test's control; the resampler is the real one.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CaptureBackend, RawCaptureEvents } from './capture-backend.ts';
import { Microphone } from './microphone.ts';
import { concatFloat32 } from './pcm.ts';

const tone = (n: number, rate: number, from = 0) =>
  Float32Array.from({ length: n }, (_, i) => 0.5 * Math.sin((2 * Math.PI * 440 * (from + i)) / rate));

/**
 * A device at `rate` whose stop() hands over `lastChunk` before it resolves, as the PortAudio worker
 * does with the buffers still in its pipe when it is told to stop.
 */
function deviceFlushingAtStop(
  rate: number,
  lastChunk: Float32Array,
): { backend: CaptureBackend; events: () => RawCaptureEvents } {
  let events: RawCaptureEvents | null = null;
  const backend: CaptureBackend = {
    name: 'in-test',
    listInputDevices: () => Promise.resolve([]),
    open(_request, e) {
      events = e;
      return Promise.resolve({
        device: { id: 0, name: 'in-test', channels: 1, defaultSampleRate: rate, hostApi: 'none', isDefault: true },
        sampleRate: rate,
        channels: 1,
        stop: () =>
          new Promise<void>((resolve) =>
            setImmediate(() => {
              e.onData(lastChunk);
              resolve();
            }),
          ),
      });
    },
  };
  return { backend, events: () => events! };
}

async function openCollecting(backend: CaptureBackend) {
  const mic = await Microphone.open({ backend });
  const frames: Float32Array[] = [];
  mic.on('frame', (f) => frames.push(f));
  // Let the held-back early audio (none here) replay, as a real caller's first tick would.
  await new Promise((r) => setImmediate(r));
  return { mic, frames };
}

test('audio the device delivers while stopping is kept, sample for sample (the end of the utterance)', async () => {
  const body = tone(16_000, 16_000);
  const tail = tone(3_200, 16_000, 16_000);
  const { backend, events } = deviceFlushingAtStop(16_000, tail);
  const { mic, frames } = await openCollecting(backend);
  events().onData(body);
  await mic.stop();
  assert.equal(mic.stopped, true);
  assert.deepEqual(concatFloat32(frames), concatFloat32([body, tail]));
  assert.equal(mic.duration, (body.length + tail.length) / 16_000);
});

test('at 48 kHz, stop() delivers the resampled audio of every input sample, the in-flight tail included', async () => {
  const body = tone(48_000, 48_000);
  const tail = tone(9_601, 48_000, 48_000);
  const { backend, events } = deviceFlushingAtStop(48_000, tail);
  const { mic, frames } = await openCollecting(backend);
  events().onData(body);
  await mic.stop();
  const out = concatFloat32(frames);
  assert.equal(out.length, Math.round(((body.length + tail.length) * 16_000) / 48_000));
  // The last 200 ms are the tone, not silence: the tail is audio, not flush padding.
  const last = out.subarray(out.length - 3_200, out.length - 100);
  assert.ok(Math.max(...last.map(Math.abs)) > 0.4, 'the end of the recording is missing');
});

test('a lost device still delivers the resampler tail and the partial frame before "lost"', async () => {
  const body = tone(47_000, 48_000);
  const { backend, events } = deviceFlushingAtStop(48_000, new Float32Array(0));
  const { mic, frames } = await openCollecting(backend);
  let deliveredAtLoss = -1;
  mic.on('lost', () => (deliveredAtLoss = concatFloat32(frames).length));
  events().onData(body);
  events().onLost('unplugged');
  assert.equal(mic.stopped, true);
  assert.equal(deliveredAtLoss, Math.round((body.length * 16_000) / 48_000));
  await mic.stop(); // idempotent after a loss
  assert.equal(concatFloat32(frames).length, deliveredAtLoss);
});

test('concurrent stop() calls share one stop and deliver the tail once', async () => {
  const tail = tone(1_000, 16_000);
  const { backend } = deviceFlushingAtStop(16_000, tail);
  const { mic, frames } = await openCollecting(backend);
  await Promise.all([mic.stop(), mic.stop()]);
  assert.deepEqual(concatFloat32(frames), tail);
});
