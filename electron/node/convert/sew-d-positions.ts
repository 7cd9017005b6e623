/**
 * SEW-D's input-independent positional work, done once at conversion: LayerNorm of the relative
 * embeddings (double precision, rounded to float32), then each layer's query/key projections of
 * them (float32 GEMMs in onnxruntime, as the reference computes them), split into heads.
 *
 *   const positions = await projectRelativeEmbeddings(spec, spec.relative!, weights);
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { f32, openSession } from '../onnx/ort.ts';
import type { ModelSpec, RelativeAttentionSpec } from './checkpoint-config.ts';
import { DataType, GraphBuilder } from './graph-builder.ts';
import { linear } from './layers.ts';
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

/** 1/√(dh · (1 + #position terms)): DeBERTa's scale on every attention term. */
export function attentionScale(spec: ModelSpec, rel: RelativeAttentionSpec): number {
  const factor = 1 + (rel.c2p ? 1 : 0) + (rel.p2c ? 1 : 0);
  return 1 / Math.sqrt((spec.hiddenSize / spec.numHeads) * factor);
}

export interface PositionProjections {
  /** Per layer [2S, H]: key projection of the relative embeddings (c2p), or null without c2p. */
  key: Float32Array[] | null;
  /** Per layer [2S, H]: query projection, already multiplied by attentionScale (p2c), or null. */
  query: Float32Array[] | null;
}

/**
 * Every layer's projections of the (normalised) relative embeddings, computed once at conversion.
 * They are float32 GEMMs like the reference's, so onnxruntime computes them from a throwaway graph:
 * milliseconds, where plain JS loops took ~20 s for sew-d-mid.
 */
export async function projectRelativeEmbeddings(
  spec: ModelSpec,
  rel: RelativeAttentionSpec,
  w: Weights,
): Promise<PositionProjections> {
  const h = spec.hiddenSize;
  const rows = 2 * rel.attSpan;
  const relEmb = normalisedRelEmbeddings(spec, rel, w);
  const scale = attentionScale(spec, rel);
  const g = new GraphBuilder('sew-d-relative-projections');
  const input = g.input('rel', DataType.FLOAT, [rows, h]);
  const outputs: { key: string[]; query: string[] } = { key: [], query: [] };
  for (let l = 0; l < spec.numLayers; l++) {
    const name = `${spec.prefix}.encoder.encoder.layer.${l}.attention.self`;
    if (rel.c2p)
      outputs.key.push(
        g.output(
          linear(g, input, w, rel.shareAttKey ? `${name}.key_proj` : `${name}.pos_key_proj`, h, h),
          `key${l}`,
          DataType.FLOAT,
          [rows, h],
        ),
      );
    if (rel.p2c)
      outputs.query.push(
        g.output(
          linear(g, input, w, rel.shareAttKey ? `${name}.query_proj` : `${name}.pos_query_proj`, h, h, scale),
          `query${l}`,
          DataType.FLOAT,
          [rows, h],
        ),
      );
  }
  const dir = await mkdtemp(join(tmpdir(), 'verba-positions-'));
  try {
    await writeFile(join(dir, 'positions.onnx'), g.encode({ producer: 'verba', producerVersion: 'conversion' }));
    const session = await openSession(join(dir, 'positions.onnx'), { device: 'cpu' });
    try {
      const result = await session.run({ rel: f32(relEmb, [rows, h]) });
      const pick = (names: string[]) => (names.length === 0 ? null : names.map((n) => result[n]!.data as Float32Array));
      return { key: pick(outputs.key), query: pick(outputs.query) };
    } finally {
      await session.release();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** [rows, heads·dh] → [heads, rows, dh] (or [heads, dh, rows] when `transposed`). */
export function splitHeads(
  x: Float32Array,
  rows: number,
  heads: number,
  dh: number,
  transposed: boolean,
): Float32Array {
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
