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

export const hostEventRoutes: Routes = {
  progress: (p, emit) =>
    emit('onDidProgress', { task: 'transcribe', jobId: p.jobId, fraction: p.fraction, message: p.message }),
  // Dictation's page events (onDidPartialText, onDidChangeDictationState, a level meter) come with the
  // dictation slice of the IPC contract.
  partial: null,
  level: null,
  dictationState: null,
};

export function forwardHostEvents(emit: EmitEvent): HostEventListener {
  return (message) => {
    const route = hostEventRoutes[message.event] as ((p: unknown, e: EmitEvent) => void) | null;
    route?.(message.payload, emit);
  };
}
