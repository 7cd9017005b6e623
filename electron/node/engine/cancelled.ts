/**
 * Cancellation for long engine work: an AbortSignal is checked between windows (a window's model run
 * itself cannot be interrupted), and an aborted job ends with one VerbaError the user can read.
 *
 *   throwIfCancelled(signal);   // between two units of work
 */
import { VerbaError } from '../../common/result.ts';

export const cancelledError = (): VerbaError => new VerbaError('Cancelled', 'The transcription was cancelled.');

export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw cancelledError();
}
