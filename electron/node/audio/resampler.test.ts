import assert from 'node:assert/strict';
import { test } from 'node:test';
import { concatFloat32 } from './pcm.ts';
import { createResampler, resample } from './resampler.ts';

const sine = (hz: number, rate: number, seconds: number, amp = 0.5) =>
  Float32Array.from({ length: Math.round(rate * seconds) }, (_, i) => amp * Math.sin((2 * Math.PI * hz * i) / rate));

function rmsOf(x: Float32Array) {
  let s = 0;
  for (const v of x) s += v * v;
  return Math.sqrt(s / x.length);
}

/** Resamples in uneven chunks, the way decoders and PortAudio deliver audio. */
async function chunked(input: Float32Array, inRate: number, outRate: number): Promise<Float32Array> {
  const rs = await createResampler(inRate, outRate);
  const parts: Float32Array[] = [];
  const sizes = [1, 441, 37, 4096, 1000, 3];
  for (let at = 0, k = 0; at < input.length; k++) {
    const n = sizes[k % sizes.length]!;
    parts.push(rs.push(input.subarray(at, at + n)));
    at += n;
  }
  parts.push(rs.flush());
  rs.destroy();
  return concatFloat32(parts);
}

test('44.1, 48 and 8 kHz sines become the same sine at 16 kHz, with exactly the right length', async () => {
  for (const inRate of [44_100, 48_000, 8_000, 22_050]) {
    const seconds = 1.37;
    const out = await chunked(sine(440, inRate, seconds), inRate, 16_000);
    assert.equal(out.length, Math.round(inRate * seconds * (16_000 / inRate)));
    const want = sine(440, 16_000, seconds);
    // Skip the filter's edges; in between the error must be tiny compared with the 0.5 amplitude.
    let worst = 0;
    for (let i = 200; i < out.length - 200; i++) worst = Math.max(worst, Math.abs(out[i]! - want[i]!));
    assert.ok(worst < 5e-3, `${inRate} Hz: worst error ${worst}`);
  }
});

test('content above the new Nyquist frequency is filtered out, not aliased', async () => {
  const out = await resample(sine(11_000, 48_000, 1), 48_000, 16_000);
  // An 11 kHz tone would alias to 5 kHz at 16 kHz; it must be attenuated by more than 40 dB.
  assert.ok(rmsOf(out.subarray(500, -500)) < (0.5 / Math.SQRT2) * 0.01);
});

test('equal rates pass through; silly rates are refused', async () => {
  const x = sine(100, 16_000, 0.1);
  assert.equal(await resample(x, 16_000, 16_000), x);
  await assert.rejects(createResampler(0, 16_000), RangeError);
  await assert.rejects(createResampler(Number.NaN, 16_000), RangeError);
});
