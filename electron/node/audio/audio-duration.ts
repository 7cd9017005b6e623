/**
 * A recording's length read from its header, before it is decoded, so a file queue can show a
 * fraction and an ETA while the engine streams it. Exact for WAV (the data chunk's size) and FLAC
 * (STREAMINFO's sample count); null for containers whose length needs a decode (mp3, m4a, ogg…) and
 * for anything unreadable — the engine reports those problems itself.
 *
 *   const total = await audioDurationSeconds('/home/ada/talk.wav'); // 75.2, or null
 */
import { open } from 'node:fs/promises';

/** Enough to reach a WAV data chunk behind LIST/bext chunks, and FLAC's first metadata block. */
const HEAD_BYTES = 64 * 1024;

export async function audioDurationSeconds(path: string): Promise<number | null> {
  try {
    const file = await open(path, 'r');
    try {
      const { size } = await file.stat();
      const head = Buffer.alloc(Math.min(HEAD_BYTES, size));
      await file.read(head, 0, head.length, 0);
      return durationFromHeader(head, size);
    } finally {
      await file.close();
    }
  } catch {
    return null;
  }
}

/** Seconds from a file's first bytes and its size; null when the header does not say. */
export function durationFromHeader(head: Buffer, fileSize: number): number | null {
  if (head.length >= 12 && head.toString('ascii', 0, 4) === 'RIFF' && head.toString('ascii', 8, 12) === 'WAVE')
    return wavDuration(head, fileSize);
  if (head.length >= 42 && head.toString('ascii', 0, 4) === 'fLaC') return flacDuration(head);
  return null;
}

function wavDuration(head: Buffer, fileSize: number): number | null {
  let bytesPerSecond = 0;
  for (let at = 12; at + 8 <= head.length;) {
    const id = head.toString('ascii', at, at + 4);
    const size = head.readUInt32LE(at + 4);
    if (id === 'fmt ' && at + 16 <= head.length) bytesPerSecond = head.readUInt32LE(at + 16);
    if (id === 'data') {
      if (bytesPerSecond <= 0) return null;
      // A writer that never closed leaves 0 (or 0xFFFFFFFF) here: the rest of the file is the data.
      const available = fileSize - (at + 8);
      const bytes = size === 0 || size > available ? available : size;
      return bytes > 0 ? bytes / bytesPerSecond : null;
    }
    at += 8 + size + (size % 2); // chunks are word-aligned
  }
  return null;
}

function flacDuration(head: Buffer): number | null {
  // The first metadata block is STREAMINFO (type 0): rate (20 bits), channels, depth, samples (36 bits).
  if ((head[4]! & 0x7f) !== 0) return null;
  const info = 8;
  const rate = (head[info + 10]! << 12) | (head[info + 11]! << 4) | (head[info + 12]! >> 4);
  const samples = (head[info + 13]! & 0x0f) * 2 ** 32 + head.readUInt32BE(info + 14);
  return rate > 0 && samples > 0 ? samples / rate : null;
}
