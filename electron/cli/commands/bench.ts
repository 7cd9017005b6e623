import { parseArgs } from 'node:util';
import { VerbaError } from '../../common/result.ts';
import { DEVICE_REQUESTS, type DeviceRequest } from '../../node/onnx/ort.ts';
import { type BenchModel, runBench } from '../../node/bench/run-bench.ts';
import { benchMarkdown } from '../../node/bench/bench-markdown.ts';
import { SEWD_PRESETS } from '../../node/bench/sewd-checkpoint.ts';
import { MODEL_VARIANTS, type ModelVariant } from '../../node/convert/manifest.ts';
import { DEFAULT_INT8_SCHEME, INT8_SCHEME_NAMES, type Int8SchemeName } from '../../node/convert/convert.ts';
import type { CliCommand } from '../cli-types.ts';

const MODELS: readonly BenchModel[] = [...SEWD_PRESETS, 'demo'];

const usage = `Usage: verba bench [--models tiny,mid,base-plus,demo] [--device cpu,webgpu,…] [--variant fp32,int8,fp16]
         [--int8-scheme ${INT8_SCHEME_NAMES.join(',')}] [--reference] [--lengths 1,2,5,10,20,30] [--runs 5]
         [--threads 2] [--cache .bench] [--markdown]

Generates real-size random SEW-D checkpoints (cached in .bench/; demo is the offline demo model),
converts each variant (int8 schemes: ${DEFAULT_INT8_SCHEME} unless --int8-scheme lists others; --reference
adds the reference-style fp32 graph), and prints JSON per model and provider: milliseconds per window
length (median of --runs, and the fastest), real-time factor and × real time, load time, peak RSS, and
each configuration's speed-up over lean fp32 measured in the same interleaved run. Each configuration
says which provider actually ran it and why, when a requested one fell back.
Progress goes to stderr. --markdown prints the README's tables instead of JSON.`;

const list = <T extends string>(flag: string, csv: string, allowed: readonly T[]): T[] => {
  const values = csv.split(',').map((s) => s.trim());
  const bad = values.find((v) => !allowed.includes(v as T));
  if (bad !== undefined) throw new VerbaError('BadArgument', `--${flag} takes ${allowed.join(', ')}, not "${bad}".`);
  return values as T[];
};

const numbers = (flag: string, csv: string) => {
  const values = csv.split(',').map((s) => Number(s.trim()));
  if (values.length === 0 || values.some((v) => !Number.isFinite(v) || v <= 0))
    throw new VerbaError('BadArgument', `--${flag} takes positive numbers separated by commas, not "${csv}".`);
  return values;
};

export const command: CliCommand = {
  usage,
  async run(args) {
    const { values } = parseArgs({
      args,
      options: {
        models: { type: 'string', default: 'tiny,mid,base-plus' },
        lengths: { type: 'string', default: '1,2,5,10,20,30' },
        runs: { type: 'string', default: '5' },
        threads: { type: 'string', default: '2' },
        device: { type: 'string', default: 'cpu' },
        variant: { type: 'string', default: 'fp32' },
        'int8-scheme': { type: 'string', default: DEFAULT_INT8_SCHEME },
        reference: { type: 'boolean', default: false },
        cache: { type: 'string', default: '.bench' },
        markdown: { type: 'boolean', default: false },
      },
      strict: true,
    });
    const [runs] = numbers('runs', values.runs);
    const [threads] = numbers('threads', values.threads);
    const report = await runBench({
      models: list('models', values.models, MODELS),
      devices: list('device', values.device, DEVICE_REQUESTS as readonly DeviceRequest[]),
      variants: list('variant', values.variant, MODEL_VARIANTS as readonly ModelVariant[]),
      int8Schemes: list('int8-scheme', values['int8-scheme'], INT8_SCHEME_NAMES as readonly Int8SchemeName[]),
      reference: values.reference,
      lengths: numbers('lengths', values.lengths),
      runs: Math.round(runs!),
      threads: Math.round(threads!),
      cacheDir: values.cache,
      log: (line) => process.stderr.write(`${line}\n`),
    });
    process.stdout.write(values.markdown ? benchMarkdown(report) : `${JSON.stringify(report, null, 2)}\n`);
    return 0;
  },
};
