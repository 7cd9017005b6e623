/**
 * `npm run soak`: Verba left running for hours, measured once a minute (a script, not a test).
 *
 *   npm run soak -- --mode dictation --minutes 120   # push-to-talk dictations back to back from a microphone
 *   npm run soak -- --mode file --hours 8            # one 8-hour recording through the file path
 *
 * Both drive the real inference host (forked, as the CLI and the tests start it) with the default model
 * (the offline demo model where no other is installed). Dictation speaks flite sentences into a PulseAudio
 * null sink of its own ("verba-soak", so the tests' virtual microphone stays free) and points the host's
 * capture at its monitor with PULSE_SOURCE. Every interval a row goes to <out>/soak-<mode>.csv: memory of
 * the host and its capture worker, open file descriptors, host restarts, dictations and their release →
 * final times and character error rate (dictation), or audio seconds done (file). <out>/soak-<mode>.svg
 * plots memory and descriptors over time: flat lines are the goal.
 */
import { execFile } from 'node:child_process';
import { createWriteStream, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { SAMPLE_RATE } from '../../electron/common/defaults.ts';
import type { HostEventMessage } from '../../electron/common/host-contract.ts';
import { forkInferenceHost } from '../../electron/utility/fork-host.ts';
import { loadAudioFile } from '../../electron/node/audio/load-audio.ts';
import { addCounts, type ErrorCounts, errorCounts, rates } from '../../electron/node/testing/error-rate.ts';
import { childProcesses } from '../../electron/node/testing/kill-harness.ts';
import { soakPlot } from '../../electron/node/bench/soak-plot.ts';
import { percentile } from '../../electron/node/bench/stats.ts';
import { ensureNullSink } from '../../electron/node/testing/media.ts';

const run = promisify(execFile);
const { values } = parseArgs({
  options: {
    mode: { type: 'string', default: 'dictation' },
    minutes: { type: 'string', default: '120' },
    hours: { type: 'string', default: '8' },
    interval: { type: 'string', default: '60' },
    out: { type: 'string', default: join('.bench', 'soak') },
    model: { type: 'string' },
    sink: { type: 'string', default: 'verba-soak' },
    /** Only draw <csv>'s plot again (beside it, .svg), e.g. after changing the plot. */
    plot: { type: 'string' },
  },
});
const mode = values.mode === 'file' ? 'file' : 'dictation';
const intervalS = Number(values.interval);
const SINK = values.sink;

/** flite voices the demo model was trained on; sentences it has not heard. */
const SENTENCES = [
  'please send the invoice to the office before noon',
  'the meeting moves to thursday afternoon',
  'remind me to call the bank tomorrow morning',
  'we should order more paper for the printer',
  'the train leaves at seven in the evening',
  'thank you for the quick answer',
];

function rssMb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

function openFds(pid: number): number {
  try {
    return readdirSync(`/proc/${pid}/fd`).filter((fd) => {
      try {
        return readlinkSync(`/proc/${pid}/fd/${fd}`) !== '';
      } catch {
        return false;
      }
    }).length;
  } catch {
    return NaN;
  }
}

/** The capture worker lives only while a dictation listens: the RSS it had when last seen. */
let workerRss = NaN;
let hostPid = 0;
const pidNow = () => hostPid;
const lastWorkerRss = (hostPid: number) => {
  const worker = childProcesses(hostPid).find((c) => /naudiodon-worker/.test(c.command));
  if (worker) workerRss = rssMb(worker.pid);
  return workerRss;
};

const fmt = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(2));

interface Row {
  minute: number;
  hostRssMb: number;
  workerRssMb: number;
  hostFds: number;
  restarts: number;
  [extra: string]: number;
}

