/**
 * `verba bench`: model × provider × variant × window length → milliseconds, × real time and peak
 * memory. Generates real-size random SEW-D checkpoints (cached under .bench/; 'demo' is the offline
 * demo model), converts each configuration (lean graph per variant, and the reference-style fp32
 * graph for comparison), and times all configurations of a model and provider interleaved in one
 * fresh process, so the ratios between them are fair on a shared machine.
 *
 *   const report = await runBench({ models: ['tiny'], devices: ['cpu'], variants: ['fp32', 'int8'],
 *     lengths: [10], runs: 5, threads: 2, cacheDir: '.bench' });
 */
import { execFile } from 'node:child_process';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { DEFAULT_INT8_SCHEME, INT8_SCHEMES, convertCheckpoint, type Int8SchemeName } from '../convert/convert.ts';
import type { GraphStyle } from '../convert/front-end.ts';
import type { ModelVariant } from '../convert/manifest.ts';
import { onnxRuntimeVersion, type DeviceRequest } from '../onnx/ort.ts';
import type { MemoryResult, TimeResult } from './bench-worker.ts';
import { type SewdPreset, expectedParameters, generateCheckpoint } from './sewd-checkpoint.ts';

export type BenchModel = SewdPreset | 'demo';
export const DEMO_CHECKPOINT = fileURLToPath(new URL('../../../models/verba-demo-sewd/', import.meta.url));

export interface BenchOptions {
  models: BenchModel[];
  devices: DeviceRequest[];
  variants: ModelVariant[];
  /** int8 schemes to measure (each its own configuration); the shipped one when absent. */
  int8Schemes?: Int8SchemeName[];
  /** Also time the reference-style fp32 graph (the traced-graph baseline). */
  reference?: boolean;
  lengths: number[];
  runs: number;
  threads: number;
  /** Where generated checkpoints and converted graphs are cached. */
  cacheDir: string;
  log?: (line: string) => void;
}

export interface ConfigResult extends MemoryResult {
  label: string;
  style: GraphStyle;
  variant: ModelVariant;
  int8Scheme?: Int8SchemeName;
  convertMs: number;
  /** Median and fastest milliseconds per run, by window length in seconds, and every run. */
  msByLength: Record<string, number>;
  minMsByLength: Record<string, number>;
  runsByLength: Record<string, number[]>;
  /** Real-time factor by length: processing time / audio time (lower is faster). */
  rtfByLength: Record<string, number>;
  /** Audio seconds per second of processing (median): "× real time". */
  xRealTimeByLength: Record<string, number>;
}

export interface ModelResult {
  model: string;
  parameters: number;
  /** The provider asked for; each configuration says which one ran (and why not, on a fallback). */
  device: DeviceRequest;
  configs: ConfigResult[];
  /** lean-fp32 ms / this configuration's ms (medians, and fastest runs), same run: > 1 is faster. */
  speedupVsFp32: Record<string, { median: Record<string, number>; fastest: Record<string, number> }>;
  /** torch.onnx.export anchor ms / lean-fp32 ms where an anchor exists (cpu, 2 threads). */
  leanSpeedupVsTorchAnchor?: { median: Record<string, number>; fastest: Record<string, number> };
}

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
  const { stdout } = await promisify(execFile)(process.execPath, [WORKER, ...args], { maxBuffer: 1 << 22 });
  return JSON.parse(stdout) as T;
}

interface Config {
  label: string;
  style: GraphStyle;
  variant: ModelVariant;
  int8Scheme?: Int8SchemeName;
}

export function benchConfigs(options: Pick<BenchOptions, 'variants' | 'int8Schemes' | 'reference'>): Config[] {
  const configs: Config[] = [];
  for (const variant of options.variants) {
    if (variant !== 'int8') configs.push({ label: `lean-${variant}`, style: 'lean', variant });
    else
      for (const scheme of options.int8Schemes ?? [DEFAULT_INT8_SCHEME])
        configs.push({ label: `lean-int8-${scheme}`, style: 'lean', variant, int8Scheme: scheme });
  }
  if (options.reference === true) configs.push({ label: 'reference-fp32', style: 'reference', variant: 'fp32' });
  return configs;
}

const ratio = (base: Record<string, number>, other: Record<string, number>) =>
  Object.fromEntries(
    Object.keys(other)
      .filter((s) => base[s] !== undefined)
      .map((s) => [s, Math.round((base[s]! / other[s]!) * 100) / 100]),
  );

