import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultWindowOptions, planWindows } from './window-plan.ts';

const options = defaultWindowOptions();
const F = options.frameSamples;

/** Speech-like noise with a 200 ms pause every `pauseEvery` seconds (deterministic). */
function audio(seconds: number, pauseEvery: number): Float32Array {
  const x = new Float32Array(seconds * options.sampleRate);
  let s = 7;
  for (let i = 0; i < x.length; i++) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    const inPause = (i / options.sampleRate) % pauseEvery > pauseEvery - 0.2;
    x[i] = inPause ? 0 : s / 2 ** 31 - 0.5;
  }
  return x;
}

test('windows cover every output frame exactly once, away from window edges, frame- and pair-aligned', () => {
  for (const seconds of [3, 20, 21, 47, 180, 600]) {
    const x = audio(seconds, 7.3);
    const windows = [...planWindows(x.length, x, options)];
    const context = (options.contextSeconds * options.sampleRate) / F;
    let next = 0;
    windows.forEach((w, i) => {
      assert.equal(w.keepFrom, next, `${seconds}s window ${i} starts where the previous one stopped`);
      assert.equal(w.startSample % (F * options.alignFrames), 0);
      assert.equal(w.startFrame * F, w.startSample);
      assert.ok(w.endSample - w.startSample <= options.maxWindowSeconds * options.sampleRate);
      if (i > 0) assert.ok(w.keepFrom - w.startFrame >= context, 'left context kept');
      if (w.keepTo === null) {
        assert.equal(i, windows.length - 1);
        assert.equal(w.endSample, x.length);
      } else {
        assert.equal(w.keepTo % options.alignFrames, 0);
        assert.ok(w.keepTo > w.keepFrom);
        assert.ok(w.endSample / F - w.keepTo >= context, 'right context kept');
        next = w.keepTo;
      }
    });
    if (seconds <= options.maxWindowSeconds) assert.equal(windows.length, 1);
  }
});

test('cuts fall in pauses when the audio has them', () => {
  const x = audio(180, 7.3);
  const cuts = [...planWindows(x.length, x, options)].flatMap((w) => (w.keepTo === null ? [] : [w.keepTo]));
  assert.ok(cuts.length >= 9);
  for (const cut of cuts) {
    const around = x.subarray((cut - 1) * F, (cut + 1) * F);
    assert.ok(around.every((v) => v === 0), `cut at frame ${cut} is inside a pause`);
  }
});

test('an hour is planned lazily with a bounded number of windows', () => {
  const total = 3600 * options.sampleRate;
  let count = 0;
  for (const w of planWindows(total, null, options)) {
    count++;
    assert.ok(w.endSample <= total);
  }
  const kept = options.maxWindowSeconds - 2 * options.contextSeconds;
  assert.ok(count <= Math.ceil(3600 / kept) + 1, `${count} windows`);
});