async function main() {
  await mkdir(values.out, { recursive: true });
  const work = await mkdtemp(join(tmpdir(), 'verba-soak-'));
  const events: HostEventMessage[] = [];
  const host = forkInferenceHost({
    onEvent: (e) => void events.push(e),
    env: mode === 'dictation' ? { PULSE_SOURCE: `${SINK}.monitor` } : {},
  });
  const rows: Row[] = [];
  const csvPath = join(values.out, `soak-${mode}.csv`);
  let pid = (hostPid = (await ping()).pid);
  let restarts = 0;
  const started = performance.now();

  async function ping() {
    const r = await host.call('ping');
    if (!r.ok) throw new Error(r.error.message);
    return r.value;
  }

  /** One row: the host and its capture worker, found among its children. */
  async function sample(extra: Record<string, number>) {
    const now = (await ping()).pid;
    if (now !== pid) restarts++;
    pid = hostPid = now;
    const row: Row = {
      minute: (performance.now() - started) / 60_000,
      hostRssMb: rssMb(pid),
      workerRssMb: lastWorkerRss(pid),
      hostFds: openFds(pid),
      restarts,
      ...extra,
    };
    rows.push(row);
    const header = Object.keys(row).join(',');
    const line = (r: Row) => Object.values(r).map(fmt).join(',');
    await writeFile(csvPath, [header, ...rows.map(line)].join('\n') + '\n');
    if (rows.length === 1) console.log(header);
    console.log(line(row));
  }

  try {
    if (mode === 'dictation') await soakDictation(work, host, sample, Number(values.minutes));
    else await soakFile(work, host, events, sample, Number(values.hours));
  } finally {
    host.stop();
    await rm(work, { recursive: true, force: true });
  }
  const svg = soakPlot(rows, `Verba soak (${mode})`);
  await writeFile(join(values.out, `soak-${mode}.svg`), svg);
  const first = rows[Math.min(1, rows.length - 1)]!;
  const last = rows.at(-1)!;
  console.log(
    `soak ${mode}: ${rows.length} samples over ${last.minute.toFixed(1)} min; host RSS ${first.hostRssMb.toFixed(0)} → ` +
      `${last.hostRssMb.toFixed(0)} MB, worker RSS ${first.workerRssMb.toFixed(0)} → ${last.workerRssMb.toFixed(0)} MB, ` +
      `fds ${first.hostFds} → ${last.hostFds}, restarts ${last.restarts}. CSV: ${csvPath}`,
  );
}

async function soakDictation(
  work: string,
  host: ReturnType<typeof forkInferenceHost>,
  sample: (extra: Record<string, number>) => Promise<void>,
  minutes: number,
) {
  ensureNullSink(SINK);
  const voices = ['kal', 'awb', 'rms', 'slt'];
  const clips: { path: string; text: string; seconds: number }[] = [];
  for (const [i, text] of SENTENCES.entries()) {
    const path = join(work, `s${i}.wav`);
    await run('flite', ['-voice', voices[i % voices.length]!, '-t', text, '-o', path]);
    clips.push({ path, text, seconds: (await loadAudioFile(path)).samples.length / SAMPLE_RATE });
  }
  const end = performance.now() + minutes * 60_000;
  let nextSample = performance.now();
  let finals: number[] = [];
  let counts: ErrorCounts[] = [];
  let dictations = 0;
  let failures = 0;
  for (let i = 0; performance.now() < end; i++) {
    if (performance.now() >= nextSample) {
      const cer = counts.length > 0 ? 100 * rates(addCounts(counts)).cer : NaN;
      await sample({
        dictations,
        failures,
        finalP50Ms: percentile(finals, 50),
        finalP95Ms: percentile(finals, 95),
        cer,
      });
      finals = [];
      counts = [];
      nextSample += intervalS * 1000;
    }
    const clip = clips[i % clips.length]!;
    const sessionId = `soak-${i}`;
    const startedCall = await host.call('startDictation', { sessionId }, null);
    if (!startedCall.ok) {
      failures++;
      console.error(`dictation ${i}: ${startedCall.error.message}`);
      await new Promise((r) => setTimeout(r, 1000));
      continue;
    }
    await run('paplay', [`--device=${SINK}`, clip.path]);
    await new Promise((r) => setTimeout(r, 300)); // the tail padding a release gets
    lastWorkerRss(pidNow());
    const t0 = performance.now();
    const result = await host.call('stopDictation', sessionId);
    if (!result.ok) {
      failures++;
      console.error(`dictation ${i}: ${result.error.message}`);
      continue;
    }
    finals.push(performance.now() - t0);
    dictations++;
    counts.push(errorCounts(clip.text, result.value.transcript.text));
    if (i < clips.length) console.log(`  "${clip.text}" → "${result.value.text}"`);
  }
  await sample({
    dictations,
    failures,
    finalP50Ms: percentile(finals, 50),
    finalP95Ms: percentile(finals, 95),
    cer: NaN,
  });
}

