/**
 * Broken and hostile audio files, built byte by byte (WAV) or with sox (FLAC), fed to the file decoder.
 */
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadAudioFile, streamAudioFile } from '../../audio/load-audio.ts';
import { sox } from '../media.ts';
import type { BadInputCase } from './corpus.ts';

interface WavSpec {
  rate?: number;
  channels?: number;
  bits?: number;
  /** 1 = PCM, 3 = IEEE float. */
  format?: number;
  /** The sample bytes actually present. */
  data?: Uint8Array;
  /** What the data chunk's size field claims (default: the real size). */
  claimedData?: number;
  claimedRiff?: number;
}

/** A canonical 44-byte-header WAV whose fields can lie. */
export function wavBytes(spec: WavSpec = {}): Uint8Array {
  const { rate = 16_000, channels = 1, bits = 16, format = 1 } = spec;
  const data = spec.data ?? tone(0.5, rate > 0 && rate < 200_000 ? rate : 16_000, channels);
  const out = new Uint8Array(44 + data.length);
  const view = new DataView(out.buffer);
  const text = (at: number, s: string) => [...s].forEach((c, i) => (out[at + i] = c.charCodeAt(0)));
  text(0, 'RIFF');
  view.setUint32(4, spec.claimedRiff ?? 36 + data.length, true);
  text(8, 'WAVE');
  text(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, format, true);
  view.setUint16(22, channels, true);
  view.setUint32(24, rate, true);
  view.setUint32(28, (rate * channels * bits) / 8, true);
  view.setUint16(32, (channels * bits) / 8, true);
  view.setUint16(34, bits, true);
  text(36, 'data');
  view.setUint32(40, spec.claimedData ?? data.length, true);
  out.set(data, 44);
  return out;
}

/** `seconds` of a 440 Hz int16 tone, interleaved over `channels`. */
function tone(seconds: number, rate: number, channels: number): Uint8Array {
  const frames = Math.round(seconds * rate);
  const view = new DataView(new ArrayBuffer(frames * channels * 2));
  for (let i = 0; i < frames; i++)
    for (let c = 0; c < channels; c++)
      view.setInt16((i * channels + c) * 2, Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / rate)), true);
  return new Uint8Array(view.buffer);
}

const input = async (dir: string, name: string, bytes: Uint8Array | string) => {
  await mkdir(join(dir, 'in'), { recursive: true });
  await writeFile(join(dir, 'in', name), bytes);
  return join(dir, 'in', name);
};
const decode = (name: string, bytes: () => Uint8Array | string) => async (dir: string) =>
  loadAudioFile(await input(dir, name, bytes()));
const seconds =
  (expected: number, tolerance = 0.02) =>
  (value: unknown) => {
    const { duration } = value as { duration: number };
    assert.ok(Math.abs(duration - expected) <= tolerance, `decoded ${duration} s, expected ${expected} s`);
  };

