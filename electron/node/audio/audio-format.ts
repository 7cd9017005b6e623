/**
 * Recognises an audio container from its first bytes (never from the file name: a text file renamed
 * .wav must be refused, and a .mp4 with AAC inside must be decoded).
 *
 *   sniffAudioFormat(firstBytes)   // 'mp3' | 'flac' | … | null
 */

import { AUDIO_DEFAULTS } from '../../common/defaults.ts';

/** Names accepted by audio-decode's chunked decoder. */
export type AudioFormat = 'wav' | 'mp3' | 'aac' | 'flac' | 'm4a' | 'opus' | 'oga' | 'webm' | 'mkv' | 'aiff' | 'caf';

/** How many leading bytes sniffing needs (an ID3 tag with cover art is skipped by offset, not read). */
export const SNIFF_BYTES = 4096;

const ascii = (b: Uint8Array, at: number, text: string): boolean => {
  if (at + text.length > b.length) return false;
  for (let i = 0; i < text.length; i++) if (b[at + i] !== text.charCodeAt(i)) return false;
  return true;
};

const indexOfAscii = (b: Uint8Array, text: string, limit: number): number => {
  const end = Math.min(b.length, limit) - text.length;
  for (let i = 0; i <= end; i++) if (ascii(b, i, text)) return i;
  return -1;
};

/** MPEG audio frame sync with a valid layer (layer 00 is ADTS AAC). */
const isMpegSync = (b: Uint8Array, at: number) =>
  b[at] === 0xff && ((b[at + 1] ?? 0) & 0xe0) === 0xe0 && ((b[at + 1] ?? 0) & 0x06) !== 0;
const isAdts = (b: Uint8Array, at: number) => b[at] === 0xff && ((b[at + 1] ?? 0) & 0xf6) === 0xf0;

/** Size of a leading ID3v2 tag (header + body + optional footer), 0 when there is none. */
export function id3Length(b: Uint8Array): number {
  if (b.length < 10 || !ascii(b, 0, 'ID3')) return 0;
  const size = ((b[6]! & 0x7f) << 21) | ((b[7]! & 0x7f) << 14) | ((b[8]! & 0x7f) << 7) | (b[9]! & 0x7f);
  return 10 + size + ((b[5]! & 0x10) !== 0 ? 10 : 0);
}

/**
 * `head` is the file's first SNIFF_BYTES; `afterId3` the bytes right after an ID3 tag when there is one
 * (ID3v2 also prefixes FLAC and AAC files).
 */
export function sniffAudioFormat(head: Uint8Array, afterId3?: Uint8Array): AudioFormat | null {
  if (ascii(head, 0, 'RIFF') && ascii(head, 8, 'WAVE')) return 'wav';
  if (ascii(head, 0, 'FORM') && (ascii(head, 8, 'AIFF') || ascii(head, 8, 'AIFC'))) return 'aiff';
  if (ascii(head, 0, 'caff')) return 'caf';
  if (ascii(head, 0, 'fLaC')) return 'flac';
  if (ascii(head, 4, 'ftyp')) return 'm4a';
  if (ascii(head, 0, 'OggS')) {
    if (indexOfAscii(head, 'OpusHead', 256) >= 0) return 'opus';
    if (indexOfAscii(head, '\x7fFLAC', 256) >= 0) return 'flac';
    if (indexOfAscii(head, '\x01vorbis', 256) >= 0) return 'oga';
    return null;
  }
  if (head[0] === 0x1a && head[1] === 0x45 && head[2] === 0xdf && head[3] === 0xa3) {
    return indexOfAscii(head, 'webm', 64) >= 0 ? 'webm' : 'mkv';
  }
  if (id3Length(head) > 0) {
    if (afterId3 === undefined || afterId3.length === 0) return 'mp3';
    return sniffAudioFormat(afterId3) ?? (isMpegSync(afterId3, 0) ? 'mp3' : null);
  }
  if (isAdts(head, 0)) return 'aac';
  if (isMpegSync(head, 0) && isPlausibleMpegHeader(head)) return 'mp3';
  return null;
}

/** Rejects random bytes starting with 0xFF: the bitrate and rate fields must not be the reserved values. */
function isPlausibleMpegHeader(b: Uint8Array): boolean {
  if (b.length < 4) return false;
  const bitrate = b[2]! >> 4;
  const rate = (b[2]! >> 2) & 0x03;
  return bitrate !== 0x0f && rate !== 0x03;
}

/**
 * A reason the WAV header cannot describe real audio (0 channels, 0 Hz, 0-bit samples), or null.
 * Decoders tend to return "no samples" for these; the user deserves the actual reason.
 */
export function wavHeaderProblem(head: Uint8Array): string | null {
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  let at = 12;
  while (at + 8 <= head.length) {
    const size = view.getUint32(at + 4, true);
    if (ascii(head, at, 'fmt ')) {
      if (at + 24 > head.length) return null;
      const channels = view.getUint16(at + 10, true);
      const rate = view.getUint32(at + 12, true);
      const bits = view.getUint16(at + 22, true);
      if (channels === 0) return 'its header declares 0 channels';
      if (rate === 0) return 'its header declares a sample rate of 0 Hz';
      if (bits === 0) return 'its header declares 0-bit samples';
      if (channels > AUDIO_DEFAULTS.maxSourceChannels) return `its header declares ${channels} channels`;
      if (rate < AUDIO_DEFAULTS.minSourceSampleRate || rate > AUDIO_DEFAULTS.maxSourceSampleRate)
        return `its header declares a sample rate of ${rate} Hz`;
      if (![8, 16, 24, 32, 64].includes(bits)) return `its header declares ${bits}-bit samples`;
      return null;
    }
    at += 8 + size + (size % 2);
  }
  return null;
}
