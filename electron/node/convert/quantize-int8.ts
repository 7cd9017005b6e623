/**
 * The int8 variant: rewrites a built fp32 graph in place so every MatMul by a constant weight matrix
 * (and, optionally, every Conv of the front end after layer 0) runs in 8-bit integers. Weights are
 * quantised here, once, symmetrically per output column (per output channel for convs); activations
 * are quantised at run time (DynamicQuantizeLinear, per tensor), so no calibration set is needed.
 *
 *   const g = buildModelGraph(spec, weights, 'lean', positions);
 *   const stats = quantizeInt8(g, { matmul: 'integer', conv: true });   // → stats.matmuls, stats.convs
 *
 * Schemes (measured by `verba bench --variant int8 --int8-scheme …`; README "Models and GPU"):
 * - 'integer': DynamicQuantizeLinear → MatMulInteger → Cast → Mul(scales), the pattern onnxruntime's
 *   optimiser fuses into its DynamicQuantizeMatMul kernel (bias Add folded in).
 * - 'nbits': com.microsoft MatMulNBits with bits = 8 and accuracy_level 4 (int8 compute in blocks of
 *   `blockSize` along K, one scale per block and column).
 * QLinearMatMul is not offered: it needs a fixed output scale per MatMul, i.e. calibrated activation
 * ranges, and re-quantises its output to 8 bits, which the dynamic schemes avoid.
 */
import { DataType, int, type GraphBuilder } from './graph-builder.ts';
import type { TensorMessage } from './onnx-model.ts';

export type Int8Scheme = 'integer' | 'nbits';

export interface Int8Options {
  matmul?: Int8Scheme;
  /** Quantise the strided convs of the front end too (ConvInteger). */
  conv?: boolean;
  /**
   * Weights in 7 bits (±63): x86 AVX2 without VNNI multiplies u8×s8 pairs into int16 (vpmaddubsw),
   * which saturates for full-range weights; onnxruntime's own quantiser offers the same "reduce range".
   */
  reduceRange?: boolean;
  /** Scheme for the front end's conv MatMuls (names matching /conv_layers/), when it differs from `matmul`. */
  convMatmul?: Int8Scheme;
  /** Weights (initializer names) kept in float: the layers whose quantisation costs the most agreement. */
  keepFloat?: RegExp;
  /** MatMulNBits block size along K (a power of two ≥ 16). */
  blockSize?: number;
}

export interface Int8Stats {
  matmuls: number;
  convs: number;
  /** Weight bytes before and after (fp32 vs int8 + scales). */
  weightBytesBefore: number;
  weightBytesAfter: number;
}

const bytes = (view: Int8Array | Uint8Array | Float32Array) =>
  new Uint8Array(view.buffer, view.byteOffset, view.byteLength);

function floatsOf(t: TensorMessage): Float32Array {
  const raw = t.raw_data;
  return new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
}

/** Symmetric scale for values of max magnitude `max` (a zero column gets scale 1 so dequantising is exact). */
const scaleFor = (max: number, qmax: number) => (max > 0 ? max / qmax : 1);

/** [K, N] row-major → int8 per column, plus one scale per column. */
function quantizeColumns(w: Float32Array, k: number, n: number, qmax: number) {
  const scales = new Float32Array(n);
  for (let i = 0; i < k; i++) for (let j = 0; j < n; j++) scales[j] = Math.max(scales[j]!, Math.abs(w[i * n + j]!));
  for (let j = 0; j < n; j++) scales[j] = scaleFor(scales[j]!, qmax);
  const q = new Int8Array(k * n);
  for (let i = 0; i < k; i++) for (let j = 0; j < n; j++) q[i * n + j] = Math.round(w[i * n + j]! / scales[j]!);
  return { q, scales };
}

/** [K, N] → MatMulNBits' B [N, blocks, blockSize] uint8 (value + 128), scales [N · blocks]; K padded with zeros. */
function quantizeBlocks(w: Float32Array, k: number, n: number, blockSize: number, qmax: number) {
  const blocks = Math.ceil(k / blockSize);
  const q = new Uint8Array(n * blocks * blockSize).fill(128);
  const scales = new Float32Array(n * blocks);
  for (let j = 0; j < n; j++) {
    for (let b = 0; b < blocks; b++) {
      let max = 0;
      const end = Math.min(k, (b + 1) * blockSize);
      for (let i = b * blockSize; i < end; i++) max = Math.max(max, Math.abs(w[i * n + j]!));
      const s = scaleFor(max, qmax);
      scales[j * blocks + b] = s;
      for (let i = b * blockSize; i < end; i++)
        q[(j * blocks + b) * blockSize + (i - b * blockSize)] = 128 + Math.round(w[i * n + j]! / s);
    }
  }
  return { q, scales, blocks };
}

/** Conv weight [outC, ...] → int8 per output channel. */
function quantizeChannels(w: Float32Array, outC: number, qmax: number) {
  const per = w.length / outC;
  const scales = new Float32Array(outC);
  const q = new Int8Array(w.length);
  for (let c = 0; c < outC; c++) {
    let max = 0;
    for (let i = 0; i < per; i++) max = Math.max(max, Math.abs(w[c * per + i]!));
    const s = scaleFor(max, qmax);
    scales[c] = s;
    for (let i = 0; i < per; i++) q[c * per + i] = Math.round(w[c * per + i]! / s);
  }
  return { q, scales };
}

