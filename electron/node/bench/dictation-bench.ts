/**
 * `npm run bench:dictation`: whole push-to-talk dictations through the session `verba dictate` runs
 * (DictationController → LocalDictation: capture, spool, live runner, journal) with the real engine on
 * the real-size random sew-d-tiny, 2 threads. Recorded speech (espeak-ng, repeated to each length; a
 * speech-like signal when espeak-ng is missing) is delivered at real-time pace in 20 ms buffers, as a
 * microphone does. Prints partial cadence, release → final text (with and without the tail padding)
 * and the CPU share while listening.
 *
 *   npm run bench:dictation -- --lengths 5,15,30 --runs 3
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DICTATION_DEFAULTS, SAMPLE_RATE } from '../../common/defaults.ts';
import { loadAudioFile } from '../audio/load-audio.ts';
import { DictationController } from '../dictation/controller.ts';
import { DictationJournal } from '../dictation/journal.ts';
import { LocalDictation } from '../dictation/local-dictation.ts';
import { speechLike } from '../testing/fixtures.ts';
import { convertCheckpoint } from '../convert/convert.ts';
import { generateCheckpoint } from './sewd-checkpoint.ts';
import { pacedCapture } from './paced-capture.ts';

const { values } = parseArgs({
  options: {
    lengths: { type: 'string', default: '5,15,30' },
    runs: { type: 'string', default: '3' },
    threads: { type: 'string', default: '2' },
  },
});
const lengths = values.lengths.split(',').map(Number);
const runs = Number(values.runs);
const threads = Number(values.threads);
const tailMs = DICTATION_DEFAULTS.tailPaddingMs;

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? NaN;
};
const ms = (x: number) => `${Math.round(x)} ms`;

async function tinyModel(): Promise<string> {
  const base = join('.bench', 'sew-d-tiny');
  if (!existsSync(join(base, 'lean', 'model.onnx'))) {
    console.log('Generating and converting a real-size random sew-d-tiny (cached in .bench/)…');
    if (!existsSync(join(base, 'checkpoint', 'model.safetensors')))
      await generateCheckpoint('tiny', join(base, 'checkpoint'));
    await convertCheckpoint(join(base, 'checkpoint'), join(base, 'lean'));
  }
  return join(base, 'lean');
}

async function recordedSpeech(dir: string, seconds: number): Promise<{ samples: Float32Array; source: string }> {
  const wav = join(dir, 'speech.wav');
  try {
    const text = 'please send me the report tomorrow morning and call the office when you arrive. ';
    execFileSync('espeak-ng', ['-v', 'en-us', '-w', wav, text.repeat(Math.ceil(seconds / 4))]);
    const { samples } = await loadAudioFile(wav);
    const out = new Float32Array(Math.round(seconds * SAMPLE_RATE));
    for (let i = 0; i < out.length; i++) out[i] = samples[i % samples.length]!;
    return { samples: out, source: 'espeak-ng' };
  } catch {
    return { samples: speechLike(seconds), source: 'speech-like signal (espeak-ng missing)' };
  }
}

interface Run {
  gaps: number[];
  releaseToFinal: number;
  cpuShare: number;
}

async function dictateOnce(model: string, dir: string, speech: Float32Array): Promise<Run> {
  const backend = await LocalDictation.open({
    model,
    threads,
    spoolDir: join(dir, 'spool'),
    capture: pacedCapture(speech),
  });
  const journal = await DictationJournal.open(join(dir, 'journal.jsonl'));
  const controller = new DictationController({ backend, inserter: null, journal });
  await backend.warmUp();
  const partialAt: number[] = [];
  controller.on('partial', () => partialAt.push(performance.now()));
  const final = new Promise<number>((resolve) => controller.on('final', () => resolve(performance.now())));
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  controller.command('start');
  await new Promise((r) => setTimeout(r, (speech.length / SAMPLE_RATE) * 1000));
  const cpu = process.cpuUsage(cpu0);
  const listened = performance.now() - t0;
  const released = performance.now();
  controller.command('stop');
  const finalAt = await final;
  await controller.idle();
  await backend.close();
  await journal.close();
  const gaps = partialAt.slice(1).map((t, i) => t - partialAt[i]!);
  return {
    gaps,
    releaseToFinal: finalAt - released,
    cpuShare: (cpu.user + cpu.system) / 1000 / listened,
  };
}

const model = await tinyModel();
const dir = await mkdtemp(join(tmpdir(), 'verba-dictation-bench-'));
console.log(
  `Dictation through the session, real-size random sew-d-tiny, ${threads} threads, tail padding ${tailMs} ms`,
);
const rows: string[] = [];
const json: Record<string, unknown>[] = [];
try {
  for (const seconds of lengths) {
    const { samples, source } = await recordedSpeech(dir, seconds);
    const all: Run[] = [];
    for (let r = 0; r < runs; r++) all.push(await dictateOnce(model, dir, samples));
    const gaps = all.flatMap((r) => r.gaps);
    const finals = all.map((r) => r.releaseToFinal);
    const cpu = all.map((r) => r.cpuShare);
    const row = {
      seconds,
      source,
      partialP50: percentile(gaps, 50),
      partialP95: percentile(gaps, 95),
      finalP50: percentile(finals, 50),
      finalP95: percentile(finals, 95),
      afterTailP95: percentile(finals, 95) - tailMs,
      cpuShare: cpu.reduce((a, b) => a + b, 0) / cpu.length,
    };
    json.push(row);
    rows.push(
      `| ${seconds} s | ${ms(row.partialP50)} / ${ms(row.partialP95)} | ${ms(row.finalP50)} / ${ms(row.finalP95)} | ${ms(row.afterTailP95)} | ${(row.cpuShare * 100).toFixed(0)} % of one core |`,
    );
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
console.log(
  '\n| utterance | partial cadence p50 / p95 | release → final p50 / p95 | p95 after the tail | CPU while listening |',
);
console.log('|---|---|---|---|---|');
for (const row of rows) console.log(row);
console.log(`\n${JSON.stringify(json)}`);
