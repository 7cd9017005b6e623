import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { greedyDecode } from './greedy.ts';
import type { DecodedWord, Logits, Vocabulary } from './types.ts';
import { StreamingGreedyDecoder } from './streaming-greedy.ts';

const vocab: Vocabulary = { tokens: ['<pad>', '|', 'A', 'B', 'C'], blankId: 0, wordDelimiter: '|' };

test('chunked streaming decoding yields exactly the words of greedyDecode on the whole logits', () => {
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 0, maxLength: 80 }),
      fc.array(fc.integer({ min: 1, max: 17 }), { minLength: 1, maxLength: 10 }),
      fc.integer({ min: 0, max: 2 ** 31 - 1 }),
      (ids, chunkSizes, seed) => {
        // Peaked rows with seeded noise, so argmax is the drawn id and confidences vary.
        let s = seed;
        const rand = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
        const data = new Float32Array(ids.length * 5);
        ids.forEach((id, t) => {
          for (let v = 0; v < 5; v++) data[t * 5 + v] = rand() * 2;
          data[t * 5 + id] = 3 + rand();
        });
        const whole: Logits = { data, frames: ids.length, vocabSize: 5 };
        const expected = greedyDecode(whole, vocab).words;
        const got: DecodedWord[] = [];
        const decoder = new StreamingGreedyDecoder(vocab, (w) => got.push(w));
        let at = 0;
        for (let i = 0; at < ids.length; i++) {
          const n = Math.min(chunkSizes[i % chunkSizes.length]!, ids.length - at);
          decoder.push({ data: data.subarray(at * 5, (at + n) * 5), frames: n, vocabSize: 5 });
          at += n;
        }
        decoder.finish();
        assert.equal(decoder.frames, ids.length);
        assert.equal(got.length, expected.length);
        got.forEach((w, i) => {
          const e = expected[i]!;
          assert.equal(w.word, e.word);
          assert.ok(Math.abs(w.start - e.start) < 1e-9 && Math.abs(w.end - e.end) < 1e-9);
          assert.ok(Math.abs(w.confidence - e.confidence) < 1e-12);
        });
      },
    ),
    { numRuns: 300 },
  );
});