export function quantizeInt8(g: GraphBuilder, options: Int8Options = {}): Int8Stats {
  const scheme = options.matmul ?? 'integer';
  const qmax = options.reduceRange === false ? 127 : 63;
  const blockSize = options.blockSize ?? 32;
  const inits = new Map(g.initializers.map((t) => [t.name, t]));
  const stats: Int8Stats = { matmuls: 0, convs: 0, weightBytesBefore: 0, weightBytesAfter: 0 };
  const dropped = new Set<string>();
  const pending = [...g.nodes];
  g.nodes.length = 0;
  // New nodes are emitted into g.nodes by g.op(); the original order is kept (it is already topological).
  for (const node of pending) {
    const weight = node.input[1] !== undefined ? inits.get(node.input[1]) : undefined;
    const keep = weight !== undefined && options.keepFloat?.test(weight.name) === true;
    if (node.op_type === 'MatMul' && !keep && weight?.data_type === DataType.FLOAT && weight.dims.length === 2) {
      const [k, n] = weight.dims as [number, number];
      const w = floatsOf(weight);
      stats.matmuls++;
      stats.weightBytesBefore += w.byteLength;
      dropped.add(weight.name);
      const x = node.input[0]!;
      const out = node.output[0]!;
      const nodeScheme = /conv_layers/.test(weight.name) ? (options.convMatmul ?? scheme) : scheme;
      if (nodeScheme === 'nbits') {
        const { q, scales, blocks } = quantizeBlocks(w, k, n, blockSize, qmax);
        g.domains['com.microsoft'] = 1;
        const b = g.constRaw(`${weight.name}.q8`, [n, blocks, blockSize], DataType.UINT8, q);
        const s = g.constF32(`${weight.name}.q8_scales`, [n * blocks], scales);
        g.nodes.push({
          name: g.unique(`n_${out}_nbits`),
          op_type: 'MatMulNBits',
          domain: 'com.microsoft',
          input: [x, b, s],
          output: [out],
          attribute: [
            { name: 'K', type: 2, i: k },
            { name: 'N', type: 2, i: n },
            { name: 'bits', type: 2, i: 8 },
            { name: 'block_size', type: 2, i: blockSize },
            { name: 'accuracy_level', type: 2, i: 4 },
          ],
        });
        stats.weightBytesAfter += q.byteLength + scales.byteLength;
      } else {
        const { q, scales } = quantizeColumns(w, k, n, qmax);
        const [xq, xScale, xZero] = g.opN('DynamicQuantizeLinear', [x], 3, {}, `${out}_xq`);
        const wq = g.constRaw(`${weight.name}.q8`, [k, n], DataType.INT8, bytes(q));
        const wZero = g.constRaw(`${weight.name}.q8_zero`, [], DataType.INT8, new Uint8Array(1));
        const acc = g.op('MatMulInteger', [xq!, wq, xZero!, wZero], {}, `${out}_i32`);
        const scale = g.op('Mul', [xScale!, g.constF32(`${weight.name}.q8_scales`, [n], scales)], {}, `${out}_scale`);
        const asFloat = g.op('Cast', [acc], { to: int(DataType.FLOAT) }, `${out}_f32`);
        g.nodes.push({
          name: g.unique(`n_${out}_deq`),
          op_type: 'Mul',
          input: [asFloat, scale],
          output: [out],
          attribute: [],
        });
        stats.weightBytesAfter += q.byteLength + scales.byteLength;
      }
      continue;
    }
    if (
      options.conv === true &&
      node.op_type === 'Conv' &&
      weight?.data_type === DataType.FLOAT &&
      weight.dims[1] !== 1 && // layer 0 (one input channel) is cheap and sees the raw waveform's range
      !node.attribute.some((a) => a.name === 'group' && (a.i ?? 1) !== 1)
    ) {
      const outC = weight.dims[0]!;
      const w = floatsOf(weight);
      stats.convs++;
      stats.weightBytesBefore += w.byteLength;
      dropped.add(weight.name);
      const { q, scales } = quantizeChannels(w, outC, qmax);
      const out = node.output[0]!;
      const [xq, xScale, xZero] = g.opN('DynamicQuantizeLinear', [node.input[0]!], 3, {}, `${out}_xq`);
      const wq = g.constRaw(`${weight.name}.q8`, weight.dims, DataType.INT8, bytes(q));
      const wZero = g.constRaw(`${weight.name}.q8_zero`, [], DataType.INT8, new Uint8Array(1));
      const acc = g.opN('ConvInteger', [xq!, wq, xZero!, wZero], 1, {}, `${out}_i32`)[0]!;
      g.nodes.at(-1)!.attribute = node.attribute;
      const channelShape = [outC, ...weight.dims.slice(2).map(() => 1)];
      const scale = g.op(
        'Mul',
        [xScale!, g.constF32(`${weight.name}.q8_scales`, channelShape, scales)],
        {},
        `${out}_scale`,
      );
      const deq = g.op('Mul', [g.op('Cast', [acc], { to: int(DataType.FLOAT) }), scale], {}, `${out}_deq`);
      const bias = node.input[2];
      g.nodes.push({
        name: g.unique(`n_${out}_bias`),
        op_type: bias ? 'Add' : 'Identity',
        input: bias ? [deq, g.op('Reshape', [bias, g.ints(channelShape)])] : [deq],
        output: [out],
        attribute: [],
      });
      stats.weightBytesAfter += q.byteLength + scales.byteLength;
      continue;
    }
    g.nodes.push(node);
  }
  const kept = g.initializers.filter((t) => !dropped.has(t.name));
  g.initializers.length = 0;
  g.initializers.push(...kept);
  return stats;
}
