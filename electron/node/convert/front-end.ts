/**
 * The waveform front end shared by SEW-D, SEW and wav2vec2: 13 (or 7) strided Conv1d layers with
 * GroupNorm on the first ("group") or LayerNorm on every layer ("layer"), then the feature
 * LayerNorm and projection. Input [B, samples] → output [B, frames, hidden], channels-last.
 *
 * style 'lean': GroupNorm with one channel per group is exactly InstanceNormalization with the
 * affine folded in; the conv stack stays channels-first until one final Transpose.
 * style 'reference': the node pattern torch.onnx.export traces (Reshape → InstanceNormalization with
 * unit scale → Reshape back by Shape → Mul/Add affine; Transpose around each conv LayerNorm).
 */
import { float, ints, type GraphBuilder } from './graph-builder.ts';
import type { ModelSpec } from './checkpoint-config.ts';
import { activation, layerNorm, linear } from './layers.ts';
import type { Weights } from './weights.ts';
import { convAsMatMul } from './conv-matmul.ts';

export type GraphStyle = 'lean' | 'reference';

/** torch.nn.GroupNorm / LayerNorm default eps inside the conv layers. */
const CONV_NORM_EPS = 1e-5;

function groupNorm(g: GraphBuilder, x: string, w: Weights, name: string, channels: number, style: GraphStyle): string {
  const gamma = w.take(`${name}.weight`, [channels]);
  const beta = w.take(`${name}.bias`, [channels]);
  if (style === 'lean') {
    return g.op(
      'InstanceNormalization',
      [x, g.constF32(`${name}.weight`, [channels], gamma), g.constF32(`${name}.bias`, [channels], beta)],
      { epsilon: float(CONV_NORM_EPS) },
      name,
    );
  }
  const grouped = g.op('Reshape', [x, g.ints([0, channels, -1])]);
  const ones = g.constF32(`${name}.unit_scale`, [channels], new Float32Array(channels).fill(1));
  const zeros = g.constF32(`${name}.zero_bias`, [channels], new Float32Array(channels));
  const normed = g.op('InstanceNormalization', [grouped, ones, zeros], { epsilon: float(CONV_NORM_EPS) });
  const back = g.op('Reshape', [normed, g.op('Shape', [x])]);
  const scaled = g.op('Mul', [back, g.constF32(`${name}.weight`, [channels, 1], gamma)]);
  return g.op('Add', [scaled, g.constF32(`${name}.bias`, [channels, 1], beta)], {}, name);
}

/** [B, samples] → [B, frames, conv_dim[-1]] (before the feature LayerNorm). */
export function convFeatureEncoder(
  g: GraphBuilder,
  input: string,
  spec: ModelSpec,
  w: Weights,
  style: GraphStyle,
  convMatMul = false,
): string {
  if (convMatMul && style === 'lean' && spec.featExtractNorm === 'group')
    return matMulFeatureEncoder(g, input, spec, w);
  // 'lean' runs the convs after the first as 2-D convs over [B, C, 1, T]: onnxruntime's CPU provider
  // executes 2-D convs in its blocked NCHWc layout (direct kernels, the GELUs in between stay
  // blocked), where 1-D convs take im2col + GEMM (measured ~12% less conv time at 30 s). Layer 0
  // (GroupNorm) and LayerNorm stacks stay 1-D: a norm between convs would force layout reorders.
  const as2d = (i: number) => style === 'lean' && spec.featExtractNorm === 'group' && i >= 1;
  let x = g.op('Unsqueeze', [input, g.ints([1])], {}, 'waveform');
  let inC = 1;
  spec.convDim.forEach((outC, i) => {
    const name = `${spec.prefix}.feature_extractor.conv_layers.${i}`;
    const k = spec.convKernel[i]!;
    const two = as2d(i);
    if (two && (i === 0 || !as2d(i - 1))) x = g.op('Unsqueeze', [x, g.ints([2])], {}, 'conv_in_2d');
    const weight = g.constF32(
      `${name}.conv.weight`,
      two ? [outC, inC, 1, k] : [outC, inC, k],
      w.take(`${name}.conv.weight`, [outC, inC, k]),
    );
    const inputs = [x, weight];
    if (spec.convBias) inputs.push(g.constF32(`${name}.conv.bias`, [outC], w.take(`${name}.conv.bias`, [outC])));
    const stride = spec.convStride[i]!;
    x = g.op(
      'Conv',
      inputs,
      two
        ? { kernel_shape: ints([1, k]), strides: ints([1, stride]) }
        : { kernel_shape: ints([k]), strides: ints([stride]) },
      `${name}.conv`,
    );
    if (spec.featExtractNorm === 'group' && i === 0) {
      x = groupNorm(g, x, w, `${name}.layer_norm`, outC, style);
    } else if (spec.featExtractNorm === 'layer') {
      const t = g.op('Transpose', [x], { perm: ints([0, 2, 1]) });
      x = g.op('Transpose', [layerNorm(g, t, w, `${name}.layer_norm`, outC, CONV_NORM_EPS)], { perm: ints([0, 2, 1]) });
    }
    x = activation(g, x, spec.featExtractActivation);
    inC = outC;
  });
  if (as2d(spec.convDim.length - 1)) x = g.op('Squeeze', [x, g.ints([2])], {}, 'conv_out_1d');
  return g.op('Transpose', [x], { perm: ints([0, 2, 1]) }, 'conv_features');
}

