/**
 * WAV (RIFF) writing: whole buffers, or incrementally with the header patched on close
 * (`verba record` and the spool use the incremental writer).
 *
 *   await writeWavFile('out.wav', { samples, sampleRate: 16_000 });          // 16-bit PCM
 *   const w = await WavFileWriter.create('out.wav', 16_000, 'float32');
 *   await w.append(frame); await w.close();
 */
import { open, writeFile } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import type { Pcm } from './pcm.ts';

export type WavSampleFormat = 'int16' | 'float32';

/** Size of the canonical header below; sample data starts right after it. */
export const WAV_HEADER_BYTES = 44;
const HEADER_BYTES = WAV_HEADER_BYTES;
/** Byte offsets inside the canonical header that readers of our own files need. */
const SAMPLE_RATE_OFFSET = 24;
const FORMAT_TAG_OFFSET = 20;

export interface WavHeaderInfo {
  sampleRate: number;
  format: WavSampleFormat;
}

/**
 * Reads back a header written by `wavHeader` (the sizes are ignored: a crashed writer leaves them 0).
 * Null when `bytes` does not start with one.
 */
export function readWavHeader(bytes: Uint8Array): WavHeaderInfo | null {
  if (bytes.length < HEADER_BYTES) return null;
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, HEADER_BYTES);
  if (b.toString('ascii', 0, 4) !== 'RIFF' || b.toString('ascii', 8, 12) !== 'WAVE') return null;
  const tag = b.readUInt16LE(FORMAT_TAG_OFFSET);
  if (tag !== 1 && tag !== 3) return null;
  return { sampleRate: b.readUInt32LE(SAMPLE_RATE_OFFSET), format: tag === 1 ? 'int16' : 'float32' };
}

/** Canonical 44-byte header for mono audio; `dataBytes` may be 0 while a file is still growing. */
export function wavHeader(sampleRate: number, format: WavSampleFormat, dataBytes: number): Buffer {
  const bytesPerSample = format === 'int16' ? 2 : 4;
  const h = Buffer.alloc(HEADER_BYTES);
  h.write('RIFF', 0, 'ascii');
  h.writeUInt32LE(Math.min(0xffffffff, 36 + dataBytes), 4);
  h.write('WAVE', 8, 'ascii');
  h.write('fmt ', 12, 'ascii');
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(format === 'int16' ? 1 : 3, FORMAT_TAG_OFFSET); // 1 = integer PCM, 3 = IEEE float
  h.writeUInt16LE(1, 22);
  h.writeUInt32LE(sampleRate, SAMPLE_RATE_OFFSET);
  h.writeUInt32LE(sampleRate * bytesPerSample, 28);
  h.writeUInt16LE(bytesPerSample, 32);
  h.writeUInt16LE(bytesPerSample * 8, 34);
  h.write('data', 36, 'ascii');
  h.writeUInt32LE(Math.min(0xffffffff, dataBytes), 40);
  return h;
}

/** Float [-1, 1] → little-endian sample bytes. int16 clips and rounds (no dither: speech, not mastering). */
export function encodeSamples(samples: Float32Array, format: WavSampleFormat): Buffer {
  if (format === 'float32') {
    const b = Buffer.alloc(samples.length * 4);
    for (let i = 0; i < samples.length; i++) b.writeFloatLE(samples[i]!, i * 4);
    return b;
  }
  const b = Buffer.alloc(samples.length * 2);
  for (let i = 0; i < samples.length; i++) {
    const v = Math.max(-1, Math.min(1, samples[i]!));
    b.writeInt16LE(Math.round(v < 0 ? v * 0x8000 : v * 0x7fff), i * 2);
  }
  return b;
}

export function encodeWav(pcm: Pcm, format: WavSampleFormat = 'int16'): Buffer {
  const data = encodeSamples(pcm.samples, format);
  return Buffer.concat([wavHeader(pcm.sampleRate, format, data.length), data]);
}

export async function writeWavFile(path: string, pcm: Pcm, format: WavSampleFormat = 'int16'): Promise<void> {
  await writeFile(path, encodeWav(pcm, format));
}

/** Appends mono frames to a WAV file; the sizes in the header are fixed up by `close()`. */
export class WavFileWriter {
  readonly path: string;
  readonly sampleRate: number;
  readonly format: WavSampleFormat;
  #file: FileHandle;
  #dataBytes = 0;
  #closed = false;

  private constructor(path: string, file: FileHandle, sampleRate: number, format: WavSampleFormat) {
    this.path = path;
    this.#file = file;
    this.sampleRate = sampleRate;
    this.format = format;
  }

  static async create(path: string, sampleRate: number, format: WavSampleFormat = 'int16'): Promise<WavFileWriter> {
    const file = await open(path, 'w');
    await file.write(wavHeader(sampleRate, format, 0), 0, HEADER_BYTES, 0);
    return new WavFileWriter(path, file, sampleRate, format);
  }

  get samplesWritten(): number {
    return this.#dataBytes / (this.format === 'int16' ? 2 : 4);
  }

  async append(samples: Float32Array): Promise<void> {
    if (this.#closed) throw new Error(`${this.path} is already closed.`);
    const bytes = encodeSamples(samples, this.format);
    await this.#file.write(bytes, 0, bytes.length, HEADER_BYTES + this.#dataBytes);
    this.#dataBytes += bytes.length;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#file.write(wavHeader(this.sampleRate, this.format, this.#dataBytes), 0, HEADER_BYTES, 0);
    await this.#file.close();
  }
}
