/**
 * SEW-D's disentangled attention the way torch.onnx.export traces transformers' modules
 * ('reference' style, the benchmark's baseline): relative positions computed in the graph with
 * Log/Ceil (once), the relative-embedding LayerNorm and each layer's query/key projections of it
 * in the graph, heads folded into the batch by Shape/Concat reshapes, per-layer Clip + Expand of
 * the position indices for GatherElements, divisions by the scale, and XSoftmax's masking.
 */
import { int, ints, type GraphBuilder } from './graph-builder.ts';
import { DataType } from './onnx-model.ts';
import type { ModelSpec, RelativeAttentionSpec } from './checkpoint-config.ts';
import { layerNorm, linear } from './layers.ts';
import type { Weights } from './weights.ts';

export interface ReferenceContext {
  /** [1, L, L] int64 bucketed relative positions. */
  relativePos: string;
  /** [1, 2S, H] relative embeddings after the optional LayerNorm. */
  relEmbeddings: string;
  /** [B, 1, L, L] bool: true where attention is masked out (never, for one unpadded utterance). */
  reverseMask: string;
}

export function referenceContext(
  g: GraphBuilder,
  x: string,
  spec: ModelSpec,
  rel: RelativeAttentionSpec,
  w: Weights,
): ReferenceContext {
  const h = spec.hiddenSize;
  const base = `${spec.prefix}.encoder.encoder`;
  let relEmbeddings = g.constF32(
    `${base}.rel_embeddings.weight`,
    [2 * rel.attSpan, h],
    w.take(`${base}.rel_embeddings.weight`, [2 * rel.attSpan, h]),
  );
  if (rel.normRelEmbeddings) relEmbeddings = layerNorm(g, relEmbeddings, w, `${base}.LayerNorm`, h, spec.layerNormEps);
  // rel_embeddings[0 : 2·span].unsqueeze(0): [1, 2S, H], so transpose_for_scores sees a batch of one.
  relEmbeddings = g.op('Unsqueeze', [relEmbeddings, g.ints([0])], {}, 'rel_embeddings');

  const length = g.op('Squeeze', [g.op('Shape', [x], { start: int(1), end: int(2) }), g.ints([0])]);
  const ids = g.op('Range', [g.constI64('r0', [], [0]), length, g.constI64('r1', [], [1])]);
  let relPos = g.op(
    'Sub',
    [g.op('Unsqueeze', [ids, g.ints([1])]), g.op('Unsqueeze', [ids, g.ints([0])])],
    {},
    'rel_pos_ids',
  );
  if (rel.positionBuckets > 0) {
    const mid = Math.floor(rel.positionBuckets / 2);
    const sign = g.op('Sign', [relPos]);
    const inside = g.op('And', [
      g.op('Less', [relPos, g.constI64('mid', [], [mid])]),
      g.op('Greater', [relPos, g.constI64('neg_mid', [], [-mid])]),
    ]);
    const absPos = g.op('Where', [inside, g.constI64('mid_m1', [], [mid - 1]), g.op('Abs', [relPos])], {}, 'abs_pos');
    const absF = g.op('Cast', [absPos], { to: int(DataType.FLOAT) });
    const logNum = g.op('Log', [g.op('Div', [absF, g.scalar(mid)])]);
    const logDen = g.op('Log', [g.scalar(Math.fround((rel.maxRelativePositions - 1) / mid))]);
    const logPos = g.op(
      'Add',
      [g.op('Ceil', [g.op('Mul', [g.op('Div', [logNum, logDen]), g.scalar(mid - 1)])]), g.scalar(mid)],
      {},
      'log_pos',
    );
    const near = g.op('LessOrEqual', [absPos, g.constI64('mid_le', [], [mid])]);
    const signed = g.op('Mul', [logPos, g.op('Cast', [sign], { to: int(DataType.FLOAT) })]);
    const bucket = g.op('Where', [near, g.op('Cast', [relPos], { to: int(DataType.FLOAT) }), signed]);
    relPos = g.op('Cast', [bucket], { to: int(DataType.INT64) }, 'bucket_pos');
  }
  const relativePos = g.op('Unsqueeze', [relPos, g.ints([0])], {}, 'relative_pos');

  // attention_mask = ones(B, L); extended = m[:,None,None,:] · m[:,None,:,None]; XSoftmax masks ~mask.
  const ones = g.op('ConstantOfShape', [g.op('Shape', [x], { start: int(0), end: int(2) })], {
    value: {
      kind: 'tensor',
      value: {
        name: 'one',
        dims: [1],
        data_type: DataType.INT64,
        raw_data: new Uint8Array(BigInt64Array.of(1n).buffer),
      },
    },
  });
  const ext = g.op('Unsqueeze', [ones, g.ints([1, 2])]);
  const mask = g.op('Mul', [ext, g.op('Unsqueeze', [g.op('Squeeze', [ext, g.ints([2])]), g.ints([-1])])]);
  const reverseMask = g.op('Not', [g.op('Cast', [mask], { to: int(DataType.BOOL) })], {}, 'reverse_mask');
  return { relativePos, relEmbeddings, reverseMask };
}