/**
 * The int8 variant's front end: layer 0 (one input channel, GroupNorm) as a conv, then channels-last
 * from there on, every later conv as a MatMul (conv-matmul.ts) that the quantiser turns into int8.
 */
function matMulFeatureEncoder(g: GraphBuilder, input: string, spec: ModelSpec, w: Weights): string {
  const name0 = `${spec.prefix}.feature_extractor.conv_layers.0`;
  const c0 = spec.convDim[0]!;
  const k0 = spec.convKernel[0]!;
  const inputs0 = [g.op('Unsqueeze', [input, g.ints([1])], {}, 'waveform')];
  inputs0.push(g.constF32(`${name0}.conv.weight`, [c0, 1, k0], w.take(`${name0}.conv.weight`, [c0, 1, k0])));
  if (spec.convBias) inputs0.push(g.constF32(`${name0}.conv.bias`, [c0], w.take(`${name0}.conv.bias`, [c0])));
  let x = g.op('Conv', inputs0, { kernel_shape: ints([k0]), strides: ints([spec.convStride[0]!]) }, `${name0}.conv`);
  x = activation(g, groupNorm(g, x, w, `${name0}.layer_norm`, c0, 'lean'), spec.featExtractActivation);
  x = g.op('Transpose', [x], { perm: ints([0, 2, 1]) }, 'conv0_channels_last');
  for (let i = 1; i < spec.convDim.length; i++) {
    const name = `${spec.prefix}.feature_extractor.conv_layers.${i}`;
    const conv = convAsMatMul(
      g,
      x,
      w,
      name,
      spec.convDim[i - 1]!,
      spec.convDim[i]!,
      spec.convKernel[i]!,
      spec.convStride[i]!,
      spec.convBias,
    );
    x = activation(g, conv, spec.featExtractActivation);
  }
  return g.op('Identity', [x], {}, 'conv_features');
}

/**
 * Feature LayerNorm + projection to hidden_size. wav2vec2 keeps both under feature_projection.*;
 * SEW and SEW-D use <prefix>.layer_norm and a projection only when conv_dim[-1] ≠ hidden_size.
 */
export function featureProjection(g: GraphBuilder, features: string, spec: ModelSpec, w: Weights): string {
  const convOut = spec.convDim.at(-1)!;
  if (spec.architecture === 'wav2vec2') {
    const normed = layerNorm(
      g,
      features,
      w,
      `${spec.prefix}.feature_projection.layer_norm`,
      convOut,
      spec.featureLayerNormEps,
    );
    return linear(g, normed, w, `${spec.prefix}.feature_projection.projection`, convOut, spec.hiddenSize);
  }
  const normed = layerNorm(g, features, w, `${spec.prefix}.layer_norm`, convOut, spec.featureLayerNormEps);
  if (convOut === spec.hiddenSize) return normed;
  return linear(g, normed, w, `${spec.prefix}.feature_projection`, convOut, spec.hiddenSize);
}
