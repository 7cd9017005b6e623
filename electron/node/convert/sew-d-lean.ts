/**
 * SEW-D's disentangled attention built for inference ('lean' style).
 *
 * Once per graph: the c2p column of every (query i, key j) pair is looked up from the conversion-time
 * bucket table and expanded to [B, heads, L, L]; only the band of relative-embedding rows that offsets
 * up to ±(L−1) can reach is used (rows lo..hi; all 512 only for long windows). Per layer: one fused
 * QKV projection (Q pre-scaled by 1/√(dh·factor)), QKᵀ; c2p = GatherElements(Q·PosKᵀ, index, last axis);
 * p2c = GatherElements(PosQ·Kᵀ, the same index, axis 2), which is the reference's gather-then-
 * transpose in one step; Softmax without masks (a single unpadded utterance per row).
 * GatherElements, not Gather on a flattened tensor: onnxruntime's Gather copies element by element
 * and measured 3-7× slower here.
 */
import { DataType, int, ints, type GraphBuilder } from './graph-builder.ts';
import type { ModelSpec, RelativeAttentionSpec } from './checkpoint-config.ts';
import { c2pIndexTable } from './log-buckets.ts';
import { fusedLinear } from './layers.ts';
import { attentionScale, splitHeads, type PositionProjections } from './sew-d-positions.ts';
import type { Weights } from './weights.ts';

export interface LeanIndices {
  /** [B, heads, L, L] int32: column(i, j) − lo, the band column of query i and key j. */
  columns: string;
  /** [1] int64 band of relative-embedding rows used: [lo, hiPlusOne). */
  lo: string;
  hiPlusOne: string;
}

/** Builds the per-graph index tensors from the encoder input's length (x: [B, L, H]). */
export function leanIndices(g: GraphBuilder, x: string, rel: RelativeAttentionSpec, heads: number): LeanIndices {
  const table = c2pIndexTable(rel);
  const sat = table.saturation;
  const table1d = g.constI64(
    'rel_pos_c2p_table',
    [table.index.length],
    BigInt64Array.from(table.index, (v) => BigInt(v)),
  );
  const length1 = g.op('Shape', [x], { start: int(1), end: int(2) }, 'seq_len');
  const length = g.op('Squeeze', [length1, g.ints([0])], {}, 'seq_len_scalar');
  const zero = g.constI64('i0', [], [0]);
  const one = g.constI64('i1', [], [1]);
  const satLo = g.constI64('sat_lo', [], [-sat]);
  const satHi = g.constI64('sat_hi', [], [sat]);
  // Band of columns reachable by offsets ±(L−1): the table is monotone in the offset.
  const reach = g.op('Clip', [g.op('Sub', [length1, g.ints([1])]), g.constI64('i0v', [], [0]), satHi], {}, 'reach');
  const lo = g.op('Gather', [table1d, g.op('Sub', [g.ints([sat]), reach])], { axis: int(0) }, 'band_lo');
  const hi = g.op('Gather', [table1d, g.op('Add', [reach, g.ints([sat])])], { axis: int(0) }, 'band_hi');
  // The column depends on i − j only (Toeplitz): look up the 2L band columns of offsets L−1 … −L once,
  // then lay row i out as w[L−1−i … 2L−2−i] by the skew trick (repeat w per row, flatten, drop the
  // first L−1 entries, read rows of 2L−1). Copies of 2L² int32 instead of an element-wise Gather of
  // L² int64 lookups (~3 ms at L = 750).
  const twoL = g.op('Mul', [length, g.constI64('i2', [], [2])], {}, 'two_len');
  const offsets = g.op(
    'Sub',
    [g.op('Sub', [length, one]), g.op('Range', [zero, twoL, one], {}, 'skew_positions')],
    {},
    'rel_offsets',
  );
  const clipped = g.op('Clip', [offsets, satLo, satHi], {}, 'rel_offsets_clipped');
  const w = g.op(
    'Cast',
    [g.op('Sub', [g.op('Gather', [table1d, g.op('Add', [clipped, satHi])], { axis: int(0) }), lo])],
    { to: int(DataType.INT32) },
    'band_columns_1d',
  );
  const twoL1 = g.op('Unsqueeze', [twoL, g.ints([0])], {}, 'two_len_1');
  const repeated = g.op(
    'Reshape',
    [g.op('Expand', [w, g.op('Concat', [length1, twoL1], { axis: int(0) })]), g.ints([-1])],
    {},
    'skew_flat',
  );
  const rowWidth = g.op('Sub', [twoL1, g.ints([1])], {}, 'skew_width');
  const skewed = g.op(
    'Slice',
    [
      repeated,
      g.op('Sub', [length1, g.ints([1])]),
      g.op('Sub', [g.op('Mul', [length1, twoL1]), g.ints([1])]),
      g.ints([0]),
    ],
    {},
    'skew_slice',
  );
  const rows = g.op('Reshape', [skewed, g.op('Concat', [length1, rowWidth], { axis: int(0) })], {}, 'skew_rows');
  const local = g.op('Slice', [rows, g.ints([0]), length1, g.ints([1])], {}, 'band_columns');
  const shape = g.op(
    'Concat',
    [g.op('Shape', [x], { start: int(0), end: int(1) }), g.ints([heads]), length1, length1],
    { axis: int(0) },
    'score_shape',
  );
  const columns = g.op('Expand', [local, shape], {}, 'band_columns_bhll');
  return { columns, lo, hiPlusOne: g.op('Add', [hi, g.ints([1])], {}, 'band_end') };
}

