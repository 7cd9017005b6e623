/**
 * Decoder benchmark (prints figures, asserts nothing): CTC decode time per second of audio for greedy
 * and beam 16 with and without a word 3-gram LM, on realistic peaky logits (mostly blank, as SEW-D
 * emits), with a generated ARPA of realistic size (~100k n-grams) written to a temp file and loaded.
 *
 *   npm run bench:decode                      # 60 s of synthetic logits; sew-d-tiny timed in the same run
 *   npm run bench:decode -- --seconds 300 --model-ms 22   # use a given model time instead
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { FRAME_SECONDS } from '../../common/defaults.ts';
import { benchTinyModel } from './sewd-checkpoint.ts';
import { Recognizer } from '../engine/recognizer.ts';
import { loadArpa } from '../ctc/arpa-lm.ts';
import { BeamSearchDecoder } from '../ctc/beam-search.ts';
import { greedyDecode } from '../ctc/greedy.ts';
import type { Logits, Vocabulary } from '../ctc/types.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    // sew-d-tiny's own time per second of audio, for the ratio; measured in this run (10 s windows,
    // the real-size random checkpoint of `verba bench`, 2 threads) unless given.
    'model-ms': { type: 'string' },
    unigrams: { type: 'string', default: '20000' },
    bigrams: { type: 'string', default: '50000' },
    trigrams: { type: 'string', default: '30000' },
  },
});
const seconds = Number(values.seconds);
const modelMs = values['model-ms'] !== undefined ? Number(values['model-ms']) : await measureTinyMsPerSecond();

/** Median ms per second of audio of the lean sew-d-tiny graph on 10 s windows (as the engine bench runs it). */
async function measureTinyMsPerSecond(): Promise<number> {
  const recognizer = await Recognizer.open(await benchTinyModel(), { threads: 2 });
  try {
    const audio = new Float32Array(10 * 16_000).map((_, i) => 0.1 * Math.sin(i * 0.05) + 0.05 * Math.sin(i * 1.3));
    await recognizer.logits({ samples: audio, sampleRate: 16_000 });
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      await recognizer.logits({ samples: audio, sampleRate: 16_000 });
      times.push(performance.now() - t0);
    }
    return times.sort((a, b) => a - b)[2]! / 10;
  } finally {
    await recognizer.release();
  }
}

