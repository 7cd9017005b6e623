import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { argmaxIds, greedyDecode } from '../ctc/greedy.ts';
import type { DecodedWord, Logits } from '../ctc/types.ts';
import { StreamingGreedyDecoder } from '../ctc/streaming-greedy.ts';
import { normalize } from './normalize.ts';
import { Recognizer } from './recognizer.ts';
import { type LogitsChunk, windowedLogits } from './windows/windowed-logits.ts';
import { FIXTURES, convertedSewdFixture, readF32, speechLike } from '../testing/fixtures.ts';

const REFERENCE = join(FIXTURES, 'sewd-test-public', 'reference');
const maxAbsDiff = (a: Float32Array, b: Float32Array) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);

test('normalisation and a single-pass run reproduce the reference feature extractor and logits', async () => {
  const recognizer = await Recognizer.open(await convertedSewdFixture(), { threads: 2 });
  try {
    for (const c of [0, 1, 2]) {
      const audio = await readF32(join(REFERENCE, `case${c}_audio.f32`));
      assert.ok(
        maxAbsDiff(normalize(audio), await readF32(join(REFERENCE, `case${c}_input_values.f32`))) <= 1e-6,
        `case ${c} input values`,
      );
      const expected = await readF32(join(REFERENCE, `case${c}_logits.f32`));
      const logits = await recognizer.logits({ samples: audio, sampleRate: 16_000 });
      assert.equal(logits.frames * logits.vocabSize, expected.length);
      assert.ok(maxAbsDiff(logits.data, expected) <= 1e-4, `case ${c} logits`);
    }
  } finally {
    await recognizer.release();
  }
});

/** Mean |a[t] - b[t + shift]| over frames [from, to). */
function meanDiff(a: Logits, b: Logits, from: number, to: number, shift: number): number {
  const V = a.vocabSize;
  let sum = 0;
  let n = 0;
  for (let t = Math.max(from, -shift, 0); t < Math.min(to, a.frames, b.frames - shift); t++) {
    for (let v = 0; v < V; v++) sum += Math.abs(a.data[t * V + v]! - b.data[(t + shift) * V + v]!);
    n += V;
  }
  return sum / n;
}