async function checkpointOf(model: BenchModel, cacheDir: string, log: (line: string) => void): Promise<string> {
  if (model === 'demo') return DEMO_CHECKPOINT;
  const checkpoint = join(cacheDir, `sew-d-${model}`, 'checkpoint');
  if (!(await exists(join(checkpoint, 'model.safetensors')))) {
    log(
      `generating a random sew-d ${model} checkpoint (${expectedParameters(model).toLocaleString('en')} parameters)…`,
    );
    await generateCheckpoint(model, checkpoint);
  }
  return checkpoint;
}

export async function runBench(options: BenchOptions) {
  const log = options.log ?? (() => undefined);
  const configs = benchConfigs(options);
  const results: ModelResult[] = [];
  const longest = String(Math.max(...options.lengths));
  for (const model of options.models) {
    const checkpoint = await checkpointOf(model, options.cacheDir, log);
    const converted: { config: Config; dir: string; convertMs: number }[] = [];
    for (const config of configs) {
      const dir = join(options.cacheDir, model === 'demo' ? 'verba-demo-sewd' : `sew-d-${model}`, config.label);
      log(`converting ${model} (${config.label})…`);
      const t0 = performance.now();
      await convertCheckpoint(checkpoint, dir, {
        style: config.style,
        variant: config.variant,
        ...(config.int8Scheme !== undefined ? { int8: INT8_SCHEMES[config.int8Scheme] } : {}),
      });
      converted.push({ config, dir, convertMs: Math.round(performance.now() - t0) });
    }
    for (const device of options.devices) {
      const memories: MemoryResult[] = [];
      for (const c of converted) {
        log(`loading ${model} ${c.config.label} on ${device} alone for load time and peak memory at ${longest} s…`);
        memories.push(await worker<MemoryResult>(['memory', c.dir, longest, String(options.threads), device]));
      }
      log(
        `timing ${model} on ${device}: ${configs.map((c) => c.label).join(', ')} interleaved at ${options.lengths.join(', ')} s, ${options.runs} runs each…`,
      );
      const timed = await worker<TimeResult>([
        'time',
        options.lengths.join(','),
        String(options.runs),
        String(options.threads),
        device,
        ...converted.map((c) => c.dir),
      ]);
      const results1: ConfigResult[] = converted.map(({ config, convertMs }, i) => {
        const msByLength = timed.msByLength[i]!;
        const per = (f: (seconds: number, ms: number) => number) =>
          Object.fromEntries(Object.entries(msByLength).map(([s, ms]) => [s, f(Number(s), ms)]));
        return {
          ...config,
          ...memories[i]!,
          convertMs,
          msByLength,
          minMsByLength: timed.minMsByLength[i]!,
          runsByLength: timed.runsByLength[i]!,
          rtfByLength: per((s, ms) => Math.round((ms / 1000 / s) * 1e4) / 1e4),
          xRealTimeByLength: per((s, ms) => Math.round((s / (ms / 1000)) * 10) / 10),
        };
      });
      const base = results1.find((c) => c.label === 'lean-fp32');
      const anchor =
        device === 'cpu' && options.threads === 2 && model !== 'demo' ? TORCH_EXPORT_ANCHOR_MS[model] : undefined;
      results.push({
        model: model === 'demo' ? 'verba-demo-sewd' : `sew-d-${model}`,
        parameters: model === 'demo' ? 2_177_343 : expectedParameters(model),
        device,
        configs: results1,
        speedupVsFp32: Object.fromEntries(
          base === undefined
            ? []
            : results1
                .filter((c) => c !== base)
                .map((c) => [
                  c.label,
                  { median: ratio(base.msByLength, c.msByLength), fastest: ratio(base.minMsByLength, c.minMsByLength) },
                ]),
        ),
        ...(anchor && base
          ? {
              leanSpeedupVsTorchAnchor: {
                median: ratio(anchor, base.msByLength),
                fastest: ratio(anchor, base.minMsByLength),
              },
            }
          : {}),
      });
    }
  }
  return {
    onnxruntime: onnxRuntimeVersion(),
    node: process.version,
    threads: options.threads,
    runs: options.runs,
    lengthsSeconds: options.lengths,
    results,
  };
}
