/**
 * A capture backend that plays a recording at real-time pace in 20 ms buffers, then silence, as a
 * microphone delivers audio: benches run the real session on recorded speech without a sound card.
 *
 *   const mic = await Microphone.open({ backend: pacedCapture(samples16k) });
 */
import { SAMPLE_RATE } from '../../common/defaults.ts';
import type { CaptureBackend } from '../audio/capture-backend.ts';

export function pacedCapture(samples: Float32Array): CaptureBackend {
  const device = {
    id: 0,
    name: 'recorded speech',
    channels: 1,
    defaultSampleRate: SAMPLE_RATE,
    hostApi: 'bench',
    isDefault: true,
  };
  return {
    name: 'paced',
    listInputDevices: async () => [device],
    async open(request, events) {
      const start = performance.now();
      let sent = 0;
      const block = Math.round((request.bufferMs / 1000) * SAMPLE_RATE);
      // Delivery follows the wall clock, so a late timer sends the buffers it owes at once, as a driver would.
      const timer = setInterval(() => {
        const due = Math.floor(((performance.now() - start) / 1000) * SAMPLE_RATE);
        while (sent + block <= due) {
          const chunk = new Float32Array(block);
          if (sent < samples.length) chunk.set(samples.subarray(sent, Math.min(samples.length, sent + block)));
          events.onData(chunk);
          sent += block;
        }
      }, request.bufferMs);
      return {
        device,
        sampleRate: SAMPLE_RATE,
        channels: 1,
        stop: async () => clearInterval(timer),
      };
    },
  };
}
