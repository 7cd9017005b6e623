/**
 * `npm run bench:dictation`: whole push-to-talk dictations through the session `verba dictate` runs
 * (DictationController → LocalDictation: capture, spool, live runner, journal) with the real engine on
 * the real-size random sew-d-tiny, 2 threads. Recorded speech (espeak-ng, repeated to each length; a
 * speech-like signal when espeak-ng is missing) is delivered at real-time pace in 20 ms buffers, as a
 * microphone does. Prints partial cadence, release → final text (with and without the tail padding)
 * and the CPU share while listening.
 *
 * With --host, the dictations take the app's path instead: DictationController → HostDictationBackend →
 * the forked inference host's DictationSession, with real PortAudio capture from a PulseAudio null sink of
 * its own ("verba-bench", PULSE_SOURCE) that paplay speaks into; the CPU share is the host process's.
 *
 *   npm run bench:dictation -- --lengths 5,15,30 --runs 3
 *   npm run bench:dictation -- --host
 */
import { execFile, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { DICTATION_DEFAULTS, SAMPLE_RATE } from '../../electron/common/defaults.ts';
import { loadAudioFile } from '../../electron/node/audio/load-audio.ts';
import { DictationController } from '../../electron/node/dictation/controller.ts';
import { HostDictationBackend } from '../../electron/node/dictation/host-backend.ts';
import { DictationJournal } from '../../electron/node/dictation/journal.ts';
import { writeWavFile } from '../../electron/node/audio/wav-file.ts';
import { forkInferenceHost } from '../../electron/utility/fork-host.ts';
import { LocalDictation } from '../../electron/node/dictation/local-dictation.ts';
import { speechLike } from '../../electron/node/testing/fixtures.ts';
import { benchTinyModel } from '../../electron/node/bench/sewd-checkpoint.ts';
import { pacedCapture } from '../../electron/node/bench/paced-capture.ts';
import { percentile } from '../../electron/node/bench/stats.ts';
import { ensureNullSink } from '../../electron/node/testing/media.ts';

const { values } = parseArgs({
  options: {
    lengths: { type: 'string', default: '5,15,30' },
    runs: { type: 'string', default: '3' },
    threads: { type: 'string', default: '2' },
    host: { type: 'boolean', default: false },
  },
});
const lengths = values.lengths.split(',').map(Number);
const runs = Number(values.runs);
const threads = Number(values.threads);
const tailMs = DICTATION_DEFAULTS.tailPaddingMs;

const ms = (x: number) => `${Math.round(x)} ms`;

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

const SINK = 'verba-bench';

/** CPU seconds (user + system) of a process so far, from /proc. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** `runs` dictations of `wav` through the inference host, as the app makes them. */
async function hostDictations(model: string, dir: string, wav: string, seconds: number, count: number): Promise<Run[]> {
  ensureNullSink(SINK);
  let backend: HostDictationBackend | null = null;
  const host = forkInferenceHost({
    onEvent: (e) => backend?.onHostEvent(e),
    env: { PULSE_SOURCE: `${SINK}.monitor`, VERBA_SPOOL_DIR: join(dir, 'spool') },
  });
  const ping = await host.call('ping');
  if (!ping.ok) throw new Error(ping.error.message);
  backend = new HostDictationBackend((name, ...args) => host.call(name, ...args), { model });
  const journal = await DictationJournal.open(join(dir, 'journal.jsonl'));
  const controller = new DictationController({ backend, inserter: null, journal });
  let partialAt: number[] = [];
  controller.on('partial', () => partialAt.push(performance.now()));
  let onListening = () => undefined as void;
  controller.on('state', (s) => (s.phase === 'listening' ? onListening() : undefined));
  const out: Run[] = [];
  try {
    for (let r = 0; r <= count; r++) {
      partialAt = [];
      const listening = new Promise<void>((resolve) => (onListening = resolve));
      const final = new Promise<number>((resolve) => controller.once('final', () => resolve(performance.now())));
      controller.command('start');
      await listening;
      const cpu0 = cpuSeconds(ping.value.pid);
      const t0 = performance.now();
      await run('paplay', [`--device=${SINK}`, wav]);
      const released = performance.now();
      const cpu = cpuSeconds(ping.value.pid) - cpu0;
      controller.command('stop');
      const finalAt = await final;
      await controller.idle();
      // The first dictation opens the model in the host: a warm-up, not counted.
      if (r === 0) continue;
      out.push({
        gaps: partialAt.slice(1).map((t, i) => t - partialAt[i]!),
        releaseToFinal: finalAt - released,
        cpuShare: cpu / ((released - t0) / 1000),
      });
    }
  } finally {
    await journal.close();
    host.stop();
  }
  console.log(`  ${seconds} s: ${count} dictations through the host`);
  return out;
}

const run = promisify(execFile);
const model = await benchTinyModel();
const dir = await mkdtemp(join(tmpdir(), 'verba-dictation-bench-'));
console.log(
  values.host
    ? `Dictation through the inference host (the app's path), real PortAudio capture from a null sink, real-size random sew-d-tiny, tail padding ${tailMs} ms`
    : `Dictation through the session, real-size random sew-d-tiny, ${threads} threads, tail padding ${tailMs} ms`,
);
const rows: string[] = [];
const json: Record<string, unknown>[] = [];
try {
  for (const seconds of lengths) {
    const { samples, source } = await recordedSpeech(dir, seconds);
    const all: Run[] = [];
    if (values.host) {
      const wav = join(dir, `speech-${seconds}.wav`);
      await writeWavFile(wav, { samples, sampleRate: SAMPLE_RATE });
      all.push(...(await hostDictations(model, dir, wav, seconds, runs)));
    } else for (let r = 0; r < runs; r++) all.push(await dictateOnce(model, dir, samples));
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
