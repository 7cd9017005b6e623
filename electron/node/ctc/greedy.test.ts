import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { PathWords, argmaxIds, decodePath, greedyDecode } from './greedy.ts';
import type { DecodedWord, Logits, Vocabulary } from './types.ts';

const FIXTURES = new URL('../../../models/fixtures/', import.meta.url);

function fixtureVocabulary(model = 'sewd-test-public'): Vocabulary {
  const json = JSON.parse(readFileSync(new URL(`${model}/vocab.json`, FIXTURES), 'utf8')) as Record<string, number>;
  const tokens: string[] = [];
  for (const [token, id] of Object.entries(json)) tokens[id] = token;
  return { tokens, blankId: json['<pad>']!, wordDelimiter: '|' };
}

/** The reference: transformers' Wav2Vec2CTCTokenizer.decode on argmax ids, in ten lines. */
function referenceDecode(logits: Logits, vocab: Vocabulary): string {
  const ids: number[] = [];
  for (let t = 0; t < logits.frames; t++) {
    const row = Array.from(logits.data.subarray(t * logits.vocabSize, (t + 1) * logits.vocabSize));
    ids.push(row.indexOf(Math.max(...row))); // first maximum, as torch.argmax
  }
  const grouped = ids.filter((id, i) => i === 0 || id !== ids[i - 1]);
  const tokens = grouped.filter((id) => id !== vocab.blankId).map((id) => vocab.tokens[id]!);
  return tokens
    .map((tok) => (tok === vocab.wordDelimiter ? ' ' : tok))
    .join('')
    .trim();
}

const vocab = fixtureVocabulary();

/** Random logits over the real 32-token vocabulary; small integers make ties (first index must win). */
const logitsArb = (values: fc.Arbitrary<number>) =>
  fc
    .integer({ min: 0, max: 80 })
    .chain((frames) =>
      fc
        .array(values, { minLength: frames * 32, maxLength: frames * 32 })
        .map((v) => ({ data: Float32Array.from(v), frames, vocabSize: 32 })),
    );

test('greedy equals the ten-line reference on random logits (text and word list)', () => {
  for (const values of [fc.integer({ min: -2, max: 2 }), fc.float({ min: -20, max: 20, noNaN: true })]) {
    fc.assert(
      fc.property(logitsArb(values), (logits) => {
        const expected = referenceDecode(logits, vocab);
        const got = greedyDecode(logits, vocab);
        assert.equal(got.text, expected);
        assert.deepEqual(
          got.words.map((w) => w.word),
          expected.split(' ').filter(Boolean),
        );
        for (const w of got.words) assert.ok(w.start < w.end && w.confidence > 0 && w.confidence <= 1);
      }),
      { numRuns: 200 },
    );
  }
});

test('greedy matches the reference implementation on the SEW-D fixture logits', () => {
  const manifest = JSON.parse(readFileSync(new URL('sewd-test-public/reference/manifest.json', FIXTURES), 'utf8')) as {
    cases: Array<{ logits_shape: [number, number]; argmax: number[]; greedy_text: string }>;
  };
  manifest.cases.forEach((c, i) => {
    const bytes = readFileSync(new URL(`sewd-test-public/reference/case${i}_logits.f32`, FIXTURES));
    const data = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    const logits = { data, frames: c.logits_shape[0], vocabSize: c.logits_shape[1] };
    assert.deepEqual(Array.from(argmaxIds(logits)), c.argmax);
    assert.equal(greedyDecode(logits, vocab).text, c.greedy_text);
  });
});

test('PathWords fed a path in pieces builds exactly the words and text of decodePath on the whole path', () => {
  const vocab: Vocabulary = { tokens: ['<pad>', '|', 'A', 'B'], blankId: 0, wordDelimiter: '|' };
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 60 }),
      fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 5 }),
      fc.integer({ min: 0, max: 2 ** 31 - 1 }),
      (ids, cuts, seed) => {
        let s = seed;
        const data = Float32Array.from(
          { length: ids.length * 4 },
          () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31,
        );
        const path = Int32Array.from(ids); // any path, not only the argmax one (the beam passes its own)
        const whole = decodePath({ data, frames: ids.length, vocabSize: 4 }, vocab, path, 0.02);
        const words: DecodedWord[] = [];
        let text = '';
        const pieces = new PathWords(
          vocab,
          (w) => words.push(w),
          0.02,
          (p) => (text += p),
        );
        for (let at = 0, i = 0; at < ids.length; i++) {
          const n = Math.min(cuts[i % cuts.length]!, ids.length - at);
          pieces.accept(
            { data: data.subarray(at * 4, (at + n) * 4), frames: n, vocabSize: 4 },
            path.subarray(at, at + n),
            at,
          );
          at += n;
        }
        pieces.finish();
        assert.deepEqual(words, whole.words);
        assert.equal(text.trim(), whole.text);
      },
    ),
    { numRuns: 300 },
  );
});
