/**
 * The arithmetic of the Files queue, kept pure so it is tested without a page: how far a job is (the
 * host's fraction, or audio seconds over the recording's length) and how long it has left.
 *
 *   const fraction = jobFraction({ fraction: -1, seconds: 30 }, 75);   // 0.4
 *   const eta = remainingSeconds(fraction, 12);                          // 18 (s)
 */

/** Below this much done, or this many seconds in, a rate is mostly model loading: no ETA yet. */
export const ETA_MIN_FRACTION = 0.02;
export const ETA_MIN_ELAPSED_S = 1;

/**
 * 0..1 done, or null while unknown. The host sends -1 until a job ends (it streams the file without
 * knowing its length); with the length from the header, audio seconds done give the fraction, held
 * below 1 until the host says the job is finished.
 */
export function jobFraction(
  progress: { fraction: number; seconds?: number | undefined },
  totalSeconds: number | null,
): number | null {
  if (progress.fraction >= 0) return Math.min(1, progress.fraction);
  if (totalSeconds === null || totalSeconds <= 0 || progress.seconds === undefined) return null;
  return Math.min(0.99, Math.max(0, progress.seconds / totalSeconds));
}

/** Seconds left at the rate so far (elapsed / fraction), or null while that rate means little. */
export function remainingSeconds(fraction: number | null, elapsedSeconds: number): number | null {
  if (fraction === null || fraction < ETA_MIN_FRACTION || elapsedSeconds < ETA_MIN_ELAPSED_S) return null;
  if (fraction >= 1) return 0;
  return (elapsedSeconds * (1 - fraction)) / fraction;
}

/** Whole percent for a progress bar: 0.996 shows 99 until the job is really done. */
export const percent = (fraction: number) => Math.min(100, Math.max(0, Math.floor(fraction * 100 + 1e-9)));
