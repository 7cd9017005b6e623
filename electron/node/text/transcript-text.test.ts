import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_TEXT_SETTINGS } from '../../common/text-settings.ts';
import type { TextSettings } from '../../common/text-settings.ts';
import { TextFormatter } from './text-formatter.ts';
import { writeWords } from './transcript-text.ts';

const base: TextSettings = { ...DEFAULT_TEXT_SETTINGS };
const digits: TextSettings = { ...base, digits: true };

test('words-level formatting keeps the recogniser timings of each written word', () => {
  const w = (word: string, start: number, end: number, confidence = 0.9) => ({ word, start, end, confidence });
  const out = writeWords(
    [
      w('HELLO', 0, 0.4),
      w('WORLD', 0.5, 0.9, 0.7),
      w('PERIOD', 1.0, 1.3),
      w('IT', 1.5, 1.6),
      w('COSTS', 1.6, 1.9),
      w('TWENTY', 2.0, 2.3, 0.8),
      w('DOLLARS', 2.3, 2.6, 0.6),
    ],
    new TextFormatter(digits),
  );
  assert.equal(out.text, 'Hello world. It costs $20');
  assert.deepEqual(
    out.words.map((x) => x.word),
    ['Hello', 'world.', 'It', 'costs', '$20'],
  );
  const { pause, ...world } = out.words[1]!;
  assert.deepEqual(world, { word: 'world.', before: ' ', start: 0.5, end: 0.9, confidence: 0.7 });
  assert.ok(Math.abs(pause - 0.1) < 1e-9, `pause ${pause}`);
  assert.equal(out.words[4]!.start, 2.0);
  assert.equal(out.words[4]!.end, 2.6);
  assert.ok(Math.abs(out.words[4]!.confidence - 0.7) < 1e-12);
});

test('words-level: a pause is a phrase boundary for "scratch that"', () => {
  const w = (word: string, start: number) => ({ word, start, end: start + 0.2, confidence: 1 });
  const spoken = [
    w('I', 0),
    w('WENT', 0.3),
    w('HOME', 0.6),
    w('AND', 1.8),
    w('SLEPT', 2.1),
    w('SCRATCH', 2.4),
    w('THAT', 2.6),
    w('ATE', 3.0),
  ];
  assert.equal(writeWords(spoken, new TextFormatter(base), 0.6).text, 'I went home ate');
  // Without pauses the whole run is one phrase.
  assert.equal(writeWords(spoken, new TextFormatter(base), 10).text, 'Ate');
});

test('line breaks and glued words say what goes before them', () => {
  const w = (word: string, start: number) => ({ word, start, end: start + 0.2, confidence: 1 });
  const out = writeWords([w('HI', 0), w('NEW', 0.3), w('LINE', 0.5), w('THERE', 0.8)], new TextFormatter(base));
  assert.equal(out.text, 'Hi\nThere');
  assert.deepEqual(
    out.words.map((x) => [x.before, x.word]),
    [
      ['', 'Hi'],
      ['\n', 'There'],
    ],
  );
  // The command's own time is not silence: "there" follows "line" after 0.1 s.
  assert.ok(Math.abs(out.words[1]!.pause - 0.1) < 1e-9);
});
