import assert from 'node:assert/strict';
import { mkdtemp, open, rm, stat, writeFile, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { VerbaError } from '../../common/result.ts';
import { loadAudioFile, streamAudioFile } from './load-audio.ts';
import { alignedCorrelation, ffmpeg, requireTools, rms, sox, speak } from '../testing/media.ts';
import { wavHeader } from './wav-file.ts';

const SENTENCE = 'The quick brown fox jumps over the lazy dog, then rests by the river.';
const haveTools = ['espeak-ng', 'ffmpeg', 'sox'];
let dir = '';
let reference: Float32Array;
let referenceSeconds = 0;

/** Correlation of `decoded` against the reference, allowing an encoder delay of up to 100 ms either way. */
const correlate = (decoded: Float32Array) => alignedCorrelation(decoded, reference, -1600, 1600).correlation;

const rejectsWith = async (promise: Promise<unknown>, code: string) =>
  assert.rejects(
    promise,
    (e: unknown) => e instanceof VerbaError && e.code === code && e.message.length > 10 && !e.message.includes('\n'),
  );

describe('loadAudioFile', () => {
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'verba-load-audio-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('every supported format decodes to the same 16 kHz mono speech as the WAV it was made from', async (t) => {
    if (!requireTools(t, ...haveTools)) return;
    const wav = join(dir, 'ref.wav');
    await speak(SENTENCE, wav);
    // sox reports the source duration independently of our decoder.
    referenceSeconds = Number((await import('node:child_process')).execFileSync('soxi', ['-D', wav]).toString());
    const ref = await loadAudioFile(wav);
    reference = ref.samples;
    assert.equal(ref.sampleRate, 16000);
    assert.ok(
      Math.abs(ref.duration - referenceSeconds) < 0.002,
      `wav duration ${ref.duration} vs sox ${referenceSeconds}`,
    );

    const cases: { name: string; args: string[]; minCorrelation: number }[] = [
      { name: 'flac', args: ['-c:a', 'flac'], minCorrelation: 0.999 },
      { name: 'mp3', args: ['-c:a', 'libmp3lame', '-b:a', '64k'], minCorrelation: 0.9 },
      { name: 'ogg', args: ['-c:a', 'libvorbis', '-q:a', '4'], minCorrelation: 0.9 },
      { name: 'opus', args: ['-c:a', 'libopus', '-b:a', '48k'], minCorrelation: 0.9 },
      { name: 'm4a', args: ['-c:a', 'aac', '-b:a', '96k'], minCorrelation: 0.9 },
      { name: 'aac', args: ['-c:a', 'aac', '-b:a', '96k', '-f', 'adts'], minCorrelation: 0.9 },
      { name: 'webm', args: ['-c:a', 'libopus', '-b:a', '48k'], minCorrelation: 0.9 },
    ];
    for (const c of cases) {
      const out = join(dir, `speech.${c.name}`);
      await ffmpeg('-i', wav, ...c.args, out);
      const decoded = await loadAudioFile(out);
      assert.ok(
        Math.abs(decoded.duration - referenceSeconds) <= 0.02,
        `${c.name}: ${decoded.duration} s vs ${referenceSeconds} s`,
      );
      assert.equal(decoded.samples.length, Math.round(decoded.duration * 16000));
      const r = correlate(decoded.samples);
      assert.ok(r >= c.minCorrelation, `${c.name}: correlation ${r.toFixed(4)} < ${c.minCorrelation}`);
    }
    // Video containers: the audio track of an H.264 mp4 and a VP8/Vorbis mkv.
    for (const [name, video] of [
      ['mp4', ['-c:v', 'libx264', '-c:a', 'aac']],
      ['mkv', ['-c:v', 'libvpx', '-c:a', 'libvorbis']],
    ] as const) {
      const out = join(dir, `movie.${name}`);
      await ffmpeg(
        '-f',
        'lavfi',
        '-i',
        `color=c=blue:s=64x48:d=${referenceSeconds}`,
        '-i',
        wav,
        '-shortest',
        ...video,
        out,
      );
      const decoded = await loadAudioFile(out);
      assert.ok(
        Math.abs(decoded.duration - referenceSeconds) <= 0.02,
        `${name}: ${decoded.duration} s vs ${referenceSeconds} s`,
      );
      assert.ok(correlate(decoded.samples) >= 0.9, `${name}: correlation ${correlate(decoded.samples)}`);
    }
  });

  test('8 kHz mono and 48 kHz stereo are resampled and mixed down', async (t) => {
    if (!requireTools(t, ...haveTools) || reference === undefined) return;
    const wav = join(dir, 'ref.wav');
    const low = join(dir, 'speech-8k.wav');
    await sox(wav, '-r', '8000', low);
    const decodedLow = await loadAudioFile(low);
    assert.ok(Math.abs(decodedLow.duration - referenceSeconds) <= 0.02);
    assert.ok(correlate(decodedLow.samples) >= 0.9, `8 kHz correlation ${correlate(decodedLow.samples)}`);

    // Left = speech, right = speech at half level: the mono mix is 0.75 × speech.
    const stereo = join(dir, 'speech-48k-stereo.wav');
    await sox(wav, '-r', '48000', '-c', '2', stereo, 'remix', '1', '1v0.5');
    const decodedStereo = await loadAudioFile(stereo);
    assert.ok(Math.abs(decodedStereo.duration - referenceSeconds) <= 0.02);
    assert.ok(correlate(decodedStereo.samples) >= 0.99);
    const ratio = rms(decodedStereo.samples) / rms(reference);
    assert.ok(Math.abs(ratio - 0.75) < 0.02, `mono mix level ratio ${ratio.toFixed(3)}, expected 0.75`);
  });

  test('bad input gets one clear sentence, never a crash', async (t) => {
    await rejectsWith(loadAudioFile(join(dir, 'missing.wav')), 'AudioNotFound');
    const empty = join(dir, 'empty.wav');
    await writeFile(empty, '');
    await rejectsWith(loadAudioFile(empty), 'AudioEmpty');
    const text = join(dir, 'notes.wav');
    await writeFile(text, 'Meeting notes: buy milk.\n'.repeat(20));
    await rejectsWith(loadAudioFile(text), 'AudioUnsupported');

    // A valid header that declares 0 channels, followed by a second of data.
    const zeroChannels = Buffer.concat([wavHeader(16000, 'int16', 32000), Buffer.alloc(32000)]);
    zeroChannels.writeUInt16LE(0, 22);
    const zc = join(dir, 'zero-channels.wav');
    await writeFile(zc, zeroChannels);
    await rejectsWith(loadAudioFile(zc), 'AudioCorrupt');

    if (!requireTools(t, ...haveTools) || reference === undefined) return;
    // A truncated mp3 decodes to the audio its bytes hold (CBR: proportional), matching the start.
    const mp3 = join(dir, 'speech.mp3');
    const bytes = await readFile(mp3);
    const cut = join(dir, 'truncated.mp3');
    await writeFile(cut, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const partial = await loadAudioFile(cut);
    assert.ok(
      Math.abs(partial.duration - referenceSeconds / 2) < 0.3,
      `truncated mp3 gave ${partial.duration} s of ${referenceSeconds} s`,
    );
    const head = reference.subarray(0, partial.samples.length - 1600);
    assert.ok(alignedCorrelation(partial.samples, head, -1600, 1600).correlation >= 0.9);
    // A truncated mp4 loses its index: that is an error, not silence.
    const m4a = await readFile(join(dir, 'speech.m4a'));
    const cutM4a = join(dir, 'truncated.m4a');
    await writeFile(cutM4a, m4a.subarray(0, Math.floor(m4a.length / 2)));
    await rejectsWith(loadAudioFile(cutM4a), 'AudioCorrupt');
  });

  test('an hour-long file streams in bounded memory with the right duration', async (t) => {
    // 1 h of 16 kHz 16-bit silence (115 MB) written in 1 MB blocks; decoding it whole would need 230 MB of float32.
    const path = join(dir, 'hour.wav');
    const seconds = 3600;
    const dataBytes = seconds * 16000 * 2;
    const file = await open(path, 'w');
    await file.write(wavHeader(16000, 'int16', dataBytes));
    const block = Buffer.alloc(1 << 20);
    for (let written = 0; written < dataBytes; written += block.length)
      await file.write(block, 0, Math.min(block.length, dataBytes - written));
    await file.close();
    assert.equal((await stat(path)).size, 44 + dataBytes);

    globalThis.gc?.();
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    let samples = 0;
    let nonZero = 0;
    let chunks = 0;
    let largest = 0;
    for await (const chunk of streamAudioFile(path)) {
      samples += chunk.length;
      chunks++;
      largest = Math.max(largest, chunk.length);
      for (let i = 0; i < chunk.length; i += 997) if (chunk[i] !== 0) nonZero++;
      peak = Math.max(peak, process.memoryUsage().rss);
    }
    await rm(path);
    assert.equal(samples, seconds * 16000);
    assert.equal(nonZero, 0);
    const grownMb = (peak - baseline) / 2 ** 20;
    assert.ok(
      grownMb < 120,
      `RSS grew by ${grownMb.toFixed(0)} MB while streaming an hour (bounded streaming should stay far below 230 MB)`,
    );
    // The direct evidence of streaming: the hour arrives in many pieces of at most one read's worth.
    assert.ok(chunks > 100, `only ${chunks} chunks`);
    assert.ok(largest <= (1 << 20) / 2, `a chunk of ${largest} samples is larger than one 1 MB read`);
    t.diagnostic(`hour-long wav: ${chunks} chunks, largest ${largest} samples, RSS grew ${grownMb.toFixed(1)} MB`);
  });
});
