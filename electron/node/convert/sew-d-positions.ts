/**
 * SEW-D's input-independent positional work, done once at conversion: LayerNorm of the relative
 * embeddings, then each layer's query/key projections of them, split into heads. Double-precision
 * accumulation rounded to float32 (the reference computes the same values in float32).
 */
import type { ModelSpec, RelativeAttentionSpec } from './checkpoint-config.ts';
import type { Weights } from './weights.ts';

export function normalisedRelEmbeddings(spec: ModelSpec, rel: RelativeAttentionSpec, w: Weights): Float32Array {
  const rows = 2 * rel.attSpan;
  const h = spec.hiddenSize;
  const base = `${spec.prefix}.encoder.encoder`;
  const all = w.take(`${base}.rel_embeddings.weight`, [rows, h]);
  // The model only ever reads rows [0, 2·att_span); the table has exactly that many.
  if (!rel.normRelEmbeddings) return all.slice(0, rows * h);
  const gamma = w.take(`${base}.LayerNorm.weight`, [h]);
  const beta = w.take(`${base}.LayerNorm.bias`, [h]);
  const out = new Float32Array(rows * h);
  for (let r = 0; r < rows; r++) {
    let mean = 0;
    for (let c = 0; c < h; c++) mean += all[r * h + c]!;
    mean /= h;
    let variance = 0;
    for (let c = 0; c < h; c++) variance += (all[r * h + c]! - mean) ** 2;
    variance /= h;
    const inv = 1 / Math.sqrt(variance + spec.layerNormEps);
    for (let c = 0; c < h; c++) out[r * h + c] = (all[r * h + c]! - mean) * inv * gamma[c]! + beta[c]!;
  }
  return out;
}

/** rows × in · Wᵀ + b for a torch Linear weight [out, in], accumulated in double. */
export function projectRows(x: Float32Array, rows: number, weight: Float32Array, bias: Float32Array, inF: number, outF: number, scale = 1): Float32Array {
  const out = new Float32Array(rows * outF);
  const acc = new Float64Array(outF);
  for (let r = 0; r < rows; r++) {
    for (let o = 0; o < outF; o++) {
      let sum = bias[o]!;
      const wRow = o * inF;
      const xRow = r * inF;
      for (let i = 0; i < inF; i++) sum += x[xRow + i]! * weight[wRow + i]!;
      acc[o] = sum;
    }
    for (let o = 0; o < outF; o++) out[r * outF + o] = acc[o]! * scale;
  }
  return out;
}

/** [rows, heads·dh] → [heads, rows, dh] (or [heads, dh, rows] when `transposed`). */
export function splitHeads(x: Float32Array, rows: number, heads: number, dh: number, transposed: boolean): Float32Array {
  const out = new Float32Array(x.length);
  for (let r = 0; r < rows; r++) {
    for (let hd = 0; hd < heads; hd++) {
      for (let d = 0; d < dh; d++) {
        const v = x[r * heads * dh + hd * dh + d]!;
        out[transposed ? (hd * dh + d) * rows + r : (hd * rows + r) * dh + d] = v;
      }
    }
  }
  return out;
}
