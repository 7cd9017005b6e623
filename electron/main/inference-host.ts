/**
 * Starts the inference host as an Electron utilityProcess (its own process, so inference never blocks
 * main's event loop); restarted on the next call if it dies.
 */
import { utilityProcess } from 'electron';
import {
  restartingHostClient,
  type HostClient,
  type HostEventListener,
  type HostProcess,
} from '../common/host-client.ts';
import type { EmitEvent } from '../common/ipc-contract.ts';
import { forwardHostEvents } from '../common/host-event-routes.ts';

function startUtility(hostPath: string, env: NodeJS.ProcessEnv): HostProcess {
  const child = utilityProcess.fork(hostPath, [], {
    serviceName: 'Verba inference',
    stdio: 'inherit',
    env: { ...process.env, ...env },
  });
  let gone: string | null = null;
  const exitListeners: ((why: string) => void)[] = [];
  child.once('exit', (code) => {
    gone = `exit code ${code}`;
    for (const listener of exitListeners) listener(gone);
  });
  return {
    post: (message) => (gone === null ? child.postMessage(message) : undefined),
    listen: (listener) => child.on('message', listener),
    onExit: (listener) => (gone !== null ? listener(gone) : exitListeners.push(listener)),
    kill: () => child.kill(),
  };
}

export function utilityInferenceHost(
  hostPath: string,
  emit: EmitEvent,
  env: NodeJS.ProcessEnv = {},
  /** Also sees every host event (push-to-talk in main follows its session's partial and state events). */
  onEvent: HostEventListener = () => undefined,
): HostClient & { stop(): void } {
  const forward = forwardHostEvents(emit);
  return restartingHostClient(
    () => startUtility(hostPath, env),
    (message) => {
      forward(message);
      onEvent(message);
    },
  );
}
