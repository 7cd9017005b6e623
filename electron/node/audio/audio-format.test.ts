import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sniffAudioFormat, wavHeaderProblem } from './audio-format.ts';
import { wavHeader } from './wav-file.ts';

const bytes = (...parts: (string | number[])[]) =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)));

test('containers are recognised by their magic bytes, not their names', () => {
  assert.equal(sniffAudioFormat(bytes('RIFF', [0, 0, 0, 0], 'WAVEfmt ')), 'wav');
  assert.equal(sniffAudioFormat(bytes('fLaC', [0, 0, 0, 34])), 'flac');
  assert.equal(sniffAudioFormat(bytes([0, 0, 0, 32], 'ftypM4A ')), 'm4a');
  assert.equal(sniffAudioFormat(bytes('OggS', Array(24).fill(0), 'OpusHead')), 'opus');
  assert.equal(sniffAudioFormat(bytes('OggS', Array(24).fill(0), [1], 'vorbis')), 'oga');
  assert.equal(sniffAudioFormat(bytes([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x82, 0x84], 'webm')), 'webm');
  assert.equal(sniffAudioFormat(bytes([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x82, 0x88], 'matroska')), 'mkv');
  assert.equal(sniffAudioFormat(bytes([0xff, 0xfb, 0x90, 0x64])), 'mp3');
  assert.equal(sniffAudioFormat(bytes([0xff, 0xf1, 0x50, 0x80])), 'aac');
  // ID3v2 in front of FLAC: decided by what follows the tag.
  assert.equal(sniffAudioFormat(bytes('ID3', [4, 0, 0, 0, 0, 0, 0]), bytes('fLaC')), 'flac');
  assert.equal(sniffAudioFormat(bytes('ID3', [4, 0, 0, 0, 0, 0, 0]), bytes([0xff, 0xfb, 0x90, 0x64])), 'mp3');
});

test('text, random 0xFF bytes and unknown containers are refused', () => {
  assert.equal(sniffAudioFormat(bytes('Meeting notes: buy milk')), null);
  assert.equal(sniffAudioFormat(bytes([0xff, 0xfb, 0xff, 0xff])), null); // reserved bitrate and rate
  assert.equal(sniffAudioFormat(bytes('OggS', Array(24).fill(0), 'theora')), null);
  assert.equal(sniffAudioFormat(new Uint8Array(0)), null);
});

test('impossible WAV headers are named', () => {
  assert.equal(wavHeaderProblem(wavHeader(16000, 'int16', 0)), null);
  const zeroChannels = wavHeader(16000, 'int16', 0);
  zeroChannels.writeUInt16LE(0, 22);
  assert.match(wavHeaderProblem(zeroChannels) ?? '', /0 channels/);
  const zeroRate = wavHeader(16000, 'int16', 0);
  zeroRate.writeUInt32LE(0, 24);
  assert.match(wavHeaderProblem(zeroRate) ?? '', /0 Hz/);
});