/** transpose_for_scores: [B, L, H] → [B·heads, L, dh] via runtime shapes, as traced. */
function toHeads(g: GraphBuilder, t: string, heads: number, dh: number): string {
  const split = g.op('Transpose', [g.op('Reshape', [t, g.ints([0, 0, heads, -1])])], { perm: ints([0, 2, 1, 3]) });
  const shape = g.op('Concat', [g.ints([-1]), g.op('Shape', [split], { start: int(2), end: int(3) }), g.ints([dh])], {
    axis: int(0),
  });
  return g.op('Reshape', [split, shape]);
}

export function referenceAttention(
  g: GraphBuilder,
  x: string,
  spec: ModelSpec,
  rel: RelativeAttentionSpec,
  w: Weights,
  layer: number,
  ctx: ReferenceContext,
): string {
  const h = spec.hiddenSize;
  const heads = spec.numHeads;
  const dh = h / heads;
  const name = `${spec.prefix}.encoder.encoder.layer.${layer}.attention.self`;
  const factor = 1 + (rel.c2p ? 1 : 0) + (rel.p2c ? 1 : 0);
  const scale = g.op('Sqrt', [g.scalar(dh * factor)], {}, 'scale');
  const span = rel.attSpan;

  const q = toHeads(g, linear(g, x, w, `${name}.query_proj`, h, h), heads, dh);
  const k = toHeads(g, linear(g, x, w, `${name}.key_proj`, h, h), heads, dh);
  const v = toHeads(g, linear(g, x, w, `${name}.value_proj`, h, h), heads, dh);
  const kT = g.op('Transpose', [k], { perm: ints([0, 2, 1]) });
  let scores = g.op('MatMul', [q, g.op('Div', [kT, scale])], {}, 'attention_scores');
  const batchRepeat = g.op(
    'Concat',
    [g.op('Div', [g.op('Shape', [q], { start: int(0), end: int(1) }), g.ints([heads])]), g.ints([1, 1])],
    { axis: int(0) },
  );
  const posLayer = (proj: string) =>
    g.op('Tile', [toHeads(g, linear(g, ctx.relEmbeddings, w, proj, h, h), heads, dh), batchRepeat]);
  const expandTo = (index: string, like: string) => {
    const shape = g.op(
      'Concat',
      [g.op('Shape', [like], { start: int(0), end: int(2) }), g.op('Shape', [index], { start: int(-1) })],
      { axis: int(0) },
    );
    return g.op('Expand', [g.op('Squeeze', [index, g.ints([0])]), shape]);
  };
  const clampSpan = (t: string) =>
    g.op('Clip', [
      g.op('Add', [t, g.constI64('span', [], [span])]),
      g.constI64('zero', [], [0]),
      g.constI64('span_max', [], [2 * span - 1]),
    ]);

  let relAtt: string | null = null;
  if (rel.c2p) {
    const posK = posLayer(rel.shareAttKey ? `${name}.key_proj` : `${name}.pos_key_proj`);
    const c2pAtt = g.op('MatMul', [q, g.op('Transpose', [posK], { perm: ints([0, 2, 1]) })]);
    const index = expandTo(clampSpan(ctx.relativePos), q);
    relAtt = g.op('Div', [g.op('GatherElements', [c2pAtt, index], { axis: int(-1) }), scale], {}, 'c2p');
  }
  if (rel.p2c) {
    const posQ = posLayer(rel.shareAttKey ? `${name}.query_proj` : `${name}.pos_query_proj`);
    const p2cAtt = g.op('MatMul', [k, g.op('Transpose', [posQ], { perm: ints([0, 2, 1]) })]);
    const index = expandTo(clampSpan(g.op('Neg', [ctx.relativePos])), k);
    const gathered = g.op('Transpose', [g.op('GatherElements', [p2cAtt, index], { axis: int(-1) })], {
      perm: ints([0, 2, 1]),
    });
    const p2c = g.op('Div', [gathered, scale], {}, 'p2c');
    relAtt = relAtt === null ? p2c : g.op('Add', [relAtt, p2c]);
  }
  if (relAtt !== null) scores = g.op('Add', [scores, relAtt]);
  const lengthShape = g.op('Shape', [scores], { start: int(1) });
  scores = g.op('Reshape', [scores, g.op('Concat', [g.ints([-1, heads]), lengthShape], { axis: int(0) })]);
  const lowest = g.scalar(-3.4028234663852886e38);
  const masked = g.op('Where', [ctx.reverseMask, lowest, scores]);
  const probs = g.op(
    'Where',
    [ctx.reverseMask, g.scalar(0), g.op('Softmax', [masked], { axis: int(-1) })],
    {},
    'probs',
  );
  const flat = g.op('Reshape', [probs, g.op('Concat', [g.ints([-1]), lengthShape], { axis: int(0) })]);
  const context = g.op('MatMul', [flat, v]);
  const perHead = g.op('Reshape', [
    context,
    g.op('Concat', [g.ints([-1, heads]), g.op('Shape', [context], { start: int(1) })], { axis: int(0) }),
  ]);
  return g.op(
    'Reshape',
    [g.op('Transpose', [perHead], { perm: ints([0, 2, 1, 3]) }), g.ints([0, 0, -1])],
    {},
    'context',
  );
}
