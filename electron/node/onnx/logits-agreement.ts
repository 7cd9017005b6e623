/**
 * Do two runs of a model agree? Max absolute difference against a bound relative to the reference's
 * scale, and the share of frames (rows of `classes` values) with the same argmax. Pure: used by
 * ort.ts to verify an accelerator's warm-up against the CPU.
 *
 *   const a = compareLogits(cpu, gpu, 32, { relativeTolerance: 0.02, frameAgreement: 0.99 });
 *   if (!a.ok) fallBack(a.reason);
 */
export interface Agreement {
  ok: boolean;
  maxDifference: number;
  bound: number;
  frameAgreement: number;
  /** One phrase for a fallback reason, when not ok. */
  reason: string;
}

export function compareLogits(
  reference: Float32Array,
  other: Float32Array,
  classes: number,
  limits: { relativeTolerance: number; frameAgreement: number },
): Agreement {
  if (reference.length !== other.length || reference.length === 0 || reference.length % classes !== 0)
    return {
      ok: false,
      maxDifference: Infinity,
      bound: 0,
      frameAgreement: 0,
      reason: `output sizes differ (${other.length} vs ${reference.length})`,
    };
  let scale = 0;
  let maxDifference = 0;
  for (let i = 0; i < reference.length; i++) {
    const d = Math.abs(reference[i]! - other[i]!);
    // NaN never compares greater: count it as an unbounded difference.
    maxDifference = Number.isNaN(d) ? Infinity : Math.max(maxDifference, d);
    scale = Math.max(scale, Math.abs(reference[i]!));
  }
  const frames = reference.length / classes;
  let same = 0;
  for (let t = 0; t < frames; t++) {
    let a = 0;
    let b = 0;
    for (let c = 1; c < classes; c++) {
      if (reference[t * classes + c]! > reference[t * classes + a]!) a = c;
      if (other[t * classes + c]! > other[t * classes + b]!) b = c;
    }
    if (a === b) same++;
  }
  const bound = limits.relativeTolerance * Math.max(1, scale);
  const frameAgreement = same / frames;
  const ok = maxDifference <= bound && frameAgreement >= limits.frameAgreement;
  const reason = ok
    ? ''
    : `max logit difference ${maxDifference.toPrecision(3)} against a bound of ${bound.toPrecision(3)}, ${(100 * frameAgreement).toFixed(1)} % of frames with the same token`;
  return { ok, maxDifference, bound, frameAgreement, reason };
}
