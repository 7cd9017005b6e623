import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { BeamSearchDecoder } from '../ctc/beam-search.ts';
import { greedyDecode } from '../ctc/greedy.ts';
import type { DecodedWord, Logits, Vocabulary } from '../ctc/types.ts';
import { StreamingBeamDecoder } from './beam-stream.ts';

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

function streamed(decoder: BeamSearchDecoder, logits: Logits, chunkSizes: number[], restartPauseSeconds: number) {
  const words: DecodedWord[] = [];
  const stream = new StreamingBeamDecoder(decoder, (w) => words.push(w), 0.02, restartPauseSeconds);
  for (let at = 0, i = 0; at < logits.frames; i++) {
    const n = Math.min(chunkSizes[i % chunkSizes.length]!, logits.frames - at);
    stream.push({ data: logits.data.subarray(at * V, (at + n) * V), frames: n, vocabSize: V });
    at += n;
  }
  stream.finish();
  assert.equal(stream.frames, logits.frames);
  return { words, restarts: stream.restarts };
}

test('beam width 1, chunked and restarted in pauses, gives exactly greedy decoding of the whole logits', () => {
  const decoder = new BeamSearchDecoder(vocab, { beamWidth: 1 });
  let restarts = 0;
  fc.assert(
    fc.property(idsWithPauses, fc.array(fc.integer({ min: 1, max: 17 }), { minLength: 1, maxLength: 6 }), fc.integer({ min: 0, max: 2 ** 31 - 1 }), (ids, chunks, seed) => {
      const logits = logitsOf(ids, seed);
      // Restart after 4 frames without a letter (a closed word): short enough that most inputs restart.
      const got = streamed(decoder, logits, chunks, 0.08);
      restarts += got.restarts;
      assert.deepEqual(got.words, greedyDecode(logits, vocab).words);
    }),
    { numRuns: 300 },
  );
  assert.ok(restarts > 100, `${restarts} restarts over all runs`);
});

test('a wide beam with hotwords gives the same words however the logits are chunked', () => {
  const decoder = new BeamSearchDecoder(vocab, { beamWidth: 8, hotwords: ['abc', 'cab'] });
  fc.assert(
    fc.property(idsWithPauses, fc.array(fc.integer({ min: 1, max: 23 }), { minLength: 1, maxLength: 6 }), fc.integer({ min: 0, max: 2 ** 31 - 1 }), (ids, chunks, seed) => {
      // A low peak leaves the beam real alternatives to weigh.
      const logits = logitsOf(ids, seed, 1.5);
      assert.deepEqual(streamed(decoder, logits, chunks, 0.08).words, streamed(decoder, logits, [logits.frames || 1], 0.08).words);
    }),
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
