/**
 * Which host events reach the window, and as which contract event: one typed table, so a new host
 * event does not compile until someone decides where it goes (null: not forwarded to pages).
 *
 *   const host = forkInferenceHost({ onEvent: forwardHostEvents(emit) });
 */
import type { HostEventListener } from './host-client.ts';
import type { HostEventName, HostPayloadOf } from './host-contract.ts';
import type { EmitEvent } from './ipc-contract.ts';

type Routes = { [K in HostEventName]: ((payload: HostPayloadOf<K>, emit: EmitEvent) => void) | null };

/** The level meter reads loudness: linear RMS → dBFS, with this floor shown as empty (-60 dB ≈ a quiet room). */
const METER_FLOOR_DB = -60;
export const meterLevel = (rms: number) =>
  rms <= 0 ? 0 : Math.min(1, Math.max(0, (20 * Math.log10(rms) - METER_FLOOR_DB) / -METER_FLOOR_DB));

export const hostEventRoutes: Routes = {
  progress: (p, emit) =>
    emit('onDidProgress', {
      task: 'transcribe',
      jobId: p.jobId,
      fraction: p.fraction,
      seconds: p.seconds,
      message: p.message,
    }),
  partial: (p, emit) => emit('onDidPartialText', { sessionId: p.sessionId, stable: p.stable, unstable: p.unstable }),
  level: (p, emit) => emit('onDidChangeLevel', { sessionId: p.sessionId, level: meterLevel(p.rms) }),
  // The session's own states; main's push-to-talk machine adds starting/inserting/idle around them, and
  // its final text (after insertion) goes out as onDidFinishDictation, so the host's 'done' is not forwarded.
  dictationState: (p, emit) => {
    if (p.state === 'done') return;
    emit('onDidChangeDictationState', {
      sessionId: p.sessionId,
      state: p.state,
      ...(p.error !== undefined ? { message: p.error.message } : {}),
    });
  },
};

export function forwardHostEvents(emit: EmitEvent): HostEventListener {
  return (message) => {
    const route = hostEventRoutes[message.event] as ((p: unknown, e: EmitEvent) => void) | null;
    route?.(message.payload, emit);
  };
}
