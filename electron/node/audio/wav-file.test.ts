import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadAudioFile } from './load-audio.ts';
import { WAV_HEADER_BYTES, WavFileWriter, encodeWav, readWavHeader, wavHeader, writeWavFile } from './wav-file.ts';

test('16-bit and float WAVs read back through the file decoder', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'verba-wav-'));
  try {
    const samples = Float32Array.from({ length: 16000 }, (_, i) => 0.8 * Math.sin(i / 7));
    const int16 = join(dir, 'a.wav');
    await writeWavFile(int16, { samples, sampleRate: 16000 });
    const back16 = await loadAudioFile(int16);
    assert.equal(back16.samples.length, samples.length);
    for (let i = 0; i < samples.length; i++) assert.ok(Math.abs(back16.samples[i]! - samples[i]!) <= 1 / 32767);

    const float = join(dir, 'b.wav');
    const writer = await WavFileWriter.create(float, 16000, 'float32');
    await writer.append(samples.subarray(0, 5000));
    await writer.append(samples.subarray(5000));
    assert.equal(writer.samplesWritten, samples.length);
    await writer.close();
    assert.deepEqual((await loadAudioFile(float)).samples, samples);
    assert.deepEqual(await readFile(float), encodeWav({ samples, sampleRate: 16000 }, 'float32'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('16-bit encoding clips out-of-range input instead of wrapping', () => {
  const wav = encodeWav({ samples: Float32Array.of(2, -2, 1, -1), sampleRate: 16000 });
  assert.deepEqual(
    [0, 1, 2, 3].map((i) => wav.readInt16LE(44 + 2 * i)),
    [32767, -32768, 32767, -32768],
  );
  assert.equal(wav.readUInt32LE(40), 8);
  assert.equal(wav.readUInt32LE(4), 36 + 8);
});

test('readWavHeader reads back what wavHeader wrote and refuses anything else', () => {
  assert.deepEqual(readWavHeader(wavHeader(48_000, 'int16', 0)), { sampleRate: 48_000, format: 'int16' });
  assert.deepEqual(readWavHeader(wavHeader(16_000, 'float32', 1234)), { sampleRate: 16_000, format: 'float32' });
  assert.equal(readWavHeader(Buffer.from('garbage')), null);
  assert.equal(readWavHeader(Buffer.alloc(WAV_HEADER_BYTES)), null);
});
