import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VerbaError } from '../../common/result.ts';
import { Recognizer } from './recognizer.ts';
import { RecognizerStream } from './recognizer-stream.ts';
import { convertedSewdFixture, speechLike } from '../testing/fixtures.ts';

const SR = 16_000;

test('a failure in the background stops queueing at once: onError fires, the next acceptWaveform throws it, finish() rejects', async () => {
  const recognizer = await Recognizer.open(await convertedSewdFixture(), { threads: 1 });
  await recognizer.release(); // every window run now fails (SessionReleased), a real failure of the real session
  const errors: unknown[] = [];
  const stream = new RecognizerStream(recognizer, { onError: (e) => errors.push(e) });
  const audio = speechLike(90, 5);
  const frame = 1600;
  let thrown: unknown = null;
  let pushedAfterError = 0;
  for (let at = 0; at < audio.length && thrown === null; at += frame) {
    try {
      if (errors.length > 0) pushedAfterError++;
      stream.acceptWaveform(audio.subarray(at, at + frame));
    } catch (error) {
      thrown = error;
    }
    await new Promise((r) => setImmediate(r));
  }
  assert.ok(
    thrown instanceof VerbaError && thrown.code === 'SessionReleased',
    `acceptWaveform threw ${String(thrown)}`,
  );
  assert.equal(errors.length, 1);
  assert.equal(errors[0], thrown, 'onError and acceptWaveform report the same error');
  assert.equal(pushedAfterError, 1, 'the first push after the failure throws');
  assert.equal(stream.queuedSamples, 0, 'nothing is kept once the stream failed');
  await assert.rejects(stream.drain(), (e: unknown) => e === thrown);
  await assert.rejects(stream.finish(), (e: unknown) => e === thrown);
});

test('the queue is bounded: past maxQueuedSeconds the stream fails with one RecognizerBehind sentence; above high water acceptWaveform says wait', async () => {
  const recognizer = await Recognizer.open(await convertedSewdFixture(), { threads: 1 });
  try {
    const errors: unknown[] = [];
    const stream = new RecognizerStream(recognizer, {
      highWaterSeconds: 2,
      maxQueuedSeconds: 8,
      onError: (e) => errors.push(e),
    });
    const second = speechLike(1, 2);
    // Pushed synchronously, faster than any recogniser: nothing is taken from the queue meanwhile.
    const answers: boolean[] = [];
    for (let s = 0; s < 8; s++) answers.push(stream.acceptWaveform(second));
    assert.deepEqual(answers, [true, true, false, false, false, false, false, false]);
    assert.equal(stream.queuedSamples, 8 * SR);
    assert.throws(
      () => stream.acceptWaveform(second.subarray(0, 1)),
      (e: unknown) => {
        assert.ok(e instanceof VerbaError && e.code === 'RecognizerBehind');
        assert.match(e.message, /^Recognition fell more than 8 s behind the audio, .*\.$/);
        return true;
      },
    );
    assert.equal(stream.queuedSamples, 0);
    await assert.rejects(stream.finish(), (e: unknown) => e instanceof VerbaError && e.code === 'RecognizerBehind');
    assert.equal(errors.length, 1);
  } finally {
    await recognizer.release();
  }
});

test('a producer that awaits drain() feeds any length without crossing the bound', async () => {
  const recognizer = await Recognizer.open(await convertedSewdFixture(), { threads: 2 });
  try {
    const stream = new RecognizerStream(recognizer, { highWaterSeconds: 1, maxQueuedSeconds: 3 });
    const audio = speechLike(50, 8);
    let peak = 0;
    for (let at = 0; at < audio.length; at += 8000) {
      if (!stream.acceptWaveform(audio.subarray(at, at + 8000))) await stream.drain();
      peak = Math.max(peak, stream.queuedSamples);
    }
    const t = await stream.finish();
    assert.equal(t.duration_s, 50);
    assert.ok(peak <= 1.5 * SR, `peak queue ${peak} samples`);
  } finally {
    await recognizer.release();
  }
});
