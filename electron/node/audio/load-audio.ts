/**
 * Audio files → 16 kHz mono Float32 for the engine. Decoding is streamed (the file is read in
 * AUDIO_DEFAULTS.decodeReadBytes pieces, decoded, mixed to mono and resampled as it goes) so hour-long
 * recordings stay bounded in memory when consumed with `streamAudioFile`; containers whose index sits
 * at the end (mp4/m4a) are decoded whole by audio-decode, which is the best that format allows.
 *
 *   const { samples, duration } = await loadAudioFile('talk.mp3');        // whole file
 *   for await (const chunk of streamAudioFile('talk.flac')) feed(chunk);   // bounded memory
 */
import { open, stat } from 'node:fs/promises';
import { decodeChunked } from 'audio-decode';
import { AUDIO_DEFAULTS, SAMPLE_RATE } from '../../common/defaults.ts';
import { VerbaError } from '../../common/result.ts';
import { type AudioFormat, SNIFF_BYTES, id3Length, sniffAudioFormat, wavHeaderProblem } from './audio-format.ts';
import { Float32Accumulator, mixToMono } from './pcm.ts';
import { type Resampler, createResampler } from './resampler.ts';

export type { Pcm } from './pcm.ts';

export interface LoadedAudio {
  samples: Float32Array;
  sampleRate: 16000;
  /** Seconds of audio after decoding. */
  duration: number;
}

export interface AudioFileInfo {
  format: AudioFormat;
  /** Rate and channel count of the decoded source, before mixing and resampling. */
  sourceSampleRate: number;
  sourceChannels: number;
}

const baseName = (path: string) => path.split(/[\\/]/).pop() ?? path;

/** Reads the header bytes and names the container, or throws a VerbaError a person can act on. */
export async function probeAudioFile(path: string): Promise<AudioFormat> {
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new VerbaError('AudioNotFound', `${path} is not a file.`);
    size = info.size;
  } catch (error) {
    if (error instanceof VerbaError) throw error;
    throw new VerbaError('AudioNotFound', `The audio file ${path} does not exist or cannot be read.`, { cause: error });
  }
  if (size === 0) throw new VerbaError('AudioEmpty', `${baseName(path)} is empty (0 bytes).`);
  const file = await open(path, 'r');
  try {
    const head = Buffer.alloc(Math.min(SNIFF_BYTES, size));
    await file.read(head, 0, head.length, 0);
    const tag = id3Length(head);
    let after: Uint8Array | undefined;
    if (tag > 0 && tag < size) {
      after = Buffer.alloc(Math.min(SNIFF_BYTES, size - tag));
      await file.read(after, 0, after.length, tag);
    }
    const format = sniffAudioFormat(head, after);
    if (format === null) {
      throw new VerbaError(
        'AudioUnsupported',
        `${baseName(path)} is not an audio or video file Verba can read (wav, mp3, m4a/aac, ogg, opus, flac, webm, mp4, mkv).`,
      );
    }
    const problem = format === 'wav' ? wavHeaderProblem(head) : null;
    if (problem !== null) throw new VerbaError('AudioCorrupt', `${baseName(path)} is a damaged WAV file: ${problem}.`);
    return format;
  } finally {
    await file.close();
  }
}

async function* readChunks(path: string): AsyncGenerator<Uint8Array> {
  const file = await open(path, 'r');
  try {
    for (;;) {
      const buffer = Buffer.alloc(AUDIO_DEFAULTS.decodeReadBytes);
      const { bytesRead } = await file.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) return;
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await file.close();
  }
}

function corrupt(path: string, format: AudioFormat, error: unknown): VerbaError {
  const why = error instanceof Error ? error.message : String(error);
  return new VerbaError(
    'AudioCorrupt',
    `${baseName(path)} looks like ${format} but could not be decoded (${why.split('\n')[0]}).`,
    { cause: error },
  );
}

/**
 * Yields 16 kHz mono chunks (a few hundred ms to a few seconds each). `info`, when given, is filled in
 * once the first block is decoded.
 */
export async function* streamAudioFile(path: string, info?: Partial<AudioFileInfo>): AsyncGenerator<Float32Array> {
  const format = await probeAudioFile(path);
  if (info) info.format = format;
  let resampler: Resampler | null = null;
  let total = 0;
  // audio-decode's Format type omits 'mkv', which it does register (its webm decoder with mono de-duplication).
  const decoded = decodeChunked(readChunks(path), format as Parameters<typeof decodeChunked>[1]);
  try {
    for (;;) {
      let step: IteratorResult<{ channelData: Float32Array[]; sampleRate: number }>;
      try {
        step = await decoded.next();
      } catch (error) {
        throw corrupt(path, format, error);
      }
      if (step.done) break;
      const { channelData, sampleRate } = step.value;
      if (channelData.length === 0 || (channelData[0]?.length ?? 0) === 0) continue;
      if (!(sampleRate >= AUDIO_DEFAULTS.minSourceSampleRate && sampleRate <= AUDIO_DEFAULTS.maxSourceSampleRate))
        throw new VerbaError(
          'AudioUnsupported',
          `${baseName(path)} has a sample rate of ${sampleRate} Hz, outside the ${AUDIO_DEFAULTS.minSourceSampleRate / 1000}–${AUDIO_DEFAULTS.maxSourceSampleRate / 1000} kHz Verba reads.`,
        );
      if (channelData.length > AUDIO_DEFAULTS.maxSourceChannels)
        throw new VerbaError(
          'AudioUnsupported',
          `${baseName(path)} has ${channelData.length} channels, more than the ${AUDIO_DEFAULTS.maxSourceChannels} Verba reads.`,
        );
      if (resampler === null) {
        resampler = await createResampler(sampleRate, SAMPLE_RATE);
        if (info) Object.assign(info, { sourceSampleRate: sampleRate, sourceChannels: channelData.length });
      } else if (resampler.inRate !== sampleRate) {
        throw new VerbaError(
          'AudioUnsupported',
          `${baseName(path)} changes sample rate mid-stream (${resampler.inRate} → ${sampleRate} Hz), which Verba does not support.`,
        );
      }
      const out = resampler.push(mixToMono(channelData));
      total += out.length;
      if (out.length > 0) yield out;
    }
    const tail = resampler?.flush() ?? new Float32Array(0);
    if (total + tail.length === 0) {
      throw new VerbaError(
        'AudioEmpty',
        `${baseName(path)} contains no audio samples (a ${format} file with an empty or unreadable audio stream).`,
      );
    }
    if (tail.length > 0) yield tail;
  } finally {
    resampler?.destroy();
    await decoded.return(undefined);
  }
}

/** Decodes a whole file to 16 kHz mono. For hours of audio prefer `streamAudioFile`. */
export async function loadAudioFile(path: string): Promise<LoadedAudio> {
  const all = new Float32Accumulator();
  for await (const chunk of streamAudioFile(path)) all.push(chunk);
  const samples = all.toArray();
  return { samples, sampleRate: SAMPLE_RATE, duration: samples.length / SAMPLE_RATE };
}
