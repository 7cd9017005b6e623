import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { audioIdOfPath } from '../../common/contract/library.ts';
import { TranscriptLibrary } from '../storage/transcript-library.ts';
import { makeTranscript } from '../testing/transcripts.ts';
import { audioMimeType, audioReply, libraryAudioSource, parseRange } from './transcript-audio.ts';

test('byte ranges as media players ask for them', () => {
  assert.equal(parseRange(null, 100), null);
  assert.equal(parseRange('items=0-1', 100), null);
  assert.deepEqual(parseRange('bytes=0-', 100), { start: 0, end: 99 });
  assert.deepEqual(parseRange('bytes=10-19', 100), { start: 10, end: 19 });
  assert.deepEqual(parseRange('bytes=90-500', 100), { start: 90, end: 99 });
  assert.deepEqual(parseRange('bytes=-30', 100), { start: 70, end: 99 });
  assert.deepEqual(parseRange('bytes=0-1,5-6', 100), { start: 0, end: 1 });
  assert.equal(parseRange('bytes=100-', 100), 'unsatisfiable');
  assert.equal(parseRange('bytes=-0', 100), 'unsatisfiable');
  assert.equal(parseRange('bytes=20-10', 100), null);
});

test('only a transcript id names audio: anything else in the URL path is refused', () => {
  assert.equal(audioIdOfPath('/12'), 12);
  for (const bad of ['/0', '/-1', '/1.5', '/../etc/passwd', '/12/x', '//12', '/%2e%2e', '/99999999999999999999'])
    assert.equal(audioIdOfPath(bad), null, bad);
  assert.equal(audioMimeType('/a/b.WAV'), 'audio/wav');
  assert.equal(audioMimeType('/a/b.exe'), 'application/octet-stream');
});

test('the library is the only map from id to file; a deleted transcript or a missing file is a 404', async (t) => {
  const root = await mkdtemp(join(tmpdir(), 'verba-audio-'));
  const dir = join(root, 'library');
  const library = await TranscriptLibrary.open(dir);
  t.after(async () => {
    library.close();
    await rm(root, { recursive: true, force: true });
  });
  const audio = join(root, 'talk.wav');
  await writeFile(audio, Buffer.alloc(1000, 7));
  const id = await library.add({ transcript: makeTranscript(['Hello there.']), kind: 'file', audioPath: audio });
  const source = libraryAudioSource(dir);

  const whole = await audioReply(source, id, null);
  assert.equal(whole.status, 200);
  assert.equal(whole.headers['content-length'], '1000');
  assert.equal(whole.headers['content-type'], 'audio/wav');
  assert.deepEqual(whole.file, { path: audio, start: 0, end: 999 });

  const part = await audioReply(source, id, 'bytes=100-');
  assert.equal(part.status, 206);
  assert.equal(part.headers['content-range'], 'bytes 100-999/1000');
  assert.equal(part.headers['content-length'], '900');
  assert.equal((await audioReply(source, id, 'bytes=5000-')).status, 416);

  assert.equal((await audioReply(source, null)).status, 404);
  assert.equal((await audioReply(source, id + 1)).status, 404);
  await library.delete(id);
  assert.equal((await audioReply(source, id)).status, 404);
  await library.restore(id);
  await rm(audio);
  assert.equal((await audioReply(source, id)).status, 404);
});
