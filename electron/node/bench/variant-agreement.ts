/**
 * How closely a quantised or half-precision variant follows the fp32 model on speech it recognises:
 * the largest logit difference, the share of 20 ms frames whose greedy (argmax) token is the same,
 * and the character error rate of each against the sentence that was spoken. Used by the variants
 * test (bounds) and `verba bench --agreement` (figures for the README).
 *
 *   const clips = await synthesiseClips(dir, SENTENCES);          // espeak-ng / flite training voices
 *   const a = await variantAgreement('/m/fp32', '/m/int8', clips); // { maxLogitDiff, frameAgreement, … }
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { SAMPLE_RATE } from '../../common/defaults.ts';
import { argmaxIds, greedyDecode } from '../ctc/greedy.ts';
import { Recognizer } from '../engine/recognizer.ts';

const run = promisify(execFile);

export interface Clip {
  text: string;
  voice: string;
  samples: Float32Array;
}

/** Voices the demo model was trained on (models/verba-demo-sewd/README.md): espeak-ng and flite. */
export const TRAINING_VOICES = ['espeak-ng:en-us', 'espeak-ng:en-gb', 'flite:kal', 'flite:awb'] as const;

export const AGREEMENT_SENTENCES = [
  'the quick brown fox jumps over the lazy dog',
  'please send the report before the meeting tomorrow',
  'open quote hello world close quote period',
  'three thirty p m new paragraph',
] as const;

/** Speaks each sentence with each voice, as 16 kHz mono float32 (sox resamples). */
export async function synthesiseClips(
  dir: string,
  sentences: readonly string[] = AGREEMENT_SENTENCES,
  voices: readonly string[] = TRAINING_VOICES,
): Promise<Clip[]> {
  const clips: Clip[] = [];
  for (const [v, voice] of voices.entries()) {
    for (const [s, text] of sentences.entries()) {
      const wav = join(dir, `clip-${v}-${s}.wav`);
      const raw = join(dir, `clip-${v}-${s}.f32`);
      const [engine, name] = voice.split(':') as [string, string];
      if (engine === 'flite') await run('flite', ['-voice', name, '-t', text, '-o', wav]);
      else await run('espeak-ng', ['-v', name, '-w', wav, text]);
      await run('sox', [wav, '-r', '16000', '-c', '1', '-e', 'floating-point', '-b', '32', '-t', 'raw', raw]);
      const b = await readFile(raw);
      clips.push({ text, voice, samples: new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength)) });
    }
  }
  return clips;
}

/** Levenshtein distance over characters. */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++)
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length]!;
}

export interface Agreement {
  clips: number;
  frames: number;
  maxLogitDiff: number;
  /** Frames with the same argmax token / all frames. */
  frameAgreement: number;
  /** Character error rates in percent (edits / reference characters, all clips pooled). */
  cerReference: number;
  cerVariant: number;
}

export async function variantAgreement(
  referenceDir: string,
  variantDir: string,
  clips: readonly Clip[],
): Promise<Agreement> {
  const reference = await Recognizer.open(referenceDir, { device: 'cpu', threads: 2 });
  const variant = await Recognizer.open(variantDir, { device: 'cpu', threads: 2 });
  let frames = 0;
  let same = 0;
  let maxLogitDiff = 0;
  let chars = 0;
  let editsReference = 0;
  let editsVariant = 0;
  try {
    for (const clip of clips) {
      const a = await reference.logits({ samples: clip.samples, sampleRate: SAMPLE_RATE });
      const b = await variant.logits({ samples: clip.samples, sampleRate: SAMPLE_RATE });
      for (let i = 0; i < a.data.length; i++) maxLogitDiff = Math.max(maxLogitDiff, Math.abs(a.data[i]! - b.data[i]!));
      const ia = argmaxIds(a);
      const ib = argmaxIds(b);
      for (let t = 0; t < ia.length; t++) same += ia[t] === ib[t] ? 1 : 0;
      frames += ia.length;
      const truth = clip.text.toUpperCase();
      chars += truth.length;
      editsReference += editDistance(greedyDecode(a, reference.vocabulary).text, truth);
      editsVariant += editDistance(greedyDecode(b, variant.vocabulary).text, truth);
    }
  } finally {
    await reference.release();
    await variant.release();
  }
  const pct = (x: number) => Math.round(x * 1e4) / 1e2;
  return {
    clips: clips.length,
    frames,
    maxLogitDiff: Math.round(maxLogitDiff * 1e4) / 1e4,
    frameAgreement: same / frames,
    cerReference: pct(editsReference / chars),
    cerVariant: pct(editsVariant / chars),
  };
}