/** An hours-long 16 kHz WAV of the sentences with pauses, written as a stream (16-bit). */
async function longRecording(work: string, hours: number): Promise<string> {
  const pieces: Int16Array[] = [];
  for (const [i, text] of SENTENCES.entries()) {
    const path = join(work, `p${i}.wav`);
    await run('flite', ['-voice', ['kal', 'awb', 'rms', 'slt'][i % 4]!, '-t', text, '-o', path]);
    const { samples } = await loadAudioFile(path);
    const pcm = new Int16Array(samples.length + 1.5 * SAMPLE_RATE); // 1.5 s pause after each sentence
    for (let k = 0; k < samples.length; k++) pcm[k] = Math.max(-1, Math.min(1, samples[k]!)) * 32767;
    pieces.push(pcm);
  }
  const total = Math.round(hours * 3600 * SAMPLE_RATE);
  const path = join(work, `long-${hours}h.wav`);
  const out = createWriteStream(path);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + total * 2, 4);
  header.write('WAVEfmt ', 8);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(SAMPLE_RATE, 24);
  header.writeUInt32LE(SAMPLE_RATE * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(total * 2, 40);
  out.write(header);
  let written = 0;
  for (let i = 0; written < total; i++) {
    const piece = pieces[i % pieces.length]!;
    const take = piece.subarray(0, Math.min(piece.length, total - written));
    written += take.length;
    if (!out.write(Buffer.from(take.buffer, take.byteOffset, take.byteLength)))
      await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
  return path;
}

async function soakFile(
  work: string,
  host: ReturnType<typeof forkInferenceHost>,
  events: HostEventMessage[],
  sample: (extra: Record<string, number>) => Promise<void>,
  hours: number,
) {
  console.log(`Writing a ${hours}-hour recording…`);
  const path = await longRecording(work, hours);
  let seconds = 0;
  const t0 = performance.now();
  const job = host.call(
    'transcribeFile',
    'soak-file',
    { path, raw: true, ...(values.model ? { model: values.model } : {}) },
    null,
  );
  let done = false;
  void job.finally(() => (done = true));
  while (!done) {
    for (const e of events.splice(0))
      if (e.event === 'progress' && e.payload.jobId === 'soak-file') seconds = e.payload.seconds;
    await sample({ audioDoneS: seconds, xRealTime: seconds / ((performance.now() - t0) / 1000) });
    const wake = performance.now() + intervalS * 1000;
    while (!done && performance.now() < wake) await new Promise((r) => setTimeout(r, 250));
  }
  const result = await job;
  if (!result.ok) throw new Error(result.error.message);
  const wall = (performance.now() - t0) / 1000;
  await sample({ audioDoneS: result.value.duration_s, xRealTime: result.value.duration_s / wall });
  console.log(
    `file: ${hours} h of audio in ${wall.toFixed(0)} s (${(result.value.duration_s / wall).toFixed(0)}× real time), ` +
      `${result.value.segments.length} segments, ` +
      `${result.value.segments.reduce((n, seg) => n + seg.words.length, 0)} words (${(JSON.stringify(result.value).length / 1e6).toFixed(1)} MB as JSON: the transcript the host holds until it hands it back)`,
  );
}

if (values.plot !== undefined) {
  const [header, ...lines] = readFileSync(values.plot, 'utf8').trim().split('\n');
  const keys = header!.split(',');
  const rows = lines.map(
    (line) => Object.fromEntries(line.split(',').map((v, i) => [keys[i]!, Number(v)])) as unknown as Row,
  );
  await writeFile(values.plot.replace(/\.csv$/, '.svg'), soakPlot(rows, `Verba soak (${mode})`));
} else await main();
