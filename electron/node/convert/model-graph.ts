/**
 * The whole CTC model as one ONNX graph: input_values [batch, samples] (already normalised) →
 * logits [batch, frames, vocab], for SEWDForCTC, SEWForCTC and Wav2Vec2ForCTC, in either style
 * (see front-end.ts, sew-d-lean.ts, sew-d-reference.ts). Dropout and SpecAugment are training-only
 * and absent; with no attention_mask input every row is one unpadded utterance, as in the reference.
 *
 *   const positions = await projectRelativeEmbeddings(spec, spec.relative!, weights);   // sew-d, lean
 *   const graph = buildModelGraph(spec, weights, 'lean', positions);
 */
import { int, ints, DataType, GraphBuilder } from './graph-builder.ts';
import type { ModelSpec, RelativeAttentionSpec } from './checkpoint-config.ts';
import { convFeatureEncoder, featureProjection, type GraphStyle } from './front-end.ts';
import { activation, feedForward, layerNorm, linear, upsampleToFrames } from './layers.ts';
import { positionalSqueeze } from './pos-conv.ts';
import { leanAttention, leanIndices } from './sew-d-lean.ts';
import { referenceAttention, referenceContext } from './sew-d-reference.ts';
import type { PositionProjections } from './sew-d-positions.ts';
import { VerbaError } from '../../common/result.ts';
import type { Weights } from './weights.ts';

export const INPUT_NAME = 'input_values';
export const OUTPUT_NAME = 'logits';

/** Multi-head self-attention of wav2vec2 / SEW (q scaled by head_dim^-0.5, no mask). */
function selfAttention(g: GraphBuilder, x: string, spec: ModelSpec, w: Weights, name: string): string {
  const h = spec.hiddenSize;
  const heads = spec.numHeads;
  const dh = h / heads;
  const split = (t: string, perm: number[]) =>
    g.op('Transpose', [g.op('Reshape', [t, g.ints([0, 0, heads, dh])])], { perm: ints(perm) });
  const q = split(linear(g, x, w, `${name}.q_proj`, h, h, dh ** -0.5), [0, 2, 1, 3]);
  const kT = split(linear(g, x, w, `${name}.k_proj`, h, h), [0, 2, 3, 1]);
  const v = split(linear(g, x, w, `${name}.v_proj`, h, h), [0, 2, 1, 3]);
  const probs = g.op('Softmax', [g.op('MatMul', [q, kT])], { axis: int(-1) });
  const context = g.op('Reshape', [
    g.op('Transpose', [g.op('MatMul', [probs, v])], { perm: ints([0, 2, 1, 3]) }),
    g.ints([0, 0, h]),
  ]);
  return linear(g, context, w, `${name}.out_proj`, h, h);
}

function transformerLayers(g: GraphBuilder, x: string, spec: ModelSpec, w: Weights): string {
  const h = spec.hiddenSize;
  for (let l = 0; l < spec.numLayers; l++) {
    const name = `${spec.prefix}.encoder.layers.${l}`;
    const ff = (t: string) =>
      feedForward(g, t, w, `${name}.feed_forward`, h, spec.intermediateSize, spec.hiddenActivation);
    if (spec.stableLayerNorm) {
      const attended = g.op('Add', [
        x,
        selfAttention(g, layerNorm(g, x, w, `${name}.layer_norm`, h, spec.layerNormEps), spec, w, `${name}.attention`),
      ]);
      x = g.op(
        'Add',
        [attended, ff(layerNorm(g, attended, w, `${name}.final_layer_norm`, h, spec.layerNormEps))],
        {},
        `layer${l}`,
      );
    } else {
      const attended = layerNorm(
        g,
        g.op('Add', [x, selfAttention(g, x, spec, w, `${name}.attention`)]),
        w,
        `${name}.layer_norm`,
        h,
        spec.layerNormEps,
      );
      x = layerNorm(g, g.op('Add', [attended, ff(attended)]), w, `${name}.final_layer_norm`, h, spec.layerNormEps);
    }
  }
  return x;
}

/** DeBERTa's ConvLayer after layer 0: LayerNorm(layer output + act(conv(encoder input))). */
function sewdConvLayer(
  g: GraphBuilder,
  input: string,
  layerOut: string,
  spec: ModelSpec,
  rel: RelativeAttentionSpec,
  w: Weights,
): string {
  const conv = rel.convLayer!;
  const h = spec.hiddenSize;
  const name = `${spec.prefix}.encoder.encoder.conv`;
  if (conv.kernel % 2 === 0 || h % conv.groups !== 0)
    throw new VerbaError(
      'UnsupportedCheckpoint',
      `config.json: conv_kernel_size = ${conv.kernel} with conv_groups ${conv.groups} is not supported (odd kernel dividing groups required).`,
    );
  const weight = g.constF32(
    `${name}.conv.weight`,
    [h, h / conv.groups, conv.kernel],
    w.take(`${name}.conv.weight`, [h, h / conv.groups, conv.kernel]),
  );
  const bias = g.constF32(`${name}.conv.bias`, [h], w.take(`${name}.conv.bias`, [h]));
  const pad = (conv.kernel - 1) / 2;
  const cf = g.op('Transpose', [input], { perm: ints([0, 2, 1]) });
  const out = g.op(
    'Transpose',
    [
      g.op('Conv', [cf, weight, bias], {
        kernel_shape: ints([conv.kernel]),
        pads: ints([pad, pad]),
        group: int(conv.groups),
      }),
    ],
    { perm: ints([0, 2, 1]) },
  );
  return layerNorm(
    g,
    g.op('Add', [layerOut, activation(g, out, conv.activation)]),
    w,
    `${name}.LayerNorm`,
    h,
    spec.layerNormEps,
  );
}

