/**
 * Test speech from the demo model's training engines (flite, espeak-ng, festival; see
 * models/verba-demo-sewd/README.md), written as 16 kHz mono 16-bit WAV so every file reaches the
 * pipeline the same way. New sentences, training voices: output the weak demo model can be checked on.
 *
 *   if (!requireTools(t, ...toolsFor(VOICES))) return;
 *   await synthesize('PLEASE SEND THE REPORT', VOICES[0]!, join(dir, 'a.wav'));
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export type Voice =
  | { engine: 'flite'; voice: 'kal16' | 'awb' | 'rms' | 'kal'; stretch?: number }
  | { engine: 'espeak-ng'; voice: string; wpm?: number }
  | { engine: 'festival'; voice: 'kal_diphone' | 'ked_diphone' };

/** Voices of the demo model's training engines, at speeds inside its training ranges. */
export const VOICES: readonly Voice[] = [
  { engine: 'flite', voice: 'kal16' },
  { engine: 'flite', voice: 'awb', stretch: 1.1 },
  { engine: 'flite', voice: 'rms' },
  { engine: 'espeak-ng', voice: 'en-us+m3', wpm: 150 },
  { engine: 'espeak-ng', voice: 'en-gb+f2', wpm: 170 },
  { engine: 'festival', voice: 'kal_diphone' },
  { engine: 'festival', voice: 'ked_diphone' },
];

export const voiceName = (v: Voice): string =>
  v.engine === 'flite'
    ? `flite ${v.voice}${v.stretch ? ` ×${v.stretch}` : ''}`
    : v.engine === 'espeak-ng'
      ? `espeak-ng ${v.voice}${v.wpm ? ` ${v.wpm} wpm` : ''}`
      : `festival ${v.voice}`;

/** The system tools the voices need (sox converts every engine's output to 16 kHz mono). */
export function toolsFor(voices: readonly Voice[]): string[] {
  const tools = new Set(['sox']);
  for (const v of voices) tools.add(v.engine === 'festival' ? 'text2wave' : v.engine);
  return [...tools];
}

/**
 * Speaks `text` (any case) with `voice` into `out` as mono 16-bit WAV at `sampleRate` (16 kHz, or
 * 'native': the engine's own rate, e.g. espeak-ng's 22.05 kHz, so the resampler is exercised).
 */
export async function synthesize(
  text: string,
  voice: Voice,
  out: string,
  sampleRate: number | 'native' = 16_000,
): Promise<void> {
  const spoken = text.toLowerCase();
  const dir = await mkdtemp(join(tmpdir(), 'verba-tts-'));
  try {
    const raw = join(dir, 'raw.wav');
    if (voice.engine === 'flite') {
      const stretch = voice.stretch ? ['--setf', `duration_stretch=${voice.stretch}`] : [];
      await run('flite', ['-voice', voice.voice, ...stretch, '-t', spoken, '-o', raw]);
    } else if (voice.engine === 'espeak-ng') {
      await run('espeak-ng', ['-v', voice.voice, '-s', String(voice.wpm ?? 160), '-w', raw, spoken]);
    } else {
      await writeFile(join(dir, 'text.txt'), `${spoken}\n`);
      await run('text2wave', ['-eval', `(voice_${voice.voice})`, '-o', raw, join(dir, 'text.txt')]);
    }
    await run('sox', [raw, ...(sampleRate === 'native' ? [] : ['-r', String(sampleRate)]), '-c', '1', '-b', '16', out]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Joins mono WAV files of one `sampleRate` with `gapSeconds[i]` of silence after file i (sox): a long
 * recording with pauses.
 */
export async function concatenateWithPauses(
  parts: readonly string[],
  gapSeconds: readonly number[],
  out: string,
  sampleRate = 16_000,
): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'verba-concat-'));
  try {
    const inputs: string[] = [];
    for (let i = 0; i < parts.length; i++) {
      inputs.push(parts[i]!);
      const gap = gapSeconds[i] ?? 0;
      if (gap > 0 && i < parts.length - 1) {
        const silence = join(dir, `gap${i}.wav`);
        await run('sox', ['-n', '-r', String(sampleRate), '-c', '1', '-b', '16', silence, 'trim', '0', gap.toFixed(3)]);
        inputs.push(silence);
      }
    }
    await run('sox', [...inputs, out]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
