/**
 * `verba bench`: generates real-size random SEW-D checkpoints (cached under .bench/), converts each
 * with the lean graph and the reference-style graph, times them per window length in a fresh process
 * each, and returns the figures as one JSON-ready object.
 *
 *   const report = await runBench({ models: ['tiny'], lengths: [1, 10, 30], runs: 5, threads: 2, device: 'cpu' });
 */
import { execFile } from 'node:child_process';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { convertCheckpoint } from '../convert/convert.ts';
import type { GraphStyle } from '../convert/front-end.ts';
import { onnxRuntimeVersion, type DeviceRequest } from '../onnx/ort.ts';
import type { MemoryResult, TimeResult } from './bench-worker.ts';
import { type SewdPreset, expectedParameters, generateCheckpoint } from './sewd-checkpoint.ts';

export interface BenchOptions {
  models: SewdPreset[];
  lengths: number[];
  runs: number;
  threads: number;
  device: DeviceRequest;
  /** Where generated checkpoints and converted graphs are cached. */
  cacheDir: string;
  log?: (line: string) => void;
}

export interface StyleResult extends MemoryResult {
  convertMs: number;
  /** Median and fastest milliseconds per run, by window length in seconds, and every run. */
  msByLength: Record<string, number>;
  minMsByLength: Record<string, number>;
  runsByLength: Record<string, number[]>;
  /** Real-time factor by length: processing time / audio time (lower is faster). */
  rtfByLength: Record<string, number>;
}

export interface ModelResult {
  model: string;
  parameters: number;
  styles: Partial<Record<GraphStyle, StyleResult>>;
  /** reference ms / lean ms at each length (medians, and fastest runs): > 1 means the lean graph is faster. */
  leanSpeedupByLength: Record<string, number>;
  leanSpeedupByLengthFastest: Record<string, number>;
  /** torch.onnx.export anchor ms / lean ms (median, fastest) where an anchor exists (cpu, 2 threads). */
  leanSpeedupVsTorchAnchor?: { median: Record<string, number>; fastest: Record<string, number> };
}

const STYLES: GraphStyle[] = ['lean', 'reference'];

/**
 * The anchor: milliseconds per window for the graph torch.onnx.export makes of a real-size
 * sew-d-tiny, on this machine type (2 cores, onnxruntime-node 1.30 CPU, 2 threads). torch cannot run
 * here, so these are the only figures of that graph; compare against them on an idle machine.
 */
export const TORCH_EXPORT_ANCHOR_MS: Partial<Record<SewdPreset, Record<string, number>>> = {
  tiny: { '1': 23, '10': 223, '30': 937, '60': 3077 },
  mid: { '10': 615 },
  'base-plus': { '10': 1079 },
};
const WORKER = fileURLToPath(new URL('./bench-worker.ts', import.meta.url));
const exists = (p: string) =>
  access(p).then(
    () => true,
    () => false,
  );

async function worker<T>(args: string[]): Promise<T> {
  const { stdout } = await promisify(execFile)(process.execPath, [WORKER, ...args], { maxBuffer: 1 << 20 });
  return JSON.parse(stdout) as T;
}

export async function runBench(options: BenchOptions) {
  const log = options.log ?? (() => undefined);
  const results: ModelResult[] = [];
  for (const model of options.models) {
    const base = join(options.cacheDir, `sew-d-${model}`);
    const checkpoint = join(base, 'checkpoint');
    if (!(await exists(join(checkpoint, 'model.safetensors')))) {
      log(
        `generating a random sew-d ${model} checkpoint (${expectedParameters(model).toLocaleString('en')} parameters)…`,
      );
      await generateCheckpoint(model, checkpoint);
    }
    const styles: Partial<Record<GraphStyle, StyleResult>> = {};
    const converted: { style: GraphStyle; dir: string; convertMs: number; memory: MemoryResult }[] = [];
    for (const style of STYLES) {
      const dir = join(base, style);
      log(`converting sew-d ${model} (${style})…`);
      const t0 = performance.now();
      await convertCheckpoint(checkpoint, dir, { style });
      const convertMs = Math.round(performance.now() - t0);
      log(
        `loading sew-d ${model} (${style}) alone for load time and peak memory at ${Math.max(...options.lengths)} s…`,
      );
      const memory = await worker<MemoryResult>([
        'memory',
        dir,
        String(Math.max(...options.lengths)),
        String(options.threads),
        options.device,
      ]);
      converted.push({ style, dir, convertMs, memory });
    }
    log(
      `timing sew-d ${model} (${STYLES.join(' and ')} interleaved) at ${options.lengths.join(', ')} s, ${options.runs} runs each…`,
    );
    const timed = await worker<TimeResult>([
      'time',
      options.lengths.join(','),
      String(options.runs),
      String(options.threads),
      options.device,
      ...converted.map((c) => c.dir),
    ]);
    converted.forEach(({ style, convertMs, memory }, i) => {
      const msByLength = timed.msByLength[i]!;
      const rtfByLength = Object.fromEntries(
        Object.entries(msByLength).map(([s, ms]) => [s, Math.round((ms / 1000 / Number(s)) * 1e4) / 1e4]),
      );
      styles[style] = {
        ...memory,
        convertMs,
        msByLength,
        minMsByLength: timed.minMsByLength[i]!,
        rtfByLength,
        runsByLength: timed.runsByLength[i]!,
      };
    });
    const ratio = (lean: Record<string, number>, reference: Record<string, number>) =>
      Object.fromEntries(
        Object.keys(lean)
          .filter((s) => reference[s] !== undefined)
          .map((s) => [s, Math.round((reference[s]! / lean[s]!) * 100) / 100]),
      );
    const anchor = options.device === 'cpu' && options.threads === 2 ? TORCH_EXPORT_ANCHOR_MS[model] : undefined;
    const leanSpeedupByLength = ratio(styles.lean?.msByLength ?? {}, styles.reference?.msByLength ?? {});
    results.push({
      model: `sew-d-${model}`,
      parameters: expectedParameters(model),
      styles,
      leanSpeedupByLength,
      leanSpeedupByLengthFastest: ratio(styles.lean?.minMsByLength ?? {}, styles.reference?.minMsByLength ?? {}),
      ...(anchor && styles.lean
        ? {
            leanSpeedupVsTorchAnchor: {
              median: ratio(styles.lean.msByLength, anchor),
              fastest: ratio(styles.lean.minMsByLength, anchor),
            },
          }
        : {}),
    });
  }
  return {
    onnxruntime: onnxRuntimeVersion(),
    node: process.version,
    threads: options.threads,
    device: options.device,
    runs: options.runs,
    lengthsSeconds: options.lengths,
    results,
  };
}
