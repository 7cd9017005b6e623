import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { audioDurationSeconds, durationFromHeader } from './audio-duration.ts';
import { ffmpeg, requireTools, sox } from '../testing/media.ts';
import { WavFileWriter, encodeWav, writeWavFile } from './wav-file.ts';

test('a WAV file’s length comes from its header, before any decoding', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'verba-duration-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const pcm = { samples: new Float32Array(16_000 * 3), sampleRate: 16_000 };
  await writeWavFile(join(dir, 'int16.wav'), pcm);
  await writeWavFile(join(dir, 'float.wav'), pcm, 'float32');
  assert.equal(await audioDurationSeconds(join(dir, 'int16.wav')), 3);
  assert.equal(await audioDurationSeconds(join(dir, 'float.wav')), 3);
  // A writer that never closed (a crash) leaves a data size of 0: the rest of the file is the data.
  const open = await WavFileWriter.create(join(dir, 'open.wav'), 16_000, 'int16');
  await open.append(new Float32Array(8000));
  assert.equal(await audioDurationSeconds(join(dir, 'open.wav')), 0.5);
  await open.close();
  // Not audio, empty, missing: unknown (the engine says what is wrong with them).
  await writeFile(join(dir, 'notes.txt'), 'hello');
  await writeFile(join(dir, 'empty.wav'), '');
  assert.equal(await audioDurationSeconds(join(dir, 'notes.txt')), null);
  assert.equal(await audioDurationSeconds(join(dir, 'empty.wav')), null);
  assert.equal(await audioDurationSeconds(join(dir, 'missing.wav')), null);
});

test('chunks before the data (LIST, bext) are skipped; stereo 44.1 kHz is read from fmt', () => {
  const wav = encodeWav({ samples: new Float32Array(16_000), sampleRate: 16_000 });
  const list = Buffer.concat([Buffer.from('LIST'), Buffer.from([5, 0, 0, 0]), Buffer.from('INFOx'), Buffer.from([0])]);
  const withList = Buffer.concat([wav.subarray(0, 36), list, wav.subarray(36)]);
  assert.equal(durationFromHeader(withList, withList.length), 1);
  const stereo = Buffer.from(wav);
  stereo.writeUInt32LE(44_100 * 4, 28); // bytes per second: 44.1 kHz × 2 channels × 16 bit
  stereo.writeUInt32LE(44_100 * 4 * 2, 40);
  assert.equal(durationFromHeader(stereo, 44 + 44_100 * 4 * 2), 2);
});

test('a FLAC file’s length is STREAMINFO’s sample count over its rate', () => {
  const head = Buffer.alloc(42);
  head.write('fLaC', 0, 'ascii');
  head[4] = 0x80; // last metadata block, type 0 (STREAMINFO), 34 bytes
  head[7] = 34;
  // 48 kHz (20 bits) | 2 channels - 1 (3 bits) | 16 bits - 1 (5 bits) | 36-bit total of 96 000 samples.
  const rate = 48_000;
  head[18] = rate >> 12;
  head[19] = (rate >> 4) & 0xff;
  head[20] = ((rate & 0x0f) << 4) | (1 << 1);
  head[21] = (15 << 4) | 0;
  head.writeUInt32BE(96_000, 22);
  assert.equal(durationFromHeader(head, 10_000), 2);
  head.writeUInt32BE(0, 22); // an encoder that did not know the total
  assert.equal(durationFromHeader(head, 10_000), null);
});

test('a FLAC file written by sox, and an mp3 (whose length needs a decode)', async (t) => {
  if (!requireTools(t, 'sox', 'ffmpeg')) return;
  const dir = await mkdtemp(join(tmpdir(), 'verba-duration-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await sox('-n', '-r', '44100', '-c', '2', join(dir, 'tone.flac'), 'synth', '2.5', 'sine', '440');
  assert.equal(await audioDurationSeconds(join(dir, 'tone.flac')), 2.5);
  await ffmpeg('-i', join(dir, 'tone.flac'), join(dir, 'tone.mp3'));
  assert.equal(await audioDurationSeconds(join(dir, 'tone.mp3')), null);
});
