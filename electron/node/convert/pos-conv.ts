/**
 * The convolutional position embedding (grouped Conv1d, weight-normalised, "same" padding with the
 * last frame dropped for even kernels, then the activation) and, for SEW/SEW-D, the squeeze:
 * AvgPool1d(s, s) of the input plus the embedding, both cut to the shorter length.
 * In: [B, T, H] channels-last. Out: [B, floor(T/s), H] (s = 1 for wav2vec2: [B, T, H]).
 *
 * 'lean' folds weight norm at conversion, keeps the pooled length with a single Slice and runs the
 * conv as a 2-D conv (onnxruntime's faster NCHWc path).
 * 'reference' computes weight norm in the graph and slices by runtime shapes (Shape/Min/Slice), as
 * the traced PyTorch model does.
 */
import { VerbaError } from '../../common/result.ts';
import { int, ints, type GraphBuilder } from './graph-builder.ts';
import type { ModelSpec } from './checkpoint-config.ts';
import type { GraphStyle } from './front-end.ts';
import { activation } from './layers.ts';
import { foldWeightNorm, type Weights } from './weights.ts';

/** Frames the reference keeps for T input frames: min(pooled, conv output after same-pad removal). */
function referenceLength(t: number, k: number, s: number): number {
  const pad = Math.floor(k / 2);
  const conv = Math.floor((t + 2 * pad - k) / s) + 1 - (k % 2 === 0 ? 1 : 0);
  return Math.min(Math.floor(t / s), conv);
}

export function positionalSqueeze(g: GraphBuilder, x: string, spec: ModelSpec, w: Weights, style: GraphStyle): string {
  const h = spec.hiddenSize;
  const k = spec.posConvKernel;
  const s = spec.squeezeFactor;
  const groups = spec.posConvGroups;
  if (h % groups !== 0)
    throw new VerbaError(
      'UnsupportedCheckpoint',
      `config.json: num_conv_pos_embedding_groups = ${groups} does not divide hidden_size ${h}.`,
    );
  const name = `${spec.prefix}.encoder.pos_conv_embed.conv`;
  const shape = [h, h / groups, k] as const;
  const pair = w.weightNormPair(name, shape);
  const bias = g.constF32(`${name}.bias`, [h], w.take(`${name}.bias`, [h]));
  const pad = Math.floor(k / 2);
  const channelsFirst = g.op('Transpose', [x], { perm: ints([0, 2, 1]) }, 'encoder_in_cf');

  if (style === 'lean') {
    // The pooled length never exceeds the embedding's (checked for every residue of T), so one Slice
    // to the pooled length replaces the reference's Shape/Min/Slice pair and its same-pad Slice.
    // (Trimming by asymmetric padding instead would ask onnxruntime for zero-length convs on T < s.)
    for (let t = 1; t <= 8 * s + 2 * k; t++) {
      if (referenceLength(t, k, s) !== Math.floor(t / s)) {
        throw new VerbaError(
          'UnsupportedCheckpoint',
          `config.json: num_conv_pos_embeddings = ${k} with squeeze_factor ${s} gives a position embedding shorter than the pooled sequence.`,
        );
      }
    }
    // As a 2-D conv over [B, H, 1, T]: onnxruntime's CPU provider runs 2-D convs in its blocked
    // NCHWc layout (direct kernels, no im2col); the 1-D grouped conv took ~2× as long.
    const cf4 = g.op('Unsqueeze', [channelsFirst, g.ints([2])], {}, 'encoder_in_cf4');
    const weight4 = g.constF32(`${name}.weight`, [h, h / groups, 1, k], foldWeightNorm(pair, shape));
    const pooled4 =
      s > 1 ? g.op('AveragePool', [cf4], { kernel_shape: ints([1, s]), strides: ints([1, s]) }, 'pooled') : cf4;
    const conv4 = g.op(
      'Conv',
      [cf4, weight4, bias],
      { kernel_shape: ints([1, k]), strides: ints([1, s]), pads: ints([0, pad, 0, pad]), group: int(groups) },
      'pos_conv',
    );
    const kept4 = g.op(
      'Slice',
      [conv4, g.ints([0]), g.op('Shape', [pooled4], { start: int(3), end: int(4) }), g.ints([3])],
      {},
      'pos_conv_kept',
    );
    const sum4 = g.op('Add', [pooled4, activation(g, kept4, spec.featExtractActivation)]);
    return g.op('Transpose', [g.op('Squeeze', [sum4, g.ints([2])])], { perm: ints([0, 2, 1]) }, 'encoder_in');
  }

  let weight: string;
  if (pair.g.length > 0) {
    // weight = v · (g / ‖v‖ over dims 0 and 1), traced as ReduceL2 / Div / Mul.
    const v = g.constF32(`${name}.weight_v`, shape, pair.v);
    const gain = g.constF32(`${name}.weight_g`, [1, 1, k], pair.g);
    const norm = g.op('ReduceL2', [v], { axes: ints([0, 1]), keepdims: int(1) });
    weight = g.op('Mul', [v, g.op('Div', [gain, norm])], {}, 'pos_conv_weight');
  } else {
    weight = g.constF32(`${name}.weight`, shape, pair.v);
  }
  let pos = g.op(
    'Conv',
    [channelsFirst, weight, bias],
    { kernel_shape: ints([k]), strides: ints([s]), pads: ints([pad, pad]), group: int(groups) },
    'pos_conv',
  );
  if (k % 2 === 0) pos = g.op('Slice', [pos, g.ints([0]), g.ints([-1]), g.ints([2])], {}, 'same_pad');
  pos = activation(g, pos, spec.featExtractActivation);
  if (s === 1) return g.op('Transpose', [g.op('Add', [channelsFirst, pos])], { perm: ints([0, 2, 1]) }, 'encoder_in');
  const pooled = g.op('AveragePool', [channelsFirst], { kernel_shape: ints([s]), strides: ints([s]) }, 'pooled');
  const length = g.op('Min', [g.op('Shape', [pos], { start: int(2) }), g.op('Shape', [pooled], { start: int(2) })]);
  const cut = (t: string) => g.op('Slice', [t, g.ints([0]), length, g.ints([2])]);
  return g.op('Transpose', [g.op('Add', [cut(pooled), cut(pos)])], { perm: ints([0, 2, 1]) }, 'encoder_in');
}
