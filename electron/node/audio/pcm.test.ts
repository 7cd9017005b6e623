import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Float32Accumulator, concatFloat32, interleavedToMono, levels, mixToMono } from './pcm.ts';

test('mono mix is the channel average, interleaved or planar', () => {
  assert.deepEqual(mixToMono([Float32Array.of(1, 0.5), Float32Array.of(0, -0.5)]), Float32Array.of(0.5, 0));
  assert.deepEqual(interleavedToMono(Float32Array.of(1, 0, 0.5, -0.5, 0.25), 2), Float32Array.of(0.5, 0));
  const mono = Float32Array.of(0.1, 0.2);
  assert.equal(mixToMono([mono]), mono);
  assert.deepEqual(mixToMono([]), new Float32Array(0));
});

test('levels: RMS and peak of full-scale signals', () => {
  const square = Float32Array.from({ length: 100 }, (_, i) => (i % 2 ? 0.5 : -0.5));
  assert.deepEqual(levels(square), { rms: 0.5, peak: 0.5 });
  const sine = Float32Array.from({ length: 16000 }, (_, i) => Math.sin((2 * Math.PI * 100 * i) / 16000));
  assert.ok(Math.abs(levels(sine).rms - Math.SQRT1_2) < 1e-4);
  assert.deepEqual(levels(new Float32Array(0)), { rms: 0, peak: 0 });
});

test('accumulator and concat keep order across growth', () => {
  const acc = new Float32Accumulator();
  const parts = Array.from({ length: 50 }, (_, k) => Float32Array.from({ length: 3001 }, (_, i) => k * 10_000 + i));
  for (const p of parts) acc.push(p);
  assert.equal(acc.length, 50 * 3001);
  assert.deepEqual(acc.toArray(), concatFloat32(parts));
});
