/**
 * `npm run bench:accuracy`: word and character error rates of the whole pipeline on long synthetic
 * recordings (minutes, one voice each, pauses of 0.3-2.5 s), made from the evaluation sentences in the
 * demo model's training voices. Each recording is transcribed whole (20 s windows, Silero VAD cuts, or
 * quietest-frame cuts) and sentence by sentence, with greedy CTC and with beam search alone, with an LM
 * built here from other text (accuracy-lm-text.txt) and with the demo model's own LM (built from its
 * training text). Prints a Markdown table. Audio is cached in .bench/accuracy/.
 *
 *   npm run bench:accuracy            # all recordings
 *   npm run bench:accuracy -- --quick # one recording
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FileTranscriber } from '../engine/file-transcriber.ts';
import { DEMO_MODEL_DIR, DEMO_MODEL_LM } from '../models/demo-model.ts';
import { COMMAND_SENTENCES, EVAL_SENTENCES } from '../testing/demo-sentences.ts';
import { type ErrorCounts, addCounts, errorCounts, rates } from '../testing/error-rate.ts';
import { type Voice, concatenateWithPauses, synthesize, voiceName } from '../testing/synthetic-speech.ts';
import { buildArpa } from './arpa-builder.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CACHE = join(ROOT, '.bench', 'accuracy');
const quick = process.argv.includes('--quick');

/** One speaker per recording, as in a real one; each says every sentence at two speeds. */
const RECORDINGS: { voice: Voice; slower: Voice }[] = [
  {
    voice: { engine: 'espeak-ng', voice: 'en-us+m3', wpm: 175 },
    slower: { engine: 'espeak-ng', voice: 'en-us+m3', wpm: 140 },
  },
  {
    voice: { engine: 'espeak-ng', voice: 'en-gb+f2', wpm: 175 },
    slower: { engine: 'espeak-ng', voice: 'en-gb+f2', wpm: 140 },
  },
  { voice: { engine: 'flite', voice: 'kal16' }, slower: { engine: 'flite', voice: 'kal16', stretch: 1.2 } },
  { voice: { engine: 'flite', voice: 'rms' }, slower: { engine: 'flite', voice: 'rms', stretch: 1.2 } },
];

const SENTENCES = [...EVAL_SENTENCES, ...COMMAND_SENTENCES.map((c) => c.spoken)];

function mulberry32(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Recording {
  name: string;
  whole: string;
  parts: string[];
  texts: string[];
  /** Consecutive sentences two by two with their pause: one window, no cut, but a neighbour's context. */
  pairs: string[];
}

async function makeRecording(index: number): Promise<Recording> {
  const { voice, slower } = RECORDINGS[index]!;
  const dir = join(CACHE, `recording-${index}`);
  mkdirSync(dir, { recursive: true });
  const parts: string[] = [];
  const texts: string[] = [];
  for (const [speed, v] of [voice, slower].entries())
    for (const [i, s] of SENTENCES.entries()) {
      const part = join(dir, `${speed}-${i}.wav`);
      if (!existsSync(part)) await synthesize(s, v, part);
      parts.push(part);
      texts.push(s);
    }
  const whole = join(dir, 'whole.wav');
  const random = mulberry32(index + 1);
  const gaps = parts.map(() => 0.3 + 2.2 * random() ** 2);
  if (!existsSync(whole)) await concatenateWithPauses(parts, gaps, whole);
  const pairs: string[] = [];
  for (let i = 0; i + 1 < parts.length; i += 2) {
    const pair = join(dir, `pair-${i}.wav`);
    if (!existsSync(pair)) await concatenateWithPauses([parts[i]!, parts[i + 1]!], [gaps[i]!], pair);
    pairs.push(pair);
  }
  return { name: voiceName(voice), whole, parts, texts, pairs };
}

interface Setting {
  label: string;
  beam: { width: number; lm?: string } | null;
}

const otherLm = join(CACHE, 'other-text-3gram.arpa');
mkdirSync(CACHE, { recursive: true });
const lmText = readFileSync(new URL('./accuracy-lm-text.txt', import.meta.url), 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '' && !l.startsWith('#'));
const overlap = lmText.filter((l) => SENTENCES.includes(l.toUpperCase()));
if (overlap.length > 0) throw new Error(`the LM text contains evaluation sentences: ${overlap.join('; ')}`);
writeFileSync(otherLm, buildArpa(lmText));

const SETTINGS: Setting[] = [
  { label: 'greedy', beam: null },
  { label: 'beam 32, no LM', beam: { width: 32 } },
  { label: `beam 32 + LM from other text (${lmText.length} sentences)`, beam: { width: 32, lm: otherLm } },
  { label: 'beam 32 + demo-3gram.arpa (training text)', beam: { width: 32, lm: DEMO_MODEL_LM } },
];

const recordings: Recording[] = [];
for (let i = 0; i < (quick ? 1 : RECORDINGS.length); i++) recordings.push(await makeRecording(i));

const raw = { raw: true } as const;
const pct = (x: number) => (100 * x).toFixed(1);
const rows: string[] = [];
let minutes = 0;
for (const setting of SETTINGS) {
  const sums: Record<'sentences' | 'pairs' | 'vad' | 'quiet', ErrorCounts[]> = {
    sentences: [],
    pairs: [],
    vad: [],
    quiet: [],
  };
  for (const vadCuts of [true, false]) {
    const transcriber = await FileTranscriber.open({ model: DEMO_MODEL_DIR, beam: setting.beam, vadCuts });
    try {
      for (const r of recordings) {
        const whole = await transcriber.transcribe(r.whole, raw);
        if (setting === SETTINGS[0] && vadCuts) minutes += whole.duration_s / 60;
        sums[vadCuts ? 'vad' : 'quiet'].push(errorCounts(r.texts.join(' '), whole.text));
        if (!vadCuts) continue;
        for (const [i, part] of r.parts.entries())
          sums.sentences.push(errorCounts(r.texts[i]!, (await transcriber.transcribe(part, raw)).text));
        for (const [k, pair] of r.pairs.entries())
          sums.pairs.push(
            errorCounts(`${r.texts[2 * k]} ${r.texts[2 * k + 1]}`, (await transcriber.transcribe(pair, raw)).text),
          );
      }
    } finally {
      await transcriber.release();
    }
  }
  const [s, p, v, q] = [sums.sentences, sums.pairs, sums.vad, sums.quiet].map((c) => rates(addCounts(c))) as [
    ReturnType<typeof rates>,
    ReturnType<typeof rates>,
    ReturnType<typeof rates>,
    ReturnType<typeof rates>,
  ];
  const cell = (r: { cer: number; wer: number }) => `${pct(r.cer)} / ${pct(r.wer)}`;
  rows.push(
    `| ${setting.label} | ${cell(s)} | ${cell(p)} | ${cell(v)} | ${cell(q)} | ${(100 * (v.wer - s.wer)).toFixed(1)} | ${(100 * (v.wer - p.wer)).toFixed(1)} |`,
  );
  process.stderr.write(`${setting.label}: done\n`);
}

process.stdout.write(
  [
    `Demo model verba-demo-sewd, ${recordings.length} recordings (${recordings.map((r) => r.name).join('; ')}), ` +
      `${minutes.toFixed(1)} min, ${recordings.length * SENTENCES.length * 2} sentences; CER / WER in %, raw recogniser words.`,
    '',
    '| decoder | sentence by sentence | sentence pairs (one window, no cut) | whole, VAD cuts | whole, quietest-frame cuts | whole − sentences (WER points) | whole − pairs (WER points) |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n'),
);
