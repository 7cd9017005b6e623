/**
 * The README's speed tables from a `verba bench` report, so published figures are the printed ones.
 *
 *   process.stdout.write(benchMarkdown(await runBench(options)));
 */
import type { ModelResult } from './run-bench.ts';

const cell = (median: number | undefined, fastest: number | undefined) =>
  median === undefined ? '' : `${median} (${fastest ?? '–'})`;

export function benchMarkdown(report: { results: ModelResult[]; lengthsSeconds: number[]; threads: number }): string {
  const lengths = report.lengthsSeconds.map(String);
  const out: string[] = [];
  for (const r of report.results) {
    out.push(
      `**${r.model}** (${r.parameters.toLocaleString('en')} parameters) on ${r.device}, ${report.threads} threads: ms per window, median (fastest)`,
      '',
      `| | ran on | ${lengths.map((s) => `${s} s`).join(' | ')} | × real time (${lengths.at(-1)} s) | load | peak RSS |`,
      `| --- | --- |${lengths.map(() => ' --- |').join('')} --- | --- | --- |`,
    );
    for (const c of r.configs)
      out.push(
        `| ${c.label} | ${c.device}${c.fallbackReason !== null ? ' (fallback)' : ''} | ${lengths.map((s) => cell(c.msByLength[s], c.minMsByLength[s])).join(' | ')} | ${c.xRealTimeByLength[lengths.at(-1)!] ?? ''} | ${c.loadMs} ms | ${c.peakRssMb} MB |`,
      );
    for (const [label, s] of Object.entries(r.speedupVsFp32))
      out.push(
        `| ${label} speed-up vs lean-fp32, same run | | ${lengths.map((x) => cell(s.median[x], s.fastest[x])).join(' | ')} | | | |`,
      );
    const anchor = r.leanSpeedupVsTorchAnchor;
    if (anchor)
      out.push(
        `| lean-fp32 vs torch.onnx.export anchor | | ${lengths.map((s) => cell(anchor.median[s], anchor.fastest[s])).join(' | ')} | | | |`,
      );
    const reasons = r.configs.filter((c) => c.fallbackReason !== null);
    if (reasons.length > 0) out.push('', `Fallback: ${reasons[0]!.fallbackReason}`);
    out.push('');
  }
  return out.join('\n');
}
