import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_TEXT_SETTINGS } from '../../common/text-settings.ts';
import type { Transcript, TranscriptSegment } from '../../common/transcript.ts';
import { applyTextLayer } from './transcript-text.ts';

/** A segment whose words are spoken 0.3 s apart, starting at `start`. */
function segment(start: number, spoken: string): TranscriptSegment {
  const words = spoken
    .split(' ')
    .map((word, i) => ({ word, start: start + 0.3 * i, end: start + 0.3 * i + 0.25, confidence: 0.5 + 0.01 * i }));
  return { start, end: words.at(-1)!.end, text: spoken, words };
}

const transcript = (...segments: TranscriptSegment[]): Transcript => ({
  text: segments.map((s) => s.text).join(' '),
  duration_s: 30,
  model: 'test',
  device: 'cpu',
  segments,
});

test('a transcript is written as one text; each segment keeps its own written words and timings', () => {
  const out = applyTextLayer(
    transcript(segment(0, 'HELLO WORLD COMMA'), segment(5, 'HOW ARE YOU QUESTION MARK NEW LINE I AM FINE')),
    DEFAULT_TEXT_SETTINGS,
  );
  assert.equal(out.text, 'Hello world, how are you?\nI am fine');
  assert.deepEqual(
    out.segments.map((s) => s.text),
    ['Hello world,', 'how are you?\nI am fine'],
  );
  assert.deepEqual(
    out.segments[1]!.words.map((w) => w.word),
    ['how', 'are', 'you?', 'I', 'am', 'fine'],
  );
  assert.deepEqual(out.segments[0]!.words[1], { word: 'world,', start: 0.3, end: 0.55, confidence: 0.51 });
  assert.equal(out.segments[1]!.start, 5);
  assert.equal(out.model, 'test');
});

test('"scratch that" at the start of a segment removes the previous phrase, and an emptied segment is dropped', () => {
  const out = applyTextLayer(
    transcript(segment(0, 'HELLO WORLD'), segment(5, 'SCRATCH THAT GOODBYE PERIOD')),
    DEFAULT_TEXT_SETTINGS,
  );
  assert.equal(out.text, 'Goodbye.');
  assert.equal(out.segments.length, 1);
  assert.deepEqual(
    out.segments[0]!.words.map((w) => [w.word, w.start]),
    [['Goodbye.', 5.6]],
  );
});

test('segments without word timings are formatted from their text', () => {
  const out = applyTextLayer(transcript({ start: 2, end: 4, text: 'I PAID TWENTY DOLLARS', words: [] }), {
    ...DEFAULT_TEXT_SETTINGS,
    digits: true,
  });
  assert.equal(out.text, 'I paid $20');
  assert.deepEqual(
    out.segments[0]!.words.map((w) => w.word),
    ['I', 'paid', '$20'],
  );
  assert.equal(out.segments[0]!.words[2]!.end, 4);
});
