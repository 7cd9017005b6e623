import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { BeamSearchDecoder } from './beam-search.ts';
import { greedyDecode } from './greedy.ts';
import type { DecodedWord, Logits, Vocabulary } from './types.ts';
import { StreamingBeamDecoder } from './streaming-beam.ts';

const vocab: Vocabulary = { tokens: ['<pad>', '|', 'A', 'B', 'C'], blankId: 0, wordDelimiter: '|' };
const V = vocab.tokens.length;

/** Peaked rows with seeded noise: argmax is the drawn id, the other tokens keep some probability. */
function logitsOf(ids: number[], seed: number, peak = 3): Logits {
  let s = seed;
  const rand = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const data = new Float32Array(ids.length * V);
  ids.forEach((id, t) => {
    for (let v = 0; v < V; v++) data[t * V + v] = rand() * 2;
    data[t * V + id] = peak + rand();
  });
  return { data, frames: ids.length, vocabSize: V };
}

/** Token ids where runs of blanks (pauses) of 0–12 frames separate words, some closed by a delimiter. */
const idsWithPauses = fc
  .array(
    fc.record({
      word: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 8 }),
      delimiter: fc.boolean(),
      pause: fc.integer({ min: 0, max: 12 }),
    }),
    { maxLength: 12 },
  )
  .map((parts) => parts.flatMap((p) => [...p.word, ...(p.delimiter ? [1] : []), ...Array<number>(p.pause).fill(0)]));

function streamed(
  decoder: BeamSearchDecoder,
  logits: Logits,
  chunkSizes: number[],
  restartPauseSeconds: number,
  maxStretchSeconds?: number,
) {
  const words: DecodedWord[] = [];
  const stream = new StreamingBeamDecoder(decoder, (w) => words.push(w), 0.02, restartPauseSeconds, maxStretchSeconds);
  for (let at = 0, i = 0; at < logits.frames; i++) {
    const n = Math.min(chunkSizes[i % chunkSizes.length]!, logits.frames - at);
    stream.push({ data: logits.data.subarray(at * V, (at + n) * V), frames: n, vocabSize: V });
    at += n;
  }
  stream.finish();
  assert.equal(stream.frames, logits.frames);
  return { words, restarts: stream.restarts, forced: stream.forcedRestarts };
}

test('beam width 1, chunked and restarted in pauses, gives exactly greedy decoding of the whole logits', () => {
  const decoder = new BeamSearchDecoder(vocab, { beamWidth: 1 });
  let restarts = 0;
  fc.assert(
    fc.property(
      idsWithPauses,
      fc.array(fc.integer({ min: 1, max: 17 }), { minLength: 1, maxLength: 6 }),
      fc.integer({ min: 0, max: 2 ** 31 - 1 }),
      (ids, chunks, seed) => {
        const logits = logitsOf(ids, seed);
        // Restart after 4 frames without a letter (a closed word): short enough that most inputs restart.
        const got = streamed(decoder, logits, chunks, 0.08);
        restarts += got.restarts;
        assert.deepEqual(got.words, greedyDecode(logits, vocab).words);
      },
    ),
    { numRuns: 300 },
  );
  assert.ok(restarts > 100, `${restarts} restarts over all runs`);
});

test('a wide beam with hotwords gives the same words however the logits are chunked', () => {
  const decoder = new BeamSearchDecoder(vocab, { beamWidth: 8, hotwords: ['abc', 'cab'] });
  fc.assert(
    fc.property(
      idsWithPauses,
      fc.array(fc.integer({ min: 1, max: 23 }), { minLength: 1, maxLength: 6 }),
      fc.integer({ min: 0, max: 2 ** 31 - 1 }),
      (ids, chunks, seed) => {
        // A low peak leaves the beam real alternatives to weigh.
        const logits = logitsOf(ids, seed, 1.5);
        assert.deepEqual(
          streamed(decoder, logits, chunks, 0.08).words,
          streamed(decoder, logits, [logits.frames || 1], 0.08).words,
        );
      },
    ),
    { numRuns: 150 },
  );
});

test('without a pause the beam never restarts, and the words are those of one decode()', () => {
  const decoder = new BeamSearchDecoder(vocab, { beamWidth: 8, hotwords: ['abc'] });
  const ids = Array.from({ length: 400 }, (_, t) => [2, 3, 4, 1][t % 4]!);
  const logits = logitsOf(ids, 9, 1.5);
  const got = streamed(decoder, logits, [37], 0.4);
  assert.equal(got.restarts, 0);
  assert.deepEqual(got.words, decoder.decode(logits).words);
});

test('beam width 1 with restarts forced by long stretches (no pause rule) still gives exactly greedy decoding', () => {
  const decoder = new BeamSearchDecoder(vocab, { beamWidth: 1 });
  let forced = 0;
  fc.assert(
    fc.property(
      idsWithPauses,
      fc.array(fc.integer({ min: 1, max: 17 }), { minLength: 1, maxLength: 6 }),
      fc.integer({ min: 0, max: 2 ** 31 - 1 }),
      fc.integer({ min: 1, max: 12 }),
      (ids, chunks, seed, stretchFrames) => {
        const logits = logitsOf(ids, seed);
        // A pause rule that never fires, a stretch limit of 1–12 frames: restarts land wherever a delimiter allows.
        const got = streamed(decoder, logits, chunks, 1e9, stretchFrames * 0.02);
        forced += got.forced;
        assert.deepEqual(got.words, greedyDecode(logits, vocab).words);
      },
    ),
    { numRuns: 300 },
  );
  assert.ok(forced > 100, `${forced} forced restarts over all runs`);
});

test('noise without pauses: the beam restarts at a delimiter once a stretch reaches maxStretchSeconds, so memory stays bounded', () => {
  const decoder = new BeamSearchDecoder(vocab, { beamWidth: 8, hotwords: ['abc'] });
  // 10 minutes at 20 ms of letters with a delimiter every few frames and never a pause.
  const ids = Array.from({ length: 30_000 }, (_, t) => [2, 3, 4, 2, 1][t % 5]!);
  const logits = logitsOf(ids, 4, 1.5);
  const words: DecodedWord[] = [];
  const stream = new StreamingBeamDecoder(decoder, (w) => words.push(w), 0.02, 0.4, 2);
  let longest = 0;
  for (let at = 0; at < logits.frames; at += 250) {
    stream.push({ data: logits.data.subarray(at * V, (at + 250) * V), frames: 250, vocabSize: V });
    longest = Math.max(longest, stream.stretchFrames);
  }
  stream.finish();
  assert.ok(stream.forcedRestarts >= 290, `${stream.forcedRestarts} forced restarts`);
  // A stretch ends within one word (5 frames) of 2 s = 100 frames; at a push boundary it is at most that.
  assert.ok(longest <= 105, `longest stretch ${longest} frames`);
  // Words keep global, increasing times across the restarts, up to the end of the 10 minutes.
  assert.ok(words.every((w, i) => i === 0 || w.start >= words[i - 1]!.end));
  assert.ok(words.at(-1)!.end > 599.9, `last word ends at ${words.at(-1)!.end} s`);
});
