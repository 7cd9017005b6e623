/**
 * Benchmark measurements in a fresh process, printed as one JSON object on stdout. Run by run-bench.ts:
 *
 *   node bench-worker.ts memory <model-dir> <seconds> <threads> <device>   → load time, peak RSS (this model alone)
 *   node bench-worker.ts time <lengths,csv> <runs> <threads> <device> <model-dir>...
 *
 * `time` loads every model first and interleaves their runs (A, B, A, B, … at each length), so a
 * change in machine load affects all of them alike and the speed ratios stay fair on a shared machine.
 */
import { performance } from 'node:perf_hooks';
import { SAMPLE_RATE } from '../../common/defaults.ts';
import type { DeviceRequest } from '../onnx/ort.ts';
import { Recognizer } from '../engine/recognizer.ts';

export interface MemoryResult {
  device: string;
  fallbackReason: string | null;
  loadMs: number;
  peakRssMb: number;
}

export interface TimeResult {
  /** Per model dir: median and fastest milliseconds by window length (seconds), and every run. */
  msByLength: Record<string, number>[];
  minMsByLength: Record<string, number>[];
  runsByLength: Record<string, number[]>[];
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const tenth = (x: number) => Math.round(x * 10) / 10;

/** Seeded noise: the graph's cost depends on the length only, not on the values. */
function audio(seconds: number): Float32Array {
  const x = new Float32Array(Math.round(seconds * SAMPLE_RATE));
  let s = 12345;
  for (let i = 0; i < x.length; i++) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    x[i] = 0.1 * (s / 2 ** 30 - 1);
  }
  return x;
}

async function memory([dir, seconds, threads, device]: string[]): Promise<MemoryResult> {
  const t0 = performance.now();
  const recognizer = await Recognizer.open(dir!, { device: device as DeviceRequest, threads: Number(threads) });
  const loadMs = Math.round(performance.now() - t0);
  await recognizer.logits({ samples: audio(Number(seconds)), sampleRate: 16_000 });
  const result = {
    device: recognizer.device,
    fallbackReason: recognizer.fallbackReason,
    loadMs,
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
  await recognizer.release();
  return result;
}

async function time([lengthsCsv, runs, threads, device, ...dirs]: string[]): Promise<TimeResult> {
  const recognizers: Recognizer[] = [];
  for (const dir of dirs)
    recognizers.push(await Recognizer.open(dir, { device: device as DeviceRequest, threads: Number(threads) }));
  for (const r of recognizers) await r.logits({ samples: audio(1), sampleRate: 16_000 }); // warm-up: arenas, kernel choice
  const runsByLength = recognizers.map(() => ({}) as Record<string, number[]>);
  for (const seconds of lengthsCsv!.split(',').map(Number)) {
    const x = { samples: audio(seconds), sampleRate: 16_000 };
    for (let run = 0; run < Number(runs); run++) {
      for (const [i, r] of recognizers.entries()) {
        // Let the other session's spinning workers park first, so runs do not compete for the cores.
        await new Promise((resolve) => setTimeout(resolve, 100));
        const t0 = performance.now();
        await r.logits(x);
        (runsByLength[i]![String(seconds)] ??= []).push(tenth(performance.now() - t0));
      }
    }
  }
  for (const r of recognizers) await r.release();
  const summary = (f: (times: number[]) => number) =>
    runsByLength.map((byLength) =>
      Object.fromEntries(Object.entries(byLength).map(([s, times]) => [s, tenth(f(times))])),
    );
  // The fastest run is the least disturbed one on a shared machine; the median is the typical one.
  return { runsByLength, msByLength: summary(median), minMsByLength: summary((times) => Math.min(...times)) };
}

const [mode, ...rest] = process.argv.slice(2);
(mode === 'memory' ? memory(rest) : time(rest)).then(
  (r) => process.stdout.write(`${JSON.stringify(r)}\n`),
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  },
);
