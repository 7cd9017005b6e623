/**
 * Graph pieces shared by the three architectures, on channels-last activations [batch, time, C]:
 * Linear, LayerNorm, activations (erf GELU in the exact pattern onnxruntime fuses into one Gelu
 * kernel), the wav2vec2-style feed-forward, and the transformers upsample/pad tail.
 */
import { float, int, type GraphBuilder } from './graph-builder.ts';
import type { Activation } from './checkpoint-config.ts';
import { transpose2d, type Weights } from './weights.ts';

/** y = x·Wᵀ + b for a torch Linear with weight [out, in]; `scale` folds a constant factor into W and b. */
export function linear(
  g: GraphBuilder,
  x: string,
  w: Weights,
  name: string,
  inF: number,
  outF: number,
  scale = 1,
  bias = true,
): string {
  const weight = transpose2d(w.take(`${name}.weight`, [outF, inF]), outF, inF);
  if (scale !== 1) for (let i = 0; i < weight.length; i++) weight[i] = weight[i]! * scale;
  const y = g.op('MatMul', [x, g.constF32(`${name}.wT`, [inF, outF], weight)], {}, `${name}.mm`);
  if (!bias) return y;
  const b = Float32Array.from(w.take(`${name}.bias`, [outF]), (v) => v * scale);
  return g.op('Add', [y, g.constF32(`${name}.b`, [outF], b)], {}, name);
}

/** Several torch Linears [h, h] over the same input as one MatMul + Add, outputs concatenated on the last axis. */
export function fusedLinear(
  g: GraphBuilder,
  x: string,
  w: Weights,
  names: readonly string[],
  h: number,
  scales: readonly number[],
): string {
  const n = names.length;
  const weight = new Float32Array(h * h * n);
  const bias = new Float32Array(h * n);
  names.forEach((name, part) => {
    const wt = w.take(`${name}.weight`, [h, h]);
    const b = w.take(`${name}.bias`, [h]);
    const scale = scales[part]!;
    for (let o = 0; o < h; o++) {
      for (let i = 0; i < h; i++) weight[i * h * n + part * h + o] = wt[o * h + i]! * scale;
      bias[part * h + o] = b[o]! * scale;
    }
  });
  const y = g.op('MatMul', [x, g.constF32(`${names[0]}.fused_wT`, [h, h * n], weight)], {}, `${names[0]}.fused_mm`);
  return g.op('Add', [y, g.constF32(`${names[0]}.fused_b`, [h * n], bias)], {}, `${names[0]}.fused`);
}

export function layerNorm(g: GraphBuilder, x: string, w: Weights, name: string, size: number, eps: number): string {
  const gamma = g.constF32(`${name}.weight`, [size], w.take(`${name}.weight`, [size]));
  const beta = g.constF32(`${name}.bias`, [size], w.take(`${name}.bias`, [size]));
  return g.op('LayerNormalization', [x, gamma, beta], { axis: int(-1), epsilon: float(eps) }, name);
}

export function activation(g: GraphBuilder, x: string, act: Activation): string {
  switch (act) {
    case 'gelu': {
      // 0.5·x·(1 + erf(x/√2)): transformers' GELUActivation / gelu_python, not the tanh approximation.
      const erf = g.op('Erf', [g.op('Div', [x, g.scalar(Math.SQRT2)])]);
      return g.op('Mul', [g.op('Mul', [x, g.op('Add', [erf, g.scalar(1)])]), g.scalar(0.5)], {}, 'gelu');
    }
    case 'relu':
      return g.op('Relu', [x]);
    case 'tanh':
      return g.op('Tanh', [x]);
    case 'silu':
      return g.op('Mul', [x, g.op('Sigmoid', [x])], {}, 'silu');
  }
}

/** transformers' Wav2Vec2FeedForward: intermediate_dense → act → output_dense. */
export function feedForward(
  g: GraphBuilder,
  x: string,
  w: Weights,
  name: string,
  hidden: number,
  inner: number,
  act: Activation,
): string {
  const h = activation(g, linear(g, x, w, `${name}.intermediate_dense`, hidden, inner), act);
  return linear(g, h, w, `${name}.output_dense`, inner, hidden);
}

/**
 * SEW/SEW-D upsampling: Linear(H → H·s) → act → [B, L·s, H], then zero rows up to the front end's
 * frame count T (T − L·s = T mod s < s), as transformers pads after upsampling.
 */
export function upsampleToFrames(
  g: GraphBuilder,
  x: string,
  w: Weights,
  name: string,
  hidden: number,
  s: number,
  act: Activation,
  framesLike: string,
): string {
  let h = activation(g, linear(g, x, w, `${name}.projection`, hidden, hidden * s), act);
  if (s === 1) return h;
  h = g.op('Reshape', [h, g.ints([0, -1, hidden])], {}, 'upsampled');
  const padded = g.op('Pad', [h, g.ints([0, 0, 0, 0, s - 1, 0])], {}, 'upsample_pad');
  const frames = g.op('Shape', [framesLike], { start: int(1), end: int(2) }, 'frames');
  return g.op('Slice', [padded, g.ints([0]), frames, g.ints([1])], {}, 'upsampled_frames');
}
