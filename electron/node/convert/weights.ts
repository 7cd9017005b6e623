/**
 * Typed access to a checkpoint's tensors for the graph builders: every read checks the tensor
 * exists with the exact shape the config implies, and unused tensors can be listed afterwards.
 *
 *   const w = new Weights(tensorMap, 'model.safetensors');
 *   const proj = w.take('sew_d.feature_projection.weight', [hidden, convOut]);
 */
import { VerbaError } from '../../common/result.ts';
import type { Tensor, TensorMap } from './tensor-map.ts';

const sameShape = (a: readonly number[], b: readonly number[]) =>
  a.length === b.length && a.every((d, i) => d === b[i]);

export class Weights {
  private readonly tensors: TensorMap;
  private readonly source: string;
  private readonly used = new Set<string>();

  constructor(tensors: TensorMap, source: string) {
    this.tensors = tensors;
    this.source = source;
  }

  has(name: string): boolean {
    return this.tensors.has(name);
  }

  take(name: string, shape: readonly number[]): Float32Array {
    const t = this.tensors.get(name);
    if (t === undefined)
      throw new VerbaError('UnsupportedCheckpoint', `${this.source} has no tensor ${name}, which this config needs.`);
    if (!sameShape(t.shape, shape)) {
      throw new VerbaError(
        'UnsupportedCheckpoint',
        `${this.source}: tensor ${name} has shape [${t.shape.join(', ')}], expected [${shape.join(', ')}] from config.json.`,
      );
    }
    this.used.add(name);
    return t.data;
  }

  /**
   * A weight-normalised conv weight (torch weight_norm, dim=2: one gain per kernel tap) under either
   * naming: `<base>.weight_g/_v` (old) or `<base>.parametrizations.weight.original0/1` (new).
   */
  weightNormPair(base: string, shape: readonly [number, number, number]): { g: Float32Array; v: Float32Array } {
    const gShape = [1, 1, shape[2]];
    if (this.has(`${base}.weight_g`))
      return { g: this.take(`${base}.weight_g`, gShape), v: this.take(`${base}.weight_v`, shape) };
    if (this.has(`${base}.parametrizations.weight.original0`)) {
      return {
        g: this.take(`${base}.parametrizations.weight.original0`, gShape),
        v: this.take(`${base}.parametrizations.weight.original1`, shape),
      };
    }
    if (this.has(`${base}.weight`)) return { g: new Float32Array(0), v: this.take(`${base}.weight`, shape) };
    throw new VerbaError(
      'UnsupportedCheckpoint',
      `${this.source} has no ${base}.weight_g/weight_v (or parametrizations.weight.original0/1).`,
    );
  }

  /** Names present in the checkpoint that no builder read (reported, never silently dropped). */
  unused(): string[] {
    return [...this.tensors.keys()].filter((n) => !this.used.has(n));
  }
}

/** w[o, i, k] = g[k] · v[o, i, k] / ‖v[:, :, k]‖₂ — torch's _weight_norm with dim=2, folded once. */
export function foldWeightNorm(
  pair: { g: Float32Array; v: Float32Array },
  shape: readonly [number, number, number],
): Float32Array {
  if (pair.g.length === 0) return pair.v;
  const [outC, inC, k] = shape;
  const out = new Float32Array(pair.v.length);
  for (let tap = 0; tap < k; tap++) {
    let sum = 0;
    for (let o = 0; o < outC; o++) for (let i = 0; i < inC; i++) sum += pair.v[(o * inC + i) * k + tap]! ** 2;
    const factor = pair.g[tap]! / Math.sqrt(sum);
    for (let o = 0; o < outC; o++)
      for (let i = 0; i < inC; i++) out[(o * inC + i) * k + tap] = pair.v[(o * inC + i) * k + tap]! * factor;
  }
  return out;
}

/** Row-major [rows, cols] → [cols, rows] (torch Linear weights are [out, in]; MatMul wants [in, out]). */
export function transpose2d(data: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(data.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = data[r * cols + c]!;
  return out;
}

export type { Tensor };
