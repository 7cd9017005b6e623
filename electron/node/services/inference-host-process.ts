/**
 * The inference host as a Node child process (the CLI, tests and the e2e transport; Electron main
 * starts the same host with utilityProcess instead). Host progress notices become onDidProgress events.
 *
 *   const host = startInferenceHost(emit);
 *   const result = await host.client.call('transcribeFile', { path });
 *   await host.stop();
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createHostClient, type HostClient, type HostEvent } from '../../common/host-client.ts';
import type { EmitEvent } from '../../common/ipc-contract.ts';
import { isProgressEvent } from '../../common/ipc-types.ts';

const HOST = fileURLToPath(new URL('../../utility/inference-host.ts', import.meta.url));

export interface RunningHost {
  client: HostClient;
  pid: number | undefined;
  stop(): Promise<void>;
}

/** Host notices that are contract events; anything else is dropped. */
export function forwardHostEvent(emit: EmitEvent): (event: HostEvent) => void {
  return (event) => {
    if (event.event === 'progress' && isProgressEvent(event.payload)) emit('onDidProgress', event.payload);
  };
}

export function startInferenceHost(emit: EmitEvent, hostPath: string = HOST): RunningHost {
  const child = fork(hostPath, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const client = createHostClient({ post: (m) => child.send(m), listen: (l) => child.on('message', l) }, forwardHostEvent(emit));
  child.on('exit', (code, signal) => client.failAll('InferenceHostStopped', `The transcription engine stopped unexpectedly (${signal ?? `exit code ${code}`}); please try again.`));
  return {
    client,
    pid: child.pid,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill();
      }),
  };
}
