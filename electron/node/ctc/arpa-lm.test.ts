import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { VerbaError } from '../../common/result.ts';
import { ArpaLm, loadArpa, parseArpaText } from './arpa-lm.ts';

const TINY = fileURLToPath(new URL('testdata/tiny.arpa', import.meta.url));
const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-6, `${a} ≠ ${b}`);

test('tiny ARPA: direct n-grams and Katz back-off, by hand from the file', () => {
  const lm = loadArpa(TINY);
  assert.equal(lm.order, 3);
  assert.equal(lm.vocabularySize, 9);
  const id = (w: string) => lm.wordId(w);
  assert.equal(id('DOG'), -1);
  assert.ok(lm.unkId >= 0);
  close(lm.log10Prob([], id('THE')), -1.2);
  close(lm.log10Prob([id('THE')], id('CAT')), -0.5);
  close(lm.log10Prob([id('<s>'), id('THE')], id('CAT')), -0.1);
  close(lm.log10Prob([id('THE'), id('CAT')], id('SAT')), -0.2);
  // "THE SAT ON" and "THE SAT" are absent (no back-off weight): P(ON | SAT).
  close(lm.log10Prob([id('THE'), id('SAT')], id('ON')), -0.2);
  // bo(CAT SAT) + bo(SAT) + P(MAT)
  close(lm.log10Prob([id('CAT'), id('SAT')], id('MAT')), -0.15 - 0.25 - 2.2);
  close(lm.log10Prob([id('THE')], id('HAT')), -0.4 - 2.5);
  // An unknown word in the context cuts it there.
  close(lm.log10Prob([-1, id('THE')], id('CAT')), -0.5);
  // Only the last order-1 words count.
  close(lm.log10Prob([id('MAT'), id('<s>'), id('THE')], id('CAT')), -0.1);
  close(lm.log10Prob([], id('<s>')), -99);
});

test('lines split across read chunks parse the same', () => {
  const bytes = readFileSync(TINY);
  let at = 0;
  const lm = ArpaLm.parse(
    (buf) => {
      const n = bytes.copy(buf, 0, at, Math.min(at + 7, bytes.length));
      at += n;
      return n;
    },
    'tiny.arpa',
    8,
  ); // an 8-byte buffer also exercises lines longer than a chunk
  const whole = loadArpa(TINY);
  for (const [ctx, w] of [
    [['THE', 'CAT'], 'SAT'],
    [['CAT', 'SAT'], 'MAT'],
    [[], 'ON'],
  ] as const) {
    assert.equal(
      lm.log10Prob(
        ctx.map((c) => lm.wordId(c)),
        lm.wordId(w),
      ),
      whole.log10Prob(
        ctx.map((c) => whole.wordId(c)),
        whole.wordId(w),
      ),
    );
  }
});

test('malformed ARPA files name the line in one sentence', () => {
  const good = readFileSync(TINY, 'utf8').split('\n');
  const edit = (line: number, text: string | null) => {
    const copy = good.slice();
    if (text === null) copy.splice(line - 1, 1);
    else copy[line - 1] = text;
    return copy.join('\n');
  };
  const lineOf = (s: string) => good.indexOf(s) + 1;
  const cases: Array<[string, RegExp]> = [
    ['just some text\n', /^Line 1 of lm\.arpa is not valid ARPA: there is no \\data\\ header\.$/],
    [edit(lineOf('ngram 2=7'), 'ngram two=7'), /^Line 5 of lm\.arpa is not valid ARPA: expected "ngram 2=<count>"\.$/],
    [
      edit(lineOf('-2.2\tMAT'), '-2.2'),
      /^Line 17 .*a 1-gram needs a log10 probability, 1 word and an optional back-off\.$/,
    ],
    [edit(lineOf('-1.5\tTHE MAT'), 'x\tTHE MAT'), /^Line 22 .*"x" is not a number\.$/],
    [edit(lineOf('-0.3\tON THE'), '-0.3\tON DOG'), /^Line 25 .*the word "DOG" has no 1-gram\.$/],
    [edit(lineOf('-0.6\tHAT </s>'), null), /^Line 27 .*the 2-grams section has 6 entries but the header declares 7\.$/],
    [edit(lineOf('\\end\\'), ''), /^Line \d+ .*the file ends before \\end\\\.$/],
    [edit(lineOf('\\3-grams:'), '\\4-grams:'), /^Line 28 .*expected the \\3-grams: section here\.$/],
  ];
  for (const [text, message] of cases) {
    assert.throws(
      () => parseArpaText(text, 'lm.arpa'),
      (e: unknown) => e instanceof VerbaError && e.code === 'InvalidLanguageModel' && message.test(e.message),
      message.source,
    );
  }
  assert.throws(() => loadArpa('/nonexistent/lm.arpa'), /Cannot open the language model \/nonexistent\/lm\.arpa\./);
});
