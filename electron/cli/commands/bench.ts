import { parseArgs } from 'node:util';
import { VerbaError } from '../../common/result.ts';
import { DEVICE_REQUESTS, type DeviceRequest } from '../../node/onnx/ort.ts';
import { runBench } from '../../node/bench/run-bench.ts';
import { benchMarkdown } from '../../node/bench/bench-markdown.ts';
import { SEWD_PRESETS, type SewdPreset } from '../../node/bench/sewd-checkpoint.ts';
import type { CliCommand } from '../cli-types.ts';

const usage = `Usage: verba bench [--models tiny,mid,base-plus] [--lengths 1,2,5,10,20,30] [--runs 5] [--threads 2] [--device cpu] [--cache .bench]

Generates real-size random SEW-D checkpoints (cached in .bench/), converts each with Verba's lean
graph and with the reference-style graph, and prints JSON: milliseconds per window length (median of
--runs), real-time factor, session load time, peak RSS, and the lean/reference speed ratio per length.
Progress goes to stderr. --markdown prints the README's tables instead of JSON.`;

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
        cache: { type: 'string', default: '.bench' },
        markdown: { type: 'boolean', default: false },
      },
      strict: true,
    });
    const models = values.models.split(',').map((m) => m.trim());
    const unknown = models.find((m) => !SEWD_PRESETS.includes(m as SewdPreset));
    if (unknown !== undefined)
      throw new VerbaError('BadArgument', `--models takes ${SEWD_PRESETS.join(', ')}, not "${unknown}".`);
    if (!DEVICE_REQUESTS.includes(values.device as DeviceRequest))
      throw new VerbaError('BadArgument', `--device takes ${DEVICE_REQUESTS.join(', ')}, not "${values.device}".`);
    const [runs] = numbers('runs', values.runs);
    const [threads] = numbers('threads', values.threads);
    const report = await runBench({
      models: models as SewdPreset[],
      lengths: numbers('lengths', values.lengths),
      runs: Math.round(runs!),
      threads: Math.round(threads!),
      device: values.device as DeviceRequest,
      cacheDir: values.cache,
      log: (line) => process.stderr.write(`${line}\n`),
    });
    process.stdout.write(values.markdown ? benchMarkdown(report) : `${JSON.stringify(report, null, 2)}\n`);
    return 0;
  },
};
