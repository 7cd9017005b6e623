/**
 * The README's speed tables from a `verba bench` report, so published figures are the printed ones.
 *
 *   process.stdout.write(benchMarkdown(await runBench(options)));
 */
import type { ModelResult } from './run-bench.ts';

const cell = (median: number | undefined, fastest: number | undefined) =>
  median === undefined ? '' : `${median} (${fastest ?? '–'})`;

export function benchMarkdown(report: { results: ModelResult[]; lengthsSeconds: number[] }): string {
  const lengths = report.lengthsSeconds.map(String);
  const out: string[] = [];
  for (const r of report.results) {
    const lean = r.styles.lean;
    const reference = r.styles.reference;
    out.push(`**${r.model}** (${r.parameters.toLocaleString('en')} parameters): ms per window, median (fastest)`, '');
    out.push(
      `| | ${lengths.map((s) => `${s} s`).join(' | ')} | load | peak RSS |`,
      `| --- |${lengths.map(() => ' --- |').join('')} --- | --- |`,
    );
    if (lean)
      out.push(
        `| lean | ${lengths.map((s) => cell(lean.msByLength[s], lean.minMsByLength[s])).join(' | ')} | ${lean.loadMs} ms | ${lean.peakRssMb} MB |`,
      );
    if (reference)
      out.push(
        `| reference-style | ${lengths.map((s) => cell(reference.msByLength[s], reference.minMsByLength[s])).join(' | ')} | ${reference.loadMs} ms | ${reference.peakRssMb} MB |`,
      );
    out.push(
      `| lean speed-up, same run | ${lengths.map((s) => cell(r.leanSpeedupByLength[s], r.leanSpeedupByLengthFastest[s])).join(' | ')} | | |`,
    );
    const anchor = r.leanSpeedupVsTorchAnchor;
    if (anchor)
      out.push(
        `| lean vs torch.onnx.export anchor | ${lengths.map((s) => cell(anchor.median[s], anchor.fastest[s])).join(' | ')} | | |`,
      );
    if (lean)
      out.push(
        `| lean real-time factor | ${lengths.map((s) => (lean.rtfByLength[s] === undefined ? '' : String(lean.rtfByLength[s]))).join(' | ')} | | |`,
      );
    out.push('');
  }
  return out.join('\n');
}