export function audioCases(): BadInputCase[] {
  const half = tone(0.5, 16_000, 1);
  return [
    { group: 'audio', name: 'an empty file', run: decode('empty.wav', () => ''), refuse: { code: 'AudioEmpty' } },
    {
      group: 'audio',
      name: 'a missing file',
      run: (dir) => loadAudioFile(join(dir, 'in', 'nowhere.wav')),
      refuse: { code: 'AudioNotFound' },
    },
    {
      group: 'audio',
      name: 'a folder named like audio',
      run: async (dir) => {
        await mkdir(join(dir, 'in', 'folder.wav'), { recursive: true });
        return loadAudioFile(join(dir, 'in', 'folder.wav'));
      },
      refuse: { code: 'AudioNotFound', says: /is not a file/ },
    },
    {
      group: 'audio',
      name: 'text renamed .wav',
      run: decode('notes.wav', () => 'Meeting notes: buy milk.\n'),
      refuse: { code: 'AudioUnsupported' },
    },
    {
      group: 'audio',
      name: 'a WAV with the wrong extension (.mp3) is read by its content',
      run: decode('actually-wav.mp3', () => wavBytes()),
      accept: seconds(0.5),
    },
    {
      group: 'audio',
      name: 'a WAV cut off mid-sample keeps what is there',
      run: decode('cut.wav', () => wavBytes().subarray(0, 44 + 8001)),
      accept: seconds(0.25),
    },
    {
      group: 'audio',
      name: 'a WAV cut off inside its header',
      run: decode('cut-header.wav', () => wavBytes().subarray(0, 30)),
      refuse: { code: 'AudioEmpty' },
    },
    {
      group: 'audio',
      name: 'a 0-length data chunk',
      run: decode('no-data.wav', () => wavBytes({ data: new Uint8Array(0) })),
      refuse: { code: 'AudioEmpty' },
    },
    {
      group: 'audio',
      name: 'a data chunk claiming 4 GB over 0.5 s of samples',
      run: decode('claims-4gb.wav', () => wavBytes({ data: half, claimedData: 0xffffffff, claimedRiff: 0xffffffff })),
      accept: seconds(0.5),
    },
    {
      group: 'audio',
      name: 'a sample rate of 1 Hz',
      run: decode('rate-1.wav', () => wavBytes({ rate: 1, data: half })),
      refuse: { code: 'AudioCorrupt', says: /sample rate of \d+ Hz/ },
    },
    {
      group: 'audio',
      name: 'a sample rate of 4 GHz',
      run: decode('rate-4g.wav', () => wavBytes({ rate: 4_000_000_000, data: half })),
      refuse: { code: 'AudioCorrupt', says: /sample rate of \d+ Hz/ },
    },
    {
      group: 'audio',
      name: 'a sample rate of 0 Hz',
      run: decode('rate-0.wav', () => wavBytes({ rate: 0, data: half })),
      refuse: { code: 'AudioCorrupt' },
    },
    {
      group: 'audio',
      name: '65535 channels',
      run: decode('channels.wav', () => wavBytes({ channels: 65_535, data: half })),
      refuse: { code: 'AudioCorrupt', says: /65535 channels/ },
    },
    {
      group: 'audio',
      name: '0 channels',
      run: decode('channels-0.wav', () => wavBytes({ channels: 0, data: half })),
      refuse: { code: 'AudioCorrupt' },
    },
    {
      group: 'audio',
      name: '7-bit samples',
      run: decode('bits-7.wav', () => wavBytes({ bits: 7, data: half })),
      refuse: { code: 'AudioCorrupt' },
    },
    {
      group: 'audio',
      name: 'random bytes after a RIFF/WAVE header',
      run: decode('noise.wav', () => {
        const bytes = wavBytes();
        for (let i = 12; i < bytes.length; i++) bytes[i] = (i * 7919) & 0xff;
        return bytes;
      }),
      refuse: { code: 'AudioEmpty' },
    },
    {
      group: 'audio',
      name: 'an MP3 frame header followed by junk',
      run: decode('junk.mp3', () => new Uint8Array([0xff, 0xfb, 0x90, 0x64, ...new Array(2000).fill(0x5a)])),
      // The decoder resynchronises and yields what the frames it found hold: at most a few frames.
      accept: (value) => assert.ok((value as { duration: number }).duration < 0.5),
    },
    {
      group: 'audio',
      name: 'a FLAC of 3 minutes of silence (11× its size decoded) streams in bounded chunks',
      run: async (dir) => {
        await mkdir(join(dir, 'in'), { recursive: true });
        const path = join(dir, 'in', 'bomb.flac');
        await sox('-n', '-r', '48000', '-c', '2', '-b', '16', path, 'trim', '0', '180');
        let total = 0;
        let largest = 0;
        for await (const chunk of streamAudioFile(path)) {
          total += chunk.length;
          largest = Math.max(largest, chunk.length);
        }
        return { duration: total / 16_000, largest };
      },
      accept: (value) => {
        const { duration, largest } = value as { duration: number; largest: number };
        assert.ok(Math.abs(duration - 180) < 0.1, `decoded ${duration} s`);
        // Memory is bounded by decodeReadBytes (1 MB) times the compression ratio, not by the file's length.
        assert.ok(largest <= 16_000 * 90, `one chunk held ${largest / 16_000} s`);
      },
    },
    {
      group: 'audio',
      name: 'a FLAC cut in half',
      run: async (dir) => {
        await mkdir(join(dir, 'in'), { recursive: true });
        const whole = join(dir, 'in', 'whole.flac');
        await sox('-n', '-r', '16000', '-c', '1', '-b', '16', whole, 'synth', '2', 'sine', '300');
        const { readFile } = await import('node:fs/promises');
        const bytes = await readFile(whole);
        return loadAudioFile(await input(dir, 'half.flac', bytes.subarray(0, bytes.length >> 1)));
      },
      accept: (value) => assert.ok((value as { duration: number }).duration <= 2),
    },
  ];
}