export function leanAttention(
  g: GraphBuilder,
  x: string,
  spec: ModelSpec,
  rel: RelativeAttentionSpec,
  w: Weights,
  layer: number,
  positions: PositionProjections,
  idx: LeanIndices,
): string {
  const h = spec.hiddenSize;
  const heads = spec.numHeads;
  const dh = h / heads;
  const name = `${spec.prefix}.encoder.encoder.layer.${layer}.attention.self`;
  const inv = attentionScale(spec, rel);
  const rows = 2 * rel.attSpan;
  const split = (t: string, perm: number[], hint: string) =>
    g.op('Transpose', [g.op('Reshape', [t, g.ints([0, 0, heads, dh])])], { perm: ints(perm) }, hint);

  // One [H, 3H] projection instead of three: a wider GEMM keeps the short-window case efficient.
  const [qh, kh, vh] = g.opN(
    'Split',
    [fusedLinear(g, x, w, [`${name}.query_proj`, `${name}.key_proj`, `${name}.value_proj`], h, [inv, 1, 1])],
    3,
    { axis: int(2) },
    'qkv',
  );
  const q = split(qh!, [0, 2, 1, 3], 'q');
  const kT = split(kh!, [0, 2, 3, 1], 'kT');
  const v = split(vh!, [0, 2, 1, 3], 'v');
  const terms = [g.op('MatMul', [q, kT], {}, 'qk')];
  if (rel.c2p) {
    const posK = positions.key![layer]!;
    const posKT = g.constF32(`${name}.pos_key_T`, [heads, dh, rows], splitHeads(posK, rows, heads, dh, true));
    const band = g.op('Slice', [posKT, idx.lo, idx.hiPlusOne, g.ints([2])], {}, 'pos_key_band');
    terms.push(
      g.op('GatherElements', [g.op('MatMul', [q, band], {}, 'c2p_scores'), idx.columns], { axis: int(3) }, 'c2p'),
    );
  }
  if (rel.p2c) {
    const posQ = positions.query![layer]!;
    const posQc = g.constF32(`${name}.pos_query`, [heads, rows, dh], splitHeads(posQ, rows, heads, dh, false));
    const band = g.op('Slice', [posQc, idx.lo, idx.hiPlusOne, g.ints([1])], {}, 'pos_query_band');
    terms.push(
      g.op('GatherElements', [g.op('MatMul', [band, kT], {}, 'p2c_scores'), idx.columns], { axis: int(2) }, 'p2c'),
    );
  }
  // QKᵀ + (c2p + p2c), the reference's order. Adds, not an n-ary Sum: Sum measured ~4% faster on
  // CPU but onnxruntime's WebGPU provider has no Sum kernel, so each layer's scores would go to CPU.
  const positional = terms.length === 3 ? g.op('Add', [terms[1]!, terms[2]!], {}, 'rel_att') : terms[1];
  const scores = positional === undefined ? terms[0]! : g.op('Add', [terms[0]!, positional], {}, 'scores');
  const probs = g.op('Softmax', [scores], { axis: int(-1) }, 'probs');
  const context = g.op('Transpose', [g.op('MatMul', [probs, v])], { perm: ints([0, 2, 1, 3]) });
  return g.op('Reshape', [context, g.ints([0, 0, h])], {}, 'context');
}
