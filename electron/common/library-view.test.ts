import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dateRange, paragraphText, wordAt } from './library-view.ts';
import { paragraphs } from './transcript-edit.ts';
import type { TranscriptWord } from './transcript.ts';

const w = (word: string, start: number, end: number): TranscriptWord => ({ word, start, end, confidence: 0.9 });
const words = [w('Call', 0.5, 0.8), w('the', 0.9, 1.0), w('venue.', 1.1, 1.5), w('Book', 4.0, 4.3), w('it.', 4.4, 4.6)];

test('the word being spoken: the last one started, kept lit through a pause; none before the first', () => {
  assert.equal(wordAt(words, 0), -1);
  assert.equal(wordAt(words, 0.5), 0);
  assert.equal(wordAt(words, 0.95), 1);
  assert.equal(wordAt(words, 3.0), 2);
  assert.equal(wordAt(words, 4.0), 3);
  assert.equal(wordAt(words, 99), 4);
  assert.equal(wordAt([], 1), -1);
  // Against a linear reference on random times.
  for (let i = 0; i < 200; i++) {
    const t = Math.random() * 5;
    const reference = words.findLastIndex((x) => x.start <= t);
    assert.equal(wordAt(words, t), reference, String(t));
  }
});

test('date filters start at local midnight', () => {
  const now = new Date(2025, 4, 15, 14, 30).getTime();
  assert.deepEqual(dateRange('any', now), {});
  assert.equal(dateRange('today', now).from, new Date(2025, 4, 15).getTime());
  assert.equal(dateRange('week', now).from, new Date(2025, 4, 9).getTime());
  assert.equal(dateRange('month', now).from, new Date(2025, 3, 16).getTime());
  assert.equal(dateRange('year', now).from, new Date(2024, 4, 16).getTime());
});

test('copied text keeps the paragraphs', () => {
  assert.equal(paragraphText(words, paragraphs(words)), 'Call the venue.\n\nBook it.');
});
