import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { addCounts, editDistance, errorCounts, errorRates, normalizeForScoring, rates } from './error-rate.ts';

test('edit distance: known pairs, symmetry and the triangle inequality', () => {
  assert.equal(editDistance([...'KITTEN'], [...'SITTING']), 3);
  assert.equal(editDistance([], [...'ABC']), 3);
  assert.equal(editDistance([...'ABC'], []), 3);
  assert.equal(editDistance(['THE', 'CAT'], ['THE', 'CAT']), 0);
  const word = fc.string({ unit: fc.constantFrom('A', 'B', 'C'), maxLength: 8 });
  fc.assert(
    fc.property(word, word, word, (a, b, c) => {
      const d = (x: string, y: string) => editDistance([...x], [...y]);
      assert.equal(d(a, b), d(b, a));
      assert.ok(d(a, c) <= d(a, b) + d(b, c));
      assert.ok(d(a, b) >= Math.abs(a.length - b.length) && d(a, b) <= Math.max(a.length, b.length));
    }),
  );
});

test('rates compare in the model alphabet: casing and punctuation are not errors', () => {
  assert.equal(normalizeForScoring('  Yes, I agree.\nSee you!  '), 'YES I AGREE SEE YOU');
  assert.deepEqual(errorRates('YES I AGREE', 'Yes, I agree.'), { cer: 0, wer: 0 });
  // One substituted word of four: WER 1/4; the characters differ in one letter of 18.
  assert.deepEqual(errorCounts('SEND THE REPORT NOW', 'SEND THE REPORT NEW'), {
    charErrors: 1,
    chars: 19,
    wordErrors: 1,
    words: 4,
  });
  assert.deepEqual(rates(errorCounts('', '')), { cer: 0, wer: 0 });
  assert.deepEqual(rates(errorCounts('', 'NOISE')), { cer: 1, wer: 1 });
  const total = addCounts([errorCounts('A B', 'A C'), errorCounts('D E F G', 'D E F G')]);
  assert.equal(rates(total).wer, 1 / 6);
});
