import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { TranscriptWord } from './transcript.ts';
import {
  UndoStack,
  editWords,
  editorModel,
  findWords,
  paragraphs,
  replaceWords,
  transcriptWords,
  withWords,
} from './transcript-edit.ts';

/** Words one per second: word k spans [k, k + 0.8]. */
const timedWords = (text: string, confidence = 0.9): TranscriptWord[] =>
  text.split(' ').map((word, k) => ({ word, start: k, end: k + 0.8, confidence }));
const texts = (ws: readonly TranscriptWord[]) => ws.map((w) => w.word).join(' ');

test('an edit keeps the timing of every unchanged word and gives typed words the span they replace', () => {
  const words = timedWords('please send the slides to the team');
  const out = editWords(words, 'Please send the new slides to all the team.');
  assert.equal(texts(out), 'Please send the new slides to all the team.');
  const byText = (w: string) => out.find((x) => x.word === w)!;
  assert.deepEqual(
    [byText('Please').start, byText('send').start, byText('slides').start, byText('to').start],
    [0, 1, 3, 4],
  );
  assert.equal(byText('team.').start, 6, 'punctuation and case changes keep the word');
  assert.equal(byText('team.').confidence, 0.9);
  // Inserted between "the" (ends 2.8) and "slides" (starts 3): inside that gap, certain.
  assert.ok(byText('new').start >= 2.8 && byText('new').end <= 3, JSON.stringify(byText('new')));
  assert.equal(byText('new').confidence, 1);

  const replaced = editWords(words, 'please email the deck to the team');
  assert.deepEqual(
    replaced.map((w) => [w.word, w.start]),
    [
      ['please', 0],
      ['email', 1],
      ['the', 2],
      ['deck', 3],
      ['to', 4],
      ['the', 5],
      ['team', 6],
    ],
  );
  const deleted = editWords(words, 'send the slides');
  assert.deepEqual(
    deleted.map((w) => w.start),
    [1, 2, 3],
  );
});

test('editing a range leaves the words outside it untouched', () => {
  const words = timedWords('one two three four five six');
  const out = editWords(words, 'THREE and a half', { from: 2, to: 3 });
  assert.equal(texts(out), 'one two THREE and a half four five six');
  assert.equal(out[2]!.start, 2);
  assert.deepEqual(out.slice(-3), words.slice(-3));
  assert.ok(out[3]!.start >= 2.8 && out[5]!.end <= 3);
});

test('property: words the diff keeps are the old words with their timings, in order', () => {
  const vocab = ['a', 'b', 'c', 'd', 'e'];
  fc.assert(
    fc.property(
      fc.array(fc.constantFrom(...vocab), { maxLength: 30 }),
      fc.array(fc.constantFrom(...vocab), { maxLength: 30 }),
      (a, b) => {
        const words = a.map((word, k) => ({ word, start: k, end: k + 0.5, confidence: 0.7 }));
        const out = editWords(words, b.join(' '));
        assert.deepEqual(
          out.map((w) => w.word),
          b,
        );
        for (let k = 1; k < out.length; k++) assert.ok(out[k]!.start >= out[k - 1]!.start, 'times stay in order');
        const kept = out.filter((w) => w.confidence === 0.7);
        for (const w of kept) assert.equal(words[w.start]!.word, w.word);
      },
    ),
  );
});

test('an action-item mark survives an edit of its sentence', () => {
  const words = timedWords('send the slides').map((w) => ({ ...w, action_item: true as const }));
  const out = editWords(words, 'send the deck');
  assert.ok(out.every((w) => w.action_item));
});

test('paragraphs break at long pauses; low-confidence words are listed', () => {
  const words: TranscriptWord[] = [
    { word: 'Hello.', start: 0, end: 0.5, confidence: 0.95 },
    { word: 'Next', start: 3, end: 3.4, confidence: 0.3 },
    { word: 'point.', start: 3.5, end: 4, confidence: 0.9 },
    { word: 'Last.', start: 4.5, end: 5, confidence: 0.2 },
  ];
  assert.deepEqual(paragraphs(words), [
    { from: 0, to: 1, start: 0, end: 0.5 },
    { from: 1, to: 4, start: 3, end: 5 },
  ]);
  assert.deepEqual(paragraphs(words, 0.4).length, 3);
  const t = { text: '', duration_s: 5, model: 'm', device: 'cpu', segments: [{ start: 0, end: 5, text: '', words }] };
  assert.deepEqual(editorModel(t).lowConfidence, [1, 3]);
  assert.deepEqual(paragraphs([]), []);
});

test('find locates phrases as word ranges, whole words and any case by default; replace keeps other timings', () => {
  const words = timedWords('The budget and the Budget review; budgets too');
  assert.deepEqual(findWords(words, 'budget'), [
    { from: 1, to: 2 },
    { from: 4, to: 5 },
  ]);
  assert.deepEqual(findWords(words, 'budget', { matchCase: true }), [{ from: 1, to: 2 }]);
  assert.deepEqual(findWords(words, 'budget', { wholeWord: false }).length, 3);
  assert.deepEqual(findWords(words, 'budget review'), [{ from: 4, to: 6 }]);
  assert.deepEqual(findWords(words, '  '), []);
  assert.deepEqual(findWords(words, 'review;'), [{ from: 5, to: 6 }]);

  const out = replaceWords(words, 'budget', 'forecast');
  assert.equal(texts(out), 'The forecast and the forecast review; budgets too');
  assert.deepEqual(
    out.map((w) => w.start),
    words.map((w) => w.start),
  );
  const one = replaceWords(words, 'budget', 'plan', { only: { from: 4, to: 5 } });
  assert.equal(texts(one), 'The budget and the plan review; budgets too');
});

test('withWords regroups edited words into the original segments and rebuilds the text', () => {
  const words = timedWords('one two three four');
  const t = {
    text: 'one two three four',
    duration_s: 4,
    model: 'm',
    device: 'cpu',
    segments: [
      { start: 0, end: 1.8, text: 'one two', words: words.slice(0, 2) },
      { start: 2, end: 3.8, text: 'three four', words: words.slice(2) },
    ],
  };
  const edited = withWords(t, editWords(transcriptWords(t), 'one two and three four.'));
  assert.deepEqual(
    edited.segments.map((s) => s.text),
    ['one two and', 'three four.'],
  );
  assert.equal(edited.text, 'one two and three four.');
  assert.equal(withWords(t, []).segments.length, 0);
});

test('undo and redo walk the edits; a new edit clears redo', () => {
  const stack = new UndoStack('a');
  stack.push('b');
  stack.push('c');
  assert.equal(stack.undo(), 'b');
  assert.equal(stack.undo(), 'a');
  assert.equal(stack.undo(), 'a');
  assert.equal(stack.redo(), 'b');
  stack.push('d');
  assert.equal(stack.canRedo, false);
  assert.equal(stack.undo(), 'b');
});
