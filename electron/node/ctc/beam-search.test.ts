import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { FRAME_SECONDS } from '../../common/defaults.ts';
import { loadArpa } from './arpa-lm.ts';
import { BeamSearchDecoder, beamSearchDecode } from './beam-search.ts';
import { greedyDecode } from './greedy.ts';
import type { Logits, Vocabulary } from './types.ts';

const vocabJson = JSON.parse(
  readFileSync(new URL('../../../models/fixtures/sewd-test-public/vocab.json', import.meta.url), 'utf8'),
) as Record<string, number>;
const tokens: string[] = [];
for (const [token, id] of Object.entries(vocabJson)) tokens[id] = token;
const vocab: Vocabulary = { tokens, blankId: 0, wordDelimiter: '|' };
const id = (token: string) => tokens.indexOf(token);

/**
 * Logits whose softmax is exactly the given distribution per frame: each frame names the probable
 * tokens ('_' is blank); the rest of the mass is spread evenly over the other tokens.
 */
function crafted(frames: Array<Record<string, number>>, V = 32): Logits {
  const data = new Float32Array(frames.length * V);
  frames.forEach((f, t) => {
    const named = Object.entries(f).map(([tok, p]) => [tok === '_' ? 0 : id(tok), p] as const);
    const rest = (1 - named.reduce((s, [, p]) => s + p, 0)) / (V - named.length);
    for (let v = 0; v < V; v++) data[t * V + v] = Math.log(rest);
    for (const [v, p] of named) data[t * V + v] = Math.log(p);
  });
  return { data, frames: frames.length, vocabSize: V };
}

/** A clearly spoken word: each letter for one frame (p), then a blank frame. */
const spell = (word: string, p = 0.9): Array<Record<string, number>> =>
  [...word].flatMap((ch) => [{ [ch]: p }, { _: p }]);

/** Random logits with no ties inside a row, so "the most probable path" is unique. */
const logitsArb = fc.integer({ min: 0, max: 60 }).chain((frames) =>
  fc
    .array(fc.oneof(fc.integer({ min: -3, max: 3 }), fc.double({ min: -15, max: 15, noNaN: true })), {
      minLength: frames * 32,
      maxLength: frames * 32,
    })
    .map((v) => ({
      data: Float32Array.from(v, (x, i) => x + (i % 32) * 1e-3),
      frames,
      vocabSize: 32,
    })),
);

test('property: beam width 1 without LM or hotwords is exactly greedy (text, timings, confidence)', () => {
  fc.assert(
    fc.property(logitsArb, (logits) => {
      const { text, words } = beamSearchDecode(logits, vocab, { beamWidth: 1 });
      assert.deepEqual({ text, words }, greedyDecode(logits, vocab));
    }),
    { numRuns: 300 },
  );
});

test("property: with max-merging, a wider beam without LM or hotwords still finds greedy's path", () => {
  fc.assert(
    fc.property(logitsArb, (logits) => {
      const { text, words } = beamSearchDecode(logits, vocab, { beamWidth: 8 });
      assert.deepEqual({ text, words }, greedyDecode(logits, vocab));
    }),
    { numRuns: 100 },
  );
});

test('property: sum-merging with an unpruned beam finds the most probable text (brute force over all paths)', () => {
  const small: Vocabulary = { tokens: ['<pad>', '|', 'A', 'B'], blankId: 0, wordDelimiter: '|' };
  const arb = fc
    .integer({ min: 1, max: 5 })
    .chain((frames) =>
      fc
        .array(fc.double({ min: -4, max: 4, noNaN: true }), { minLength: frames * 4, maxLength: frames * 4 })
        .map((v) => ({ data: Float32Array.from(v), frames, vocabSize: 4 })),
    );
  fc.assert(
    fc.property(arb, (logits) => {
      const { frames } = logits;
      const probs = Array.from({ length: frames }, (_, t) => {
        const row = Array.from(logits.data.subarray(t * 4, t * 4 + 4), (x) => Math.exp(x));
        const sum = row.reduce((a, b) => a + b, 0);
        return row.map((x) => x / sum);
      });
      const prob = (t: number, v: number) => probs[t]![v]!;
      const byText = new Map<string, number>();
      for (let path = 0; path < 4 ** frames; path++) {
        const ids = Array.from({ length: frames }, (_, t) => Math.floor(path / 4 ** t) % 4);
        const text = ids
          .filter((v, t) => v !== 0 && v !== ids[t - 1])
          .map((v) => small.tokens[v])
          .join('');
        byText.set(text, (byText.get(text) ?? 0) + ids.reduce((p, v, t) => p * prob(t, v), 1));
      }
      const ranked = [...byText].sort((a, b) => b[1] - a[1]);
      const [bestText, bestProb] = ranked[0]!;
      // Texts within rounding of each other have no single right answer.
      fc.pre(ranked.length === 1 || ranked[1]![1] < bestProb * (1 - 1e-9));
      const got = beamSearchDecode(logits, small, {
        merge: 'sum',
        beamWidth: 10_000,
        tokenMinLogProb: -Infinity,
        beamPruneLogProb: -Infinity,
      });
      assert.equal(got.text, bestText.replaceAll('|', ' ').trim());
      assert.ok(Math.abs(got.score - Math.log(bestProb)) < 1e-9);
    }),
    { numRuns: 150 },
  );
});

