/**
 * DeBERTa-v2 / SEW-D relative positions, computed at conversion in float32 exactly as transformers'
 * make_log_bucket_position does in PyTorch (float32 tensors: abs/mid, log, the log of
 * (max_position-1)/mid, divide, ×(mid-1), ceil), then baked into the graph as an integer table.
 * Recomputing the logs in the graph with a slightly different constant flips offsets near ±511.
 *
 *   const table = c2pIndexTable({ attSpan: 256, positionBuckets: 256, maxRelativePositions: 512 });
 *   // table.index[d + table.saturation] is the c2p column for offset d = i - j, |d| ≤ saturation
 */
const f32 = Math.fround;

/** The bucketed relative position of offset d = query index − key index (an integer). */
export function logBucket(d: number, bucketSize: number, maxPosition: number): number {
  if (bucketSize <= 0 || maxPosition <= 0) return d;
  const mid = Math.floor(bucketSize / 2);
  const sign = Math.sign(d);
  const absPos = d < mid && d > -mid ? mid - 1 : Math.abs(d);
  if (absPos <= mid) return d;
  const numerator = f32(Math.log(f32(absPos / mid)));
  const denominator = f32(Math.log(f32((maxPosition - 1) / mid)));
  const logPos = f32(Math.ceil(f32(f32(numerator / denominator) * (mid - 1))) + mid);
  return logPos * sign;
}

export interface BucketParams {
  attSpan: number;
  positionBuckets: number;
  maxRelativePositions: number;
}

export interface C2pTable {
  /** |d| at and beyond which the clamped column no longer changes. */
  saturation: number;
  /** index[d + saturation] = clamp(bucket(d) + attSpan, 0, 2·attSpan − 1) for d in [−saturation, saturation]. */
  index: Int32Array;
}

/** Column of the c2p score matrix for offset d (the p2c column for d is the same by bucket symmetry). */
export const c2pColumn = (d: number, p: BucketParams): number =>
  Math.min(Math.max(logBucket(d, p.positionBuckets, p.maxRelativePositions) + p.attSpan, 0), 2 * p.attSpan - 1);

export function c2pIndexTable(p: BucketParams): C2pTable {
  let saturation = 1;
  while (c2pColumn(saturation, p) !== 2 * p.attSpan - 1 || c2pColumn(-saturation, p) !== 0) {
    saturation++;
    if (saturation > 1 << 22) throw new Error('relative position buckets never saturate');
  }
  const index = new Int32Array(2 * saturation + 1);
  for (let d = -saturation; d <= saturation; d++) index[d + saturation] = c2pColumn(d, p);
  return { saturation, index };
}
