import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TranscriptSegment } from '../../common/transcript.ts';
import { Recognizer } from './recognizer.ts';
import { RecognizerStream } from './recognizer-stream.ts';
import { convertedSewdFixture, speechLike } from '../testing/fixtures.ts';
import { transcribeSamples } from './transcribe.ts';

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
