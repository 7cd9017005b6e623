import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_TEXT_SETTINGS } from '../../common/text-settings.ts';
import type { TranscriptSegment } from '../../common/transcript.ts';
import type { DecodedWord } from '../ctc/types.ts';
import { TextFormatter } from '../text/text-formatter.ts';
import { Recognizer } from './recognizer.ts';
import { RecognizerStream } from './recognizer-stream.ts';
import { convertedSewdFixture, speechLike } from '../testing/fixtures.ts';
import { buildTranscript, transcribeSamples } from './transcribe.ts';

test('audio pushed in 100 ms frames gives the same transcript (and onSegment the same segments) as the whole recording', async () => {
  const recognizer = await Recognizer.open(await convertedSewdFixture(), { threads: 2, name: 'fixture' });
  try {
    const audio = speechLike(45, 11);
    const whole = await transcribeSamples(recognizer, audio);
    assert.equal(whole.duration_s, 45);
    assert.equal(whole.model, 'fixture');
    assert.ok(whole.segments.length > 0 && whole.text.length > 0);

    const live: TranscriptSegment[] = [];
    const stream = new RecognizerStream(recognizer, { onSegment: (s) => live.push(s) });
    const frame = new Float32Array(1600);
    for (let at = 0; at < audio.length; at += frame.length) {
      // The producer reuses its buffer, as capture callbacks do.
      frame.fill(0).set(audio.subarray(at, at + frame.length));
      stream.acceptWaveform(at + frame.length <= audio.length ? frame : frame.subarray(0, audio.length - at));
      await new Promise((r) => setImmediate(r));
    }
    const streamed = await stream.finish();
    assert.deepEqual(streamed, whole);
    assert.deepEqual(live, whole.segments);
    assert.throws(() => stream.acceptWaveform(frame), /after finish/);
  } finally {
    await recognizer.release();
  }
});

test('empty input gives an empty transcript', async () => {
  const recognizer = await Recognizer.open(await convertedSewdFixture(), { threads: 2 });
  try {
    const t = await new RecognizerStream(recognizer).finish();
    assert.deepEqual({ ...t, model: '' }, { text: '', duration_s: 0, model: '', device: 'cpu', segments: [] });
  } finally {
    await recognizer.release();
  }
});

/** Recogniser words spoken 0.3 s apart (0.25 s each), starting at `start`. */
const spoken = (start: number, text: string): DecodedWord[] =>
  text
    .split(' ')
    .map((word, i) => ({ word, start: start + 0.3 * i, end: start + 0.3 * i + 0.25, confidence: 0.5 + 0.01 * i }));
const about = { samples: 30 * 16_000, model: 'test', device: 'cpu' };

test('the text layer writes all words as one text, then segments keep their written words and timings', () => {
  const words = [...spoken(0, 'HELLO WORLD COMMA'), ...spoken(5, 'HOW ARE YOU QUESTION MARK NEW LINE I AM FINE')];
  const out = buildTranscript(words, new TextFormatter(DEFAULT_TEXT_SETTINGS), about);
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

test('"scratch that" after a pause removes the previous phrase, and nothing is left of its segment', () => {
  const words = [...spoken(0, 'HELLO WORLD'), ...spoken(5, 'SCRATCH THAT GOODBYE PERIOD')];
  const out = buildTranscript(words, new TextFormatter(DEFAULT_TEXT_SETTINGS), about);
  assert.equal(out.text, 'Goodbye.');
  assert.equal(out.segments.length, 1);
  assert.deepEqual(
    out.segments[0]!.words.map((w) => [w.word, w.start]),
    [['Goodbye.', 5.6]],
  );
});

test('numbers written as digits span the words they were spoken as', () => {
  const words = ['I', 'PAID', 'TWENTY', 'DOLLARS'].map((word, i) => ({
    word,
    start: 2 + 0.5 * i,
    end: 2.5 + 0.5 * i,
    confidence: 1,
  }));
  const out = buildTranscript(words, new TextFormatter({ ...DEFAULT_TEXT_SETTINGS, digits: true }), about);
  assert.equal(out.text, 'I paid $20');
  assert.deepEqual(
    out.segments[0]!.words.map((w) => w.word),
    ['I', 'paid', '$20'],
  );
  assert.equal(out.segments[0]!.words[2]!.start, 3);
  assert.equal(out.segments[0]!.words[2]!.end, 4);
});
