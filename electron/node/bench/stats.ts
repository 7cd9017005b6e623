/**
 * Small statistics for the benches and soak runs.
 *
 *   percentile([5, 1, 9, 3], 95);   // 9: the nearest-rank p-th percentile; NaN for no values
 */

/** The nearest-rank `p`-th percentile (0 < p ≤ 100) of `xs`; NaN when there are none. */
export function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
}
