/**
 * `npm run bench:live`: live dictation on the real-size random sew-d-tiny (generated and converted into
 * .bench/ once), 2 threads. For each utterance length, speech-like audio is fed at real-time pace in
 * 20 ms frames (as the microphone delivers them) to a LiveRunner. At the release it does what a
 * dictation does: holds the live steps (the release step runs), feeds the tail padding (quiet noise, in
 * real time), then finishes. It measures the partial cadence, the time from the tail's end to the final
 * text, and the process CPU while listening, then prints a table and the JSON.
 *
 *   npm run bench:live -- --lengths 5,15,30 --runs 3
 */
import { parseArgs } from 'node:util';
import { DICTATION_DEFAULTS, LIVE_DEFAULTS, SAMPLE_RATE } from '../../common/defaults.ts';
import { LiveRunner } from '../dictation/live-runner.ts';
import { Recognizer } from '../engine/recognizer.ts';
import { speechLike } from '../testing/fixtures.ts';
import { TextFormatter } from '../text/text-formatter.ts';
import { benchTinyModel } from './sewd-checkpoint.ts';
import { percentile } from './stats.ts';

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

const round = (x: number) => Math.round(x * 10) / 10;

interface Run {
  gaps: number[];
  firstPartialMs: number;
  finalMs: number;
  cpuShare: number;
  longestRunS: number;
}

async function once(recognizer: Recognizer, seconds: number, seed: number): Promise<Run> {
  const audio = speechLike(seconds, seed);
  const times: number[] = [];
  const live = new LiveRunner({
    sessionId: 'bench',
    recognizer,
    formatter: new TextFormatter(),
    onPartial: () => times.push(performance.now()),
  });
  const frame = 320;
  /** Feeds `samples` at real-time pace from `t0`; resolves once the last frame is due and given. */
  const feed = async (samples: Float32Array, t0: number) => {
    for (let at = 0; at < samples.length;) {
      // Every frame that is due by now (a late timer delivers several, as a capture process's queue would).
      const due = Math.min(
        samples.length,
        Math.floor((((performance.now() - t0) / 1000) * SAMPLE_RATE) / frame) * frame + frame,
      );
      for (; at < due; at += frame) live.accept(samples.subarray(at, at + frame));
      const next = t0 + ((at + frame) / SAMPLE_RATE) * 1000;
      await new Promise((r) => setTimeout(r, Math.max(0, next - performance.now())));
    }
  };
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await feed(audio, t0);
  const listening = process.cpuUsage(cpu0);
  const wall = performance.now() - t0;
  // The key is released: the live steps are held while the tail padding is still recorded.
  const released = performance.now();
  live.holdSteps();
  const tail = Float32Array.from(
    { length: (DICTATION_DEFAULTS.tailPaddingMs / 1000) * SAMPLE_RATE },
    (_, i) => Math.sin(i * 12.9898) * 0.002,
  );
  await feed(tail, performance.now());
  const tailEnd = performance.now();
  await live.finish();
  const finalMs = performance.now() - tailEnd;
  const listeningTimes = times.filter((t) => t <= released);
  return {
    // The cadence while listening: the steps are held after the release.
    gaps: listeningTimes.slice(1).map((t, i) => t - listeningTimes[i]!),
    firstPartialMs: (times[0] ?? NaN) - t0,
    finalMs,
    // Of one core: 100 % is one core busy the whole time.
    cpuShare: (listening.user + listening.system) / 1000 / wall,
    longestRunS: live.stats.longestRunSamples / SAMPLE_RATE,
  };
}

const recognizer = await Recognizer.open(await benchTinyModel(), { threads });
await recognizer.logits({ samples: speechLike(2), sampleRate: SAMPLE_RATE }); // warm-up: arenas, kernels
const rows = [];
for (const seconds of lengths) {
  const all: Run[] = [];
  for (let r = 0; r < runs; r++) {
    const run = await once(recognizer, seconds, 11 + r);
    console.log(
      `${seconds} s run ${r + 1}: ${run.gaps.length + 1} partials, max gap ${Math.round(Math.max(...run.gaps))} ms, final ${Math.round(run.finalMs)} ms`,
    );
    all.push(run);
  }
  const gaps = all.flatMap((r) => r.gaps);
  const finals = all.map((r) => r.finalMs);
  rows.push({
    seconds,
    runs,
    partialCadenceMs: {
      p50: round(percentile(gaps, 50)),
      p95: round(percentile(gaps, 95)),
      max: round(Math.max(...gaps)),
    },
    firstPartialMs: round(Math.max(...all.map((r) => r.firstPartialMs))),
    finalMs: { p50: round(percentile(finals, 50)), p95: round(percentile(finals, 95)) },
    cpuShareOfOneCore: round((100 * all.reduce((s, r) => s + r.cpuShare, 0)) / all.length) / 100,
    longestRunSeconds: round(Math.max(...all.map((r) => r.longestRunS))),
  });
}
await recognizer.release();

console.log(
  `\nlive runner, real-size random sew-d-tiny, ${threads} threads, step ${LIVE_DEFAULTS.stepMs} ms, audio at real time in 20 ms frames\n`,
);
console.log(
  '| utterance | partial cadence p50 / p95 (max) | first partial | after the tail → final p50 / p95 | CPU while listening | longest run |',
);
console.log('| --- | --- | --- | --- | --- | --- |');
for (const r of rows)
  console.log(
    `| ${r.seconds} s | ${r.partialCadenceMs.p50} / ${r.partialCadenceMs.p95} (${r.partialCadenceMs.max}) ms | ${r.firstPartialMs} ms | ${r.finalMs.p50} / ${r.finalMs.p95} ms | ${Math.round(r.cpuShareOfOneCore * 100)} % of a core | ${r.longestRunSeconds} s |`,
  );
console.log(
  `\n${JSON.stringify({ model: 'sew-d-tiny (random, real size)', threads, live: LIVE_DEFAULTS, rows }, null, 2)}`,
);
