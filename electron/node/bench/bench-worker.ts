/**
 * Times one converted model in a fresh process (so peak RSS is this model's alone). Prints one JSON
 * object on stdout. Run by run-bench.ts:
 *
 *   node electron/node/bench/bench-worker.ts <model-dir> <lengths,csv> <runs> <threads> <device>
 */
import { performance } from 'node:perf_hooks';
import { SAMPLE_RATE } from '../../common/defaults.ts';
import type { DeviceRequest } from '../onnx/ort.ts';
import { Recognizer } from '../engine/recognizer.ts';

export interface WorkerResult {
  device: string;
  fallbackReason: string | null;
  loadMs: number;
  /** Median milliseconds per run, by window length in seconds. */
  msByLength: Record<string, number>;
  runsByLength: Record<string, number[]>;
  peakRssMb: number;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** Speech-band noise (seeded): the graph's cost does not depend on the values, only on the length. */
function audio(seconds: number): Float32Array {
  const x = new Float32Array(Math.round(seconds * SAMPLE_RATE));
  let s = 12345;
  for (let i = 0; i < x.length; i++) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    x[i] = 0.1 * (s / 2 ** 30 - 1);
  }
  return x;
}

async function main([dir, lengthsCsv, runsArg, threadsArg, device]: string[]): Promise<WorkerResult> {
  const lengths = lengthsCsv!.split(',').map(Number);
  const runs = Number(runsArg);
  const started = performance.now();
  const recognizer = await Recognizer.open(dir!, { device: device as DeviceRequest, threads: Number(threadsArg) });
  const loadMs = performance.now() - started;
  const msByLength: Record<string, number> = {};
  const runsByLength: Record<string, number[]> = {};
  await recognizer.logits(audio(1)); // warm-up: first run allocates arenas and picks kernels
  for (const seconds of lengths) {
    const x = audio(seconds);
    const times: number[] = [];
    for (let r = 0; r < runs; r++) {
      const t0 = performance.now();
      await recognizer.logits(x);
      times.push(performance.now() - t0);
    }
    runsByLength[String(seconds)] = times.map((t) => Math.round(t * 10) / 10);
    msByLength[String(seconds)] = Math.round(median(times) * 10) / 10;
  }
  const result = { device: recognizer.device, fallbackReason: recognizer.fallbackReason, loadMs: Math.round(loadMs), msByLength, runsByLength, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) };
  await recognizer.release();
  return result;
}

main(process.argv.slice(2)).then(
  (r) => process.stdout.write(`${JSON.stringify(r)}\n`),
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  },
);
