import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DEFAULT_TEXT_SETTINGS } from '../../common/text-settings.ts';
import { TextFormatter } from './text-formatter.ts';
import { StreamingFormatter } from './streaming-formatter.ts';

const settings = {
  ...DEFAULT_TEXT_SETTINGS,
  digits: true,
  vocabulary: ['New York'],
  replacements: [{ find: 'btw', replace: 'by the way' }],
};

/** Feeds the words one at a time, as a recogniser's growing partial hypothesis. */
function feed(live: StreamingFormatter, sentence: string) {
  const words = sentence.split(' ');
  return words.map((_, i) => live.update(words.slice(0, i + 1).join(' ')));
}

test('partials only grow the stable text; the last words stay unstable', () => {
  const live = new StreamingFormatter(new TextFormatter(settings), 2);
  const steps = feed(live, 'HELLO WORLD COMMA HOW ARE YOU QUESTION MARK');
  assert.deepEqual(
    steps.map((s) => s.stable),
    // "world" waits for the comma after it; "you" waits for its question mark.
    ['', '', 'Hello', 'Hello', 'Hello world,', 'Hello world, how', 'Hello world, how are', 'Hello world, how are'],
  );
  assert.equal(steps.at(-1)!.text, 'Hello world, how are you?');
  assert.equal(live.finish('HELLO WORLD COMMA HOW ARE YOU QUESTION MARK'), 'Hello world, how are you?');
});

test('a number being spoken is not shown as stable until it is complete', () => {
  const live = new StreamingFormatter(new TextFormatter(settings), 1);
  const steps = feed(live, 'I PAID TWENTY FIVE DOLLARS TODAY');
  assert.equal(steps[2]!.text, 'I paid 20');
  assert.equal(steps[2]!.stable, 'I paid');
  assert.equal(steps[3]!.text, 'I paid 25');
  assert.equal(steps[3]!.stable, 'I paid');
  assert.equal(steps[5]!.stable, 'I paid $25');
  assert.equal(steps[5]!.text, 'I paid $25 today');
});

test('scratch that in a partial only removes unstable text; the final text applies it fully', () => {
  const live = new StreamingFormatter(new TextFormatter(settings), 1);
  const steps = feed(live, 'I LIKE CATS PERIOD I LIKE DOGS SCRATCH THAT BIRDS');
  for (let i = 1; i < steps.length; i++)
    assert.ok(steps[i]!.text.startsWith(steps[i - 1]!.stable), `step ${i}: ${JSON.stringify(steps[i])}`);
  assert.equal(live.finish('I LIKE CATS PERIOD I LIKE DOGS SCRATCH THAT BIRDS'), 'I like cats. Birds');
});

test('revisions of committed words by the recogniser do not change the stable text', () => {
  const live = new StreamingFormatter(new TextFormatter(settings), 1);
  live.update('THE CAT');
  const a = live.update('THE CAT SAT');
  const b = live.update('A CAT SAT DOWN');
  assert.equal(a.stable, 'The cat');
  assert.ok(b.text.startsWith('The cat'), b.text);
});

const POOL = [
  'HELLO',
  'WORLD',
  'I',
  'THINK',
  "DON'T",
  'NEW',
  'YORK',
  'LINE',
  'PARAGRAPH',
  'PERIOD',
  'COMMA',
  'QUESTION',
  'MARK',
  'OPEN',
  'CLOSE',
  'QUOTE',
  'PAREN',
  'SCRATCH',
  'THAT',
  'LITERAL',
  'ALL',
  'CAPS',
  'ON',
  'OFF',
  'NO',
  'SPACE',
  'TWENTY',
  'FIVE',
  'HUNDRED',
  'THOUSAND',
  'AND',
  'POINT',
  'PERCENT',
  'DOLLARS',
  'CENTS',
  'FIRST',
  'NINETEEN',
  'OH',
  'A',
  'M',
  'THREE',
  'THIRTY',
  'BTW',
  'DASH',
  'HYPHEN',
];

test('live text does not settle inside a spoken number ("five point" before "oh" makes it 5.0)', () => {
  const live = new StreamingFormatter(new TextFormatter(settings), 1);
  for (const partial of ['FIVE', 'FIVE POINT', 'FIVE POINT OH']) assert.equal(live.update(partial).stable, '');
  assert.equal(live.update('FIVE POINT OH HELLO').stable, '5.0');
  assert.equal(live.finish('FIVE POINT OH HELLO'), '5.0 hello');
});

test('property: shown text never changes before the previous stable text', () => {
  fc.assert(
    fc.property(
      fc.array(fc.constantFrom(...POOL), { minLength: 1, maxLength: 25 }),
      fc.integer({ min: 0, max: 3 }),
      (words, unstable) => {
        const live = new StreamingFormatter(new TextFormatter(settings), unstable);
        let prev = { stable: '', unstable: '', text: '' };
        for (let i = 1; i <= words.length; i++) {
          const next = live.update(words.slice(0, i).join(' '));
          assert.ok(
            next.stable.startsWith(prev.stable),
            `stable shrank: ${JSON.stringify(prev.stable)} → ${JSON.stringify(next.stable)}`,
          );
          assert.ok(
            next.text.startsWith(prev.stable),
            `rewrote shown text: ${JSON.stringify(prev.stable)} → ${JSON.stringify(next.text)}`,
          );
          assert.equal(next.text, next.stable + next.unstable);
          prev = next;
        }
        // Without "scratch that", what was stable is also the start of the final text (given lookahead).
        if (unstable > 0 && !words.join(' ').includes('SCRATCH THAT')) {
          const final = live.finish(words.join(' '));
          assert.ok(
            final.startsWith(prev.stable),
            `final ${JSON.stringify(final)} does not extend ${JSON.stringify(prev.stable)}`,
          );
        }
      },
    ),
    { numRuns: Number(process.env.VERBA_PROPERTY_RUNS ?? 300) },
  );
});