test('hotword boosting turns a near-miss into the custom word, with word timings and confidence', () => {
  // "VERBA" spoken, but the last vowel sounds slightly more like E.
  const logits = crafted([
    { _: 0.9 },
    ...spell('VERB'),
    { E: 0.45, A: 0.4 },
    { _: 0.9 },
    { '|': 0.9 },
    ...spell('IS'),
    { '|': 0.9 },
    ...spell('FAST'),
  ]);
  assert.equal(greedyDecode(logits, vocab).text, 'VERBE IS FAST');
  assert.equal(beamSearchDecode(logits, vocab, {}).text, 'VERBE IS FAST');
  assert.equal(beamSearchDecode(logits, vocab, { hotwords: ['Kubernetes'] }).text, 'VERBE IS FAST');
  const boosted = beamSearchDecode(logits, vocab, { hotwords: ['Verba', 'Kubernetes'] });
  assert.equal(boosted.text, 'VERBA IS FAST');
  const [verba, is] = boosted.words;
  assert.equal(verba!.word, 'VERBA');
  assert.equal(verba!.start, 1 * FRAME_SECONDS);
  assert.equal(verba!.end, 10 * FRAME_SECONDS);
  // Mean of the emitting frames' probabilities: four letters at 0.9, the A at 0.4.
  assert.ok(Math.abs(verba!.confidence - (4 * 0.9 + 0.4) / 5) < 1e-6, String(verba!.confidence));
  assert.equal(is!.word, 'IS');
});

test('a hotword does not replace a clearly spoken different word', () => {
  const logits = crafted([...spell('HELL'), { O: 0.9, P: 0.05 }, { _: 0.9 }]);
  assert.equal(beamSearchDecode(logits, vocab, { hotwords: ['Hellp'] }).text, 'HELLO');
});

test('the n-gram LM picks the likely word when the acoustics are unsure', () => {
  const lm = loadArpa(new URL('testdata/tiny.arpa', import.meta.url).pathname);
  const logits = crafted([
    ...spell('THE'),
    { '|': 0.9 },
    { H: 0.5, C: 0.4 },
    { _: 0.9 },
    ...spell('AT'),
    { '|': 0.9 },
    ...spell('SAT'),
  ]);
  assert.equal(greedyDecode(logits, vocab).text, 'THE HAT SAT');
  assert.equal(beamSearchDecode(logits, vocab, {}).text, 'THE HAT SAT');
  const withLm = beamSearchDecode(logits, vocab, { lm });
  assert.equal(withLm.text, 'THE CAT SAT');
  assert.deepEqual(
    withLm.words.map((w) => w.word),
    ['THE', 'CAT', 'SAT'],
  );
  // A zero LM weight leaves the acoustics in charge.
  assert.equal(beamSearchDecode(logits, vocab, { lm, lmWeight: 0 }).text, 'THE HAT SAT');
});

test('with an LM, words stay separate: a word that cannot be an LM word pays at once, not at its delimiter', () => {
  const lm = loadArpa(new URL('testdata/tiny.arpa', import.meta.url).pathname);
  const softSpace = { '|': 0.8, _: 0.15 };
  const logits = crafted(
    ['THE', 'CAT', 'SAT', 'ON', 'THE', 'MAT'].flatMap((w, i) => [...(i > 0 ? [softSpace] : []), ...spell(w)]),
  );
  assert.equal(greedyDecode(logits, vocab).text, 'THE CAT SAT ON THE MAT');
  assert.equal(beamSearchDecode(logits, vocab, { lm }).text, 'THE CAT SAT ON THE MAT');
});

test('property: feeding a stream in chunks gives exactly one decode of all frames (with LM and hotwords)', () => {
  const lm = loadArpa(new URL('testdata/tiny.arpa', import.meta.url).pathname);
  const decoder = new BeamSearchDecoder(vocab, { lm, hotwords: ['Verba'] });
  fc.assert(
    fc.property(logitsArb, fc.array(fc.integer({ min: 0, max: 60 }), { maxLength: 6 }), (logits, cuts) => {
      const whole = decoder.decode(logits);
      const stream = decoder.stream();
      const bounds = [0, ...cuts.map((c) => Math.min(c, logits.frames)).sort((a, b) => a - b), logits.frames];
      for (let k = 1; k < bounds.length; k++) {
        const [a, b] = [bounds[k - 1]!, bounds[k]!];
        stream.accept({ data: logits.data.subarray(a * 32, b * 32), frames: b - a, vocabSize: 32 });
      }
      assert.equal(stream.frames, logits.frames);
      assert.deepEqual(stream.result(), whole);
    }),
    { numRuns: 100 },
  );
});

test('empty logits decode to empty text', () => {
  assert.deepEqual(beamSearchDecode({ data: new Float32Array(0), frames: 0, vocabSize: 32 }, vocab, {}), {
    text: '',
    words: [],
    score: 0,
  });
});
