import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type SegmentEvent, SpeechSegmenter, padSegments } from './speech-segments.ts';

// Windows of 512 samples; 300 ms hangover = 4800 samples; 250 ms minimum = 4000 samples; 100 ms pad = 1600.
const params = {
  windowSamples: 512,
  threshold: 0.5,
  negativeThresholdOffset: 0.15,
  minSilenceMs: 300,
  minSpeechMs: 250,
  speechPadMs: 100,
};

function feed(probs: number[]): { events: [number, SegmentEvent][]; seg: SpeechSegmenter } {
  const seg = new SpeechSegmenter(params);
  const events: [number, SegmentEvent][] = [];
  probs.forEach((p, i) => seg.push(p).forEach((e) => events.push([i, e])));
  return { events, seg };
}
const repeat = (p: number, n: number) => Array<number>(n).fill(p);

test('speech ends only after the hangover, at the first silent window', () => {
  const { events, seg } = feed([...repeat(0.9, 10), ...repeat(0.1, 20)]);
  // Silence starts at window 10 (sample 5120); it has lasted ≥ 4800 samples at window 20 (10240 - 5120 ≥ 4800, window 19 gives 4608).
  assert.deepEqual(events, [
    [0, { type: 'start', sample: 0 }],
    [20, { type: 'end', segment: { start: 0, end: 5120 } }],
  ]);
  assert.equal(seg.inSpeech, false);
  assert.deepEqual(seg.finish(), [{ start: 0, end: 5120 }]);
});

test('a dip shorter than the hangover and values between the two thresholds keep one segment', () => {
  const { events, seg } = feed([
    ...repeat(0.9, 10),
    ...repeat(0.1, 5),
    ...repeat(0.4, 30),
    ...repeat(0.9, 10),
    ...repeat(0.0, 30),
  ]);
  assert.deepEqual(
    events.map(([, e]) => e.type),
    ['start', 'end'],
  );
  assert.deepEqual(seg.finish(), [{ start: 0, end: 55 * 512 }]);
});

test('values between the thresholds never start speech; bursts under 250 ms are dropped', () => {
  assert.deepEqual(feed(repeat(0.45, 50)).seg.finish(), []);
  const { events, seg } = feed([...repeat(0.0, 5), ...repeat(0.9, 7), ...repeat(0.0, 20)]);
  // 7 windows = 3584 samples < 4000: a start is announced, but no segment survives.
  assert.deepEqual(events, [[5, { type: 'start', sample: 2560 }]]);
  assert.deepEqual(seg.finish(), []);
});

test('finish closes speech still open at the end of the audio', () => {
  const { seg } = feed([...repeat(0.0, 4), ...repeat(0.9, 20)]);
  assert.deepEqual(seg.finish(20_000), [{ start: 2048, end: 20_000 }]);
});

test('padding widens segments and splits gaps narrower than two pads', () => {
  const padded = padSegments(
    [
      { start: 1000, end: 16000 },
      { start: 17000, end: 30000 },
      { start: 40000, end: 63000 },
    ],
    64000,
    params,
  );
  assert.deepEqual(padded, [
    { start: 0, end: 16500 },
    { start: 16500, end: 31600 },
    { start: 38400, end: 64000 },
  ]);
  assert.deepEqual(padSegments([], 100, params), []);
});
