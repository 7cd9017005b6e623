/**
 * A strided Conv1d written as one MatMul over channels-last activations [B, T, C]: the k taps are k
 * strided time slices concatenated on the channel axis ([B, L, k·C]), times the weight laid out as
 * [k·C, outC]. Same sums as the conv, in another order; the int8 variant uses it because
 * onnxruntime's DynamicQuantizeMatMul is fast where its ConvInteger (im2col + a generic GEMM) was
 * measured 2× slower than the float convs. Output length is floor((T − k) / s) + 1, as Conv's.
 *
 *   const y = convAsMatMul(g, x, w, 'feature_extractor.conv_layers.1', 64, 128, 3, 2);   // [B, L, 128]
 */
import { int, type GraphBuilder } from './graph-builder.ts';
import type { Weights } from './weights.ts';

/** ONNX Slice's "to the end" for positive steps. */
const END = 2 ** 62;

export function convAsMatMul(
  g: GraphBuilder,
  x: string,
  w: Weights,
  name: string,
  inC: number,
  outC: number,
  k: number,
  stride: number,
  bias: boolean,
): string {
  const torch = w.take(`${name}.conv.weight`, [outC, inC, k]);
  const weight = new Float32Array(k * inC * outC);
  for (let o = 0; o < outC; o++)
    for (let c = 0; c < inC; c++)
      for (let j = 0; j < k; j++) weight[(j * inC + c) * outC + o] = torch[(o * inC + c) * k + j]!;
  let taps = x;
  if (k > 1 || stride > 1) {
    // Tap j reads x[j], x[j + s], …: the slice from j that stops k − 1 − j frames before the end.
    const slices = Array.from({ length: k }, (_, j) =>
      g.op(
        'Slice',
        [x, g.ints([j]), g.ints([j === k - 1 ? END : j - (k - 1)]), g.ints([1]), g.ints([stride])],
        {},
        `${name}.tap${j}`,
      ),
    );
    taps = k === 1 ? slices[0]! : g.op('Concat', slices, { axis: int(2) }, `${name}.taps`);
  }
  const y = g.op('MatMul', [taps, g.constF32(`${name}.conv.wT`, [k * inC, outC], weight)], {}, `${name}.conv`);
  if (!bias) return y;
  return g.op(
    'Add',
    [y, g.constF32(`${name}.conv.b`, [outC], w.take(`${name}.conv.bias`, [outC]))],
    {},
    `${name}.conv_b`,
  );
}
