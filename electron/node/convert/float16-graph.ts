/**
 * The fp16 variant for GPU providers: every float32 initializer becomes float16 and the graph
 * computes in float16 from a Cast after the input to a Cast before the output, so callers still feed
 * and read float32 (the runtime code is the same for every variant).
 *
 *   const g = buildModelGraph(spec, weights, 'lean', positions);
 *   toFloat16(g);   // then g.encode(…)
 *
 * Why whole-graph and not weights-only: on WebGPU / CUDA / DirectML the gain comes from half the
 * memory traffic and the fp16 matrix units, which a Cast back to float32 after each weight would
 * throw away. CPU providers have few float16 kernels; the app offers this variant for GPUs only.
 */
import { DataType, int, type GraphBuilder } from './graph-builder.ts';

/** float32 → IEEE binary16 bits, round to nearest even (the platform's own conversion). */
function halfBytes(raw: Uint8Array): Uint8Array {
  const f = new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
  const out = new Uint8Array(f.length * 2);
  const view = new DataView(out.buffer) as DataView & { setFloat16(o: number, v: number, le: boolean): void };
  for (let i = 0; i < f.length; i++) view.setFloat16(i * 2, f[i]!, true);
  return out;
}

export interface Float16Stats {
  initializers: number;
  /** Weights that overflow float16 (|w| > 65504) would become ±Infinity: refused, not converted. */
  bytesBefore: number;
  bytesAfter: number;
}

export function toFloat16(g: GraphBuilder): Float16Stats {
  const stats: Float16Stats = { initializers: 0, bytesBefore: 0, bytesAfter: 0 };
  for (const t of g.initializers) {
    if (t.data_type !== DataType.FLOAT) continue;
    const half = halfBytes(t.raw_data);
    const check = new DataView(half.buffer) as DataView & { getFloat16(o: number, le: boolean): number };
    for (let i = 0; i < half.length; i += 2)
      if (!Number.isFinite(check.getFloat16(i, true)))
        throw new RangeError(`${t.name} has a value beyond float16's range; use the fp32 variant.`);
    stats.initializers++;
    stats.bytesBefore += t.raw_data.byteLength;
    stats.bytesAfter += half.byteLength;
    t.data_type = DataType.FLOAT16;
    t.raw_data = half;
  }
  for (const node of g.nodes)
    for (const a of node.attribute)
      if (node.op_type === 'Cast' && a.name === 'to' && a.i === DataType.FLOAT) a.i = DataType.FLOAT16;

  // Rewire: input (float32) → Cast → float16 consumers; the output's producer → Cast → output.
  const body = [...g.nodes];
  g.nodes.length = 0;
  for (const input of g.inputs) {
    if (input.type.tensor_type.elem_type !== DataType.FLOAT) continue;
    const half = g.unique(`${input.name}_f16`);
    for (const node of body) node.input = node.input.map((n) => (n === input.name ? half : n));
    g.nodes.push({ name: g.unique(`n_${half}`), op_type: 'Cast', input: [input.name], output: [half], attribute: [] });
    g.nodes.at(-1)!.attribute = [{ name: 'to', type: 2, i: DataType.FLOAT16 }];
  }
  g.nodes.push(...body);
  for (const output of g.outputs) {
    if (output.type.tensor_type.elem_type !== DataType.FLOAT) continue;
    const producer = g.nodes.find((n) => n.output.includes(output.name))!;
    const half = g.unique(`${output.name}_f16`);
    producer.output = producer.output.map((n) => (n === output.name ? half : n));
    g.op('Cast', [half], { to: int(DataType.FLOAT) }, `${output.name}_cast`);
    g.nodes.at(-1)!.output = [output.name];
  }
  return stats;
}
