/**
 * Starts the inference host as an Electron utilityProcess (its own process, so inference never blocks
 * main's event loop) and restarts it on the next call if it dies.
 */
import { utilityProcess, type UtilityProcess } from 'electron';
import { createHostClient, type HostClient } from '../common/host-client.ts';
import type { EmitEvent } from '../common/ipc-contract.ts';
import { forwardHostEvent } from '../node/services/inference-host-process.ts';

export function utilityInferenceHost(hostPath: string, emit: EmitEvent): HostClient & { stop(): void } {
  let child: UtilityProcess | null = null;
  let client: HostClient | null = null;
  const running = (): HostClient => {
    if (child !== null && client !== null) return client;
    const process = utilityProcess.fork(hostPath, [], { serviceName: 'Verba inference', stdio: 'inherit' });
    const started = createHostClient({ post: (m) => process.postMessage(m), listen: (l) => process.on('message', l) }, forwardHostEvent(emit));
    process.once('exit', (code) => {
      started.failAll('InferenceHostStopped', `The transcription engine stopped unexpectedly (exit code ${code}); please try again.`);
      child = null;
      client = null;
    });
    child = process;
    client = started;
    return started;
  };
  return {
    call: (method, ...args) => running().call(method, ...args),
    failAll: (name, message) => client?.failAll(name, message),
    stop: () => child?.kill(),
  };
}