function sewdEncoder(
  g: GraphBuilder,
  hidden: string,
  spec: ModelSpec,
  w: Weights,
  style: GraphStyle,
  positions: PositionProjections | undefined,
): string {
  const rel = spec.relative!;
  const h = spec.hiddenSize;
  const input = positionalSqueeze(g, hidden, spec, w, style);
  if (style === 'lean' && positions === undefined)
    throw new Error('the lean SEW-D graph needs projectRelativeEmbeddings() first');
  const lean = style === 'lean' ? { positions: positions!, idx: leanIndices(g, input, rel, spec.numHeads) } : null;
  const ref = style === 'reference' ? referenceContext(g, input, spec, rel, w) : null;
  let x = input;
  for (let l = 0; l < spec.numLayers; l++) {
    const name = `${spec.prefix}.encoder.encoder.layer.${l}`;
    const context =
      lean !== null
        ? leanAttention(g, x, spec, rel, w, l, lean.positions, lean.idx)
        : referenceAttention(g, x, spec, rel, w, l, ref!);
    const attended = layerNorm(
      g,
      g.op('Add', [linear(g, context, w, `${name}.attention.output.dense`, h, h), x]),
      w,
      `${name}.attention.output.LayerNorm`,
      h,
      spec.layerNormEps,
    );
    const inner = activation(
      g,
      linear(g, attended, w, `${name}.intermediate.dense`, h, spec.intermediateSize),
      spec.hiddenActivation,
    );
    x = layerNorm(
      g,
      g.op('Add', [linear(g, inner, w, `${name}.output.dense`, spec.intermediateSize, h), attended]),
      w,
      `${name}.output.LayerNorm`,
      h,
      spec.layerNormEps,
    );
    if (l === 0 && rel.convLayer !== null) x = sewdConvLayer(g, input, x, spec, rel, w);
  }
  return upsampleToFrames(
    g,
    x,
    w,
    `${spec.prefix}.encoder.upsample`,
    h,
    spec.squeezeFactor,
    spec.featExtractActivation,
    hidden,
  );
}

function sewEncoder(g: GraphBuilder, hidden: string, spec: ModelSpec, w: Weights, style: GraphStyle): string {
  const h = spec.hiddenSize;
  const squeezed = layerNorm(
    g,
    positionalSqueeze(g, hidden, spec, w, style),
    w,
    `${spec.prefix}.encoder.layer_norm`,
    h,
    spec.layerNormEps,
  );
  const x = transformerLayers(g, squeezed, spec, w);
  return upsampleToFrames(
    g,
    x,
    w,
    `${spec.prefix}.encoder.upsample`,
    h,
    spec.squeezeFactor,
    spec.featExtractActivation,
    hidden,
  );
}

function wav2vec2Encoder(g: GraphBuilder, hidden: string, spec: ModelSpec, w: Weights, style: GraphStyle): string {
  const h = spec.hiddenSize;
  const withPositions = positionalSqueeze(g, hidden, spec, w, style);
  const norm = (t: string) => layerNorm(g, t, w, `${spec.prefix}.encoder.layer_norm`, h, spec.layerNormEps);
  return spec.stableLayerNorm
    ? norm(transformerLayers(g, withPositions, spec, w))
    : transformerLayers(g, norm(withPositions), spec, w);
}

/** `positions` (from projectRelativeEmbeddings) is required for a lean SEW-D graph, ignored otherwise. */
export function buildModelGraph(
  spec: ModelSpec,
  w: Weights,
  style: GraphStyle,
  positions?: PositionProjections,
  /** Front-end convs (after layer 0) as MatMuls, for the int8 variant (conv-matmul.ts). */
  convMatMul = false,
): GraphBuilder {
  const g = new GraphBuilder(`${spec.architecture}-ctc-${style}`);
  const input = g.input(INPUT_NAME, DataType.FLOAT, ['batch', 'samples']);
  const hidden = featureProjection(g, convFeatureEncoder(g, input, spec, w, style, convMatMul), spec, w);
  const encoded =
    spec.architecture === 'sew-d'
      ? sewdEncoder(g, hidden, spec, w, style, positions)
      : spec.architecture === 'sew'
        ? sewEncoder(g, hidden, spec, w, style)
        : wav2vec2Encoder(g, hidden, spec, w, style);
  const logits = linear(g, encoded, w, 'lm_head', spec.hiddenSize, spec.vocabSize);
  g.output(logits, OUTPUT_NAME, DataType.FLOAT, ['batch', 'frames', spec.vocabSize]);
  return g;
}