test('3 minutes in windows: no frame lost or doubled at seams, logits close to one unwindowed run', async () => {
  const recognizer = await Recognizer.open(await convertedSewdFixture(), { threads: 2 });
  try {
    const audio = speechLike(180);
    const whole = await recognizer.logits({ samples: audio, sampleRate: 16_000 });
    const V = whole.vocabSize;
    const chunks: { firstFrame: number; logits: Logits }[] = [];
    for await (const chunk of windowedLogits(recognizer, audio))
      chunks.push({ firstFrame: chunk.firstFrame, logits: { ...chunk.logits, data: chunk.logits.data.slice() } });
    assert.ok(chunks.length >= 9, `${chunks.length} windows`);

    // Frame bookkeeping: chunks are contiguous and add up to exactly the unwindowed frame count.
    let next = 0;
    for (const c of chunks) {
      assert.equal(c.firstFrame, next);
      next += c.logits.frames;
    }
    assert.equal(next, whole.frames);
    const stitched: Logits = { data: new Float32Array(whole.frames * V), frames: whole.frames, vocabSize: V };
    for (const c of chunks) stitched.data.set(c.logits.data, c.firstFrame * V);

    // Alignment at every seam: the stitched frames match the unwindowed run at shift 0 far better than at
    // ±1..3 frames (measured: 4-7x better than ±2, which the squeeze's frame pairs make similar; ~60x than ±1).
    const seams = chunks.slice(1).map((c) => c.firstFrame);
    for (const seam of seams) {
      const at = (shift: number) => meanDiff(stitched, whole, seam - 100, seam + 100, shift);
      for (const shift of [-3, -2, -1, 1, 2, 3])
        assert.ok(at(0) * 2 < at(shift), `seam ${seam}: shift 0 (${at(0)}) vs ${shift} (${at(shift)})`);
    }

    // Difference by distance from the nearest seam (printed for the README; see the engine notes).
    const rows = new Map<string, number[]>();
    const band = (s: number) => (s < 0.5 ? '0-0.5 s' : s < 1 ? '0.5-1 s' : s < 2 ? '1-2 s' : s < 4 ? '2-4 s' : '>=4 s');
    for (let t = 0; t < whole.frames; t++) {
      const distance = Math.min(...seams.map((s) => Math.abs(t - s))) * 0.02;
      let m = 0;
      for (let v = 0; v < V; v++) m = Math.max(m, Math.abs(whole.data[t * V + v]! - stitched.data[t * V + v]!));
      (rows.get(band(distance)) ?? rows.set(band(distance), []).get(band(distance))!).push(m);
    }
    const a = argmaxIds(whole);
    const b = argmaxIds(stitched);
    const agree = a.filter((id, t) => id === b[t]).length / a.length;
    const rms = Math.sqrt(whole.data.reduce((s, v) => s + v * v, 0) / whole.data.length);
    const table = [...rows].map(([k, v]) => {
      v.sort((x, y) => x - y);
      return `${k.padEnd(8)} frames ${String(v.length).padStart(5)}  median ${v[v.length >> 1]!.toFixed(4)}  p99 ${v[Math.floor(v.length * 0.99)]!.toFixed(4)}  max ${v[v.length - 1]!.toFixed(4)}`;
    });
    console.log(
      `windowed vs unwindowed, 180 s, ${chunks.length} windows, logit rms ${rms.toFixed(3)}, argmax agreement ${(agree * 100).toFixed(2)}%\n  max |Δlogit| per frame by distance from a seam:\n  ${table.join('\n  ')}`,
    );
    assert.ok(agree >= 0.98, `argmax agreement ${agree}`);

    // Audio arriving in irregular pieces gives the very same windows and logits (bounded-memory path).
    let seed = 5;
    async function* pieces() {
      for (let at = 0; at < audio.length;) {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        const n = 1 + (seed % 40_000);
        yield audio.slice(at, at + n);
        at += n;
      }
    }
    let i = 0;
    for await (const c of windowedLogits(recognizer, pieces())) {
      const expected = chunks[i++]!;
      assert.equal(c.firstFrame, expected.firstFrame);
      assert.equal(c.logits.frames, expected.logits.frames);
      assert.ok(maxAbsDiff(c.logits.data, expected.logits.data) <= 1e-6, `streamed window ${i}`);
    }
    assert.equal(i, chunks.length);

    // Words: streaming decode of the chunks as they come equals decoding the stitched logits at once,
    // and the word times equal the unwindowed run's wherever the two agree on the tokens.
    const streamed: DecodedWord[] = [];
    const decoder = new StreamingGreedyDecoder(recognizer.vocabulary, (w) => streamed.push(w));
    for (const c of chunks) decoder.push(c.logits);
    decoder.finish();
    assert.deepEqual(streamed, greedyDecode(stitched, recognizer.vocabulary).words);
    const unwindowedWords = greedyDecode(whole, recognizer.vocabulary).words;
    assert.equal(streamed.length, unwindowedWords.length);
    streamed.forEach((w, i) => {
      assert.equal(w.start, unwindowedWords[i]!.start);
      assert.equal(w.end, unwindowedWords[i]!.end);
    });
  } finally {
    await recognizer.release();
  }
});

test('streamed windows with fractional-frame context and other alignments are the very windows of the whole buffer', async () => {
  const recognizer = await Recognizer.open(await convertedSewdFixture(), { threads: 2 });
  try {
    const audio = speechLike(40, 9);
    // 100.25 / 99.5 context frames: the stream's buffer trimming must use the planner's window start, not its own rounding.
    for (const overrides of [
      { maxWindowSeconds: 10, contextSeconds: 2.005, cutSearchSeconds: 3 },
      { maxWindowSeconds: 9, contextSeconds: 1.99, cutSearchSeconds: 2, alignFrames: 4 },
    ]) {
      const whole: LogitsChunk[] = [];
      for await (const c of windowedLogits(recognizer, audio, { window: overrides })) whole.push(c);
      let i = 0;
      async function* pieces() {
        for (let at = 0; at < audio.length; at += 7_777) yield audio.slice(at, at + 7_777);
      }
      for await (const c of windowedLogits(recognizer, pieces(), { window: overrides })) {
        const expected = whole[i++]!;
        assert.equal(c.firstFrame, expected.firstFrame);
        assert.deepEqual(c.logits.data, expected.logits.data);
      }
      assert.equal(i, whole.length);
      assert.ok(whole.length >= 4);
    }
  } finally {
    await recognizer.release();
  }
});
