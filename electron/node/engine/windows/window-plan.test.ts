import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  cutCandidates,
  defaultWindowOptions,
  planNext,
  planWindows,
  samplesNeeded,
  windowStartFrame,
} from './window-plan.ts';

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
        // …and no more: frames after it come from the next window, so the model does not read their audio.
        assert.ok(w.endSample / F - w.keepTo < context + options.alignFrames, 'no audio read past the context');
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
    assert.ok(
      around.every((v) => v === 0),
      `cut at frame ${cut} is inside a pause`,
    );
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

test('one function owns the window start: planning, the VAD region and stream trimming agree to the frame, fractional context included', () => {
  // 2.005 s = 100.25 frames (rounds to 100, Math.ceil gave 101); 1.99 s = 99.5 frames (rounds up to 100).
  for (const overrides of [
    {},
    { contextSeconds: 2.005 },
    { contextSeconds: 1.99, alignFrames: 4 },
    { contextSeconds: 0.5, alignFrames: 1, maxWindowSeconds: 6, cutSearchSeconds: 2 },
  ]) {
    const o = defaultWindowOptions(overrides);
    const context = Math.round((o.contextSeconds * o.sampleRate) / o.frameSamples);
    const total = 120 * o.sampleRate;
    for (let keepFrom = 0; keepFrom < 2000; keepFrom++) {
      const start = windowStartFrame(keepFrom, o);
      assert.equal(start % o.alignFrames, 0);
      // As late as alignment allows while keeping `context` frames before keepFrom (or the input's start).
      assert.ok(
        start <= Math.max(0, keepFrom - context) && start > keepFrom - context - o.alignFrames,
        `${JSON.stringify(overrides)} keepFrom ${keepFrom}: start ${start}`,
      );
      assert.equal(planNext(keepFrom, total, null, o).startFrame, start);
      assert.equal(planNext(keepFrom, (start + 10) * o.frameSamples, null, o).startFrame, start, 'last window');
      assert.equal(cutCandidates(keepFrom, total, o)?.startFrame, start);
      assert.ok(samplesNeeded(keepFrom, o) > start * o.frameSamples);
    }
  }
});
