import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openSessionCount } from '../onnx/ort.ts';
import { FileTranscriber, releaseAll } from './file-transcriber.ts';
import { convertedSewdFixture } from '../testing/fixtures.ts';

test('open() that fails on bad beam options leaves no onnxruntime session open (model or VAD)', async () => {
  const model = await convertedSewdFixture();
  const before = openSessionCount();
  // Beam width 0 is rejected by BeamSearchDecoder: the failure comes after the model (and, before the fix, the VAD) opened.
  await assert.rejects(FileTranscriber.open({ model, beam: { width: 0 }, vadCuts: true }), RangeError);
  assert.equal(openSessionCount(), before, 'a session leaked');
  const ok = await FileTranscriber.open({ model, vadCuts: true });
  assert.equal(openSessionCount(), before + 2, 'model and Silero VAD');
  await ok.release();
  assert.equal(openSessionCount(), before);
});

test('releaseAll releases every resource even when one release throws, then reports the first failure', async () => {
  const released: string[] = [];
  const failing = { release: () => Promise.reject(new Error('vad release failed')) };
  const named = (name: string) => ({ release: async () => void released.push(name) });
  await assert.rejects(
    releaseAll([failing, null, named('model'), { release: () => Promise.reject(new Error('second')) }, named('last')]),
    /vad release failed/,
  );
  assert.deepEqual(released, ['model', 'last']);
  await releaseAll([]);
});