function mulberry32(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = mulberry32(42);

const LETTERS = 'ETAONIHSRDLUMWCFGYPBVK';
const tokens = ['<pad>', '<s>', '</s>', '<unk>', '|', ..."ETAONIHSRDLUMWCFGYPBVK'XJQZ"];
const vocab: Vocabulary = { tokens, blankId: 0, wordDelimiter: '|' };

// ---- A random ARPA of realistic size: Zipf-ish unigrams, bigrams and trigrams over them. ----
const nUni = Number(values.unigrams);
const words = new Set<string>();
while (words.size < nUni) {
  const len = 2 + Math.floor(rand() * rand() * 10);
  let w = '';
  for (let i = 0; i < len; i++) w += LETTERS[Math.floor(rand() * rand() * LETTERS.length)];
  words.add(w);
}
const vocabWords = [...words];
const zipf = () => vocabWords[Math.floor(vocabWords.length * rand() ** 3)]!;
const lp = () => (-0.5 - rand() * 4).toFixed(4);
const bo = () => (-0.1 - rand() * 0.8).toFixed(4);
const grams = (n: number, count: number) => {
  const seen = new Set<string>();
  for (let tries = 0; seen.size < count && tries < count * 20; tries++)
    seen.add(Array.from({ length: n }, zipf).join(' '));
  return [...seen];
};
const bigrams = grams(2, Number(values.bigrams));
const trigrams = grams(3, Number(values.trigrams));
const arpa = [
  '\\data\\',
  `ngram 1=${nUni + 3}`,
  `ngram 2=${bigrams.length}`,
  `ngram 3=${trigrams.length}`,
  '',
  '\\1-grams:',
  `-1.5\t</s>`,
  `-99\t<s>\t-0.5`,
  `-3.0\t<unk>`,
  ...vocabWords.map((w) => `${lp()}\t${w}\t${bo()}`),
  '',
  '\\2-grams:',
  ...bigrams.map((g) => `${lp()}\t${g}\t${bo()}`),
  '',
  '\\3-grams:',
  ...trigrams.map((g) => `${lp()}\t${g}`),
  '',
  '\\end\\',
  '',
].join('\n');
const dir = mkdtempSync(join(tmpdir(), 'verba-bench-'));
const arpaPath = join(dir, 'bench.arpa');
writeFileSync(arpaPath, arpa);

// ---- Peaky logits: each letter 1–2 frames, blanks between; 2–3 plausible alternatives per letter. ----
function peakyLogits(totalSeconds: number): Logits {
  const frames = Math.round(totalSeconds / FRAME_SECONDS);
  const V = tokens.length;
  const data = new Float32Array(frames * V);
  const frame = (t: number, probs: Map<number, number>) => {
    let mass = 0;
    for (const p of probs.values()) mass += p;
    const floor = Math.log(Math.max(1e-7, (1 - mass) / (V - probs.size)));
    for (let v = 0; v < V; v++) data[t * V + v] = probs.get(v) ?? floor + (rand() - 0.5);
    for (const [v, p] of probs) data[t * V + v] = Math.log(p);
  };
  let t = 0;
  const blank = (n: number) => {
    for (let k = 0; k < n && t < frames; k++) frame(t++, new Map([[0, 0.97 + rand() * 0.029]]));
  };
  while (t < frames) {
    const word = zipf();
    for (const ch of word) {
      const id = tokens.indexOf(ch);
      const p = 0.55 + rand() * 0.4;
      const alt = 5 + Math.floor(rand() * (V - 5));
      const dur = rand() < 0.7 ? 1 : 2; // CTC letters are spikes: mostly one frame
      for (let k = 0; k < dur && t < frames; k++)
        frame(
          t++,
          new Map([
            [id, p],
            [alt, (1 - p) * 0.6],
            [0, (1 - p) * 0.3],
          ]),
        );
      blank(Math.floor(rand() * 3));
    }
    if (t < frames) {
      const p = 0.85 + rand() * 0.14;
      frame(
        t++,
        new Map([
          [4, p],
          [0, (1 - p) * 0.8],
        ]),
      );
    }
    blank(2 + Math.floor(rand() * 8));
  }
  return { data, frames, vocabSize: V };
}

/**
 * Median wall time, median CPU time (user+system) and the fastest run. The build machine's 2 cores are
 * shared, so wall time includes waiting for a core; CPU time and the fastest run are the decoder's own cost.
 */
function time(label: string, run: () => unknown): void {
  // Warm-up (JIT), then a full GC so garbage from setup (the ARPA text) is not collected on our clock.
  run();
  run();
  (globalThis as { gc?: () => void }).gc?.();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < 9; i++) {
    const c0 = process.cpuUsage();
    const w0 = performance.now();
    run();
    wall.push(performance.now() - w0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[xs.length >> 1]! / seconds;
  const [w, c] = [median(wall), median(cpu)];
  const fastest = wall[0]! / seconds; // sorted by median()
  const pct = (ms: number) => `${((100 * ms) / modelMs).toFixed(1).padStart(5)} %`;
  const col = (ms: number) => `${ms.toFixed(3).padStart(6)} ms/s (${pct(ms)})`;
  console.log(`${label.padEnd(32)} wall ${col(w)}   cpu ${col(c)}   fastest ${col(fastest)}`);
}

try {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const heapBefore = process.memoryUsage();
  const t0 = performance.now();
  const lm = loadArpa(arpaPath);
  const loadMs = performance.now() - t0;
  gc?.();
  const heapAfter = process.memoryUsage();
  const mem = (heapAfter.heapUsed + heapAfter.arrayBuffers - heapBefore.heapUsed - heapBefore.arrayBuffers) / 2 ** 20;
  const ngrams = nUni + 3 + bigrams.length + trigrams.length;
  console.log(
    `ARPA: ${ngrams} n-grams (${nUni + 3} / ${bigrams.length} / ${trigrams.length}), ${(statSync(arpaPath).size / 2 ** 20).toFixed(1)} MiB file, loaded in ${loadMs.toFixed(0)} ms, ${mem.toFixed(1)} MiB retained${gc ? '' : ' (run with --expose-gc for an exact figure)'}`,
  );
  const logits = peakyLogits(seconds);
  const blankShare = (() => {
    let n = 0;
    for (let f = 0; f < logits.frames; f++) if (logits.data[f * logits.vocabSize]! > Math.log(0.5)) n++;
    return n / logits.frames;
  })();
  console.log(
    `Logits: ${seconds} s of audio, ${logits.frames} frames × ${logits.vocabSize}, ${(100 * blankShare).toFixed(0)} % of frames mostly blank`,
  );
  console.log(
    `Per second of audio, median of 9 runs and the fastest; % of sew-d-tiny's ${modelMs.toFixed(1)} ms/s (${values['model-ms'] !== undefined ? '--model-ms' : 'measured now'}); target ≤ 5 % = ${(modelMs * 0.05).toFixed(2)} ms/s`,
  );
  const hotwords = Array.from({ length: 50 }, zipf);
  const wordsOf = (text: string) => text.split(' ').filter(Boolean).length;
  const withLm = new BeamSearchDecoder(vocab, { beamWidth: 16, lm }).decode(logits).text; // (also a warm-up)
  console.log(
    `Sanity: greedy ${wordsOf(greedyDecode(logits, vocab).text)} words, beam 16 + LM ${wordsOf(withLm)} words: "${withLm.slice(0, 60)}…"`,
  );
  // Decoders are built once (as the app does per settings change); only decode() is timed.
  const t1 = performance.now();
  const lmDecoder = new BeamSearchDecoder(vocab, { beamWidth: 16, lm });
  console.log(
    `Decoder with LM built in ${(performance.now() - t1).toFixed(0)} ms (spelling trie of ${lm.vocabularySize} words)`,
  );
  const decoders: Array<[string, BeamSearchDecoder]> = [
    ['beam 16, no LM', new BeamSearchDecoder(vocab, { beamWidth: 16 })],
    ['beam 16, no LM, 50 hotwords', new BeamSearchDecoder(vocab, { beamWidth: 16, hotwords })],
    ['beam 16, 3-gram LM', lmDecoder],
    ['beam 16, 3-gram LM, 50 hotwords', new BeamSearchDecoder(vocab, { beamWidth: 16, lm, hotwords })],
    ['beam 16, 3-gram LM, sum-merge', new BeamSearchDecoder(vocab, { beamWidth: 16, lm, merge: 'sum' })],
    ['beam 64, 3-gram LM', new BeamSearchDecoder(vocab, { beamWidth: 64, lm })],
  ];
  time('greedy', () => greedyDecode(logits, vocab));
  for (const [label, decoder] of decoders) time(label, () => decoder.decode(logits));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
