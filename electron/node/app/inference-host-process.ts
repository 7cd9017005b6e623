/**
 * The inference host as a Node child process (the CLI, tests and the e2e transport; Electron main
 * starts the same host with utilityProcess instead). It is restarted on the next call after it dies,
 * and host progress notices become onDidProgress events.
 *
 *   const host = startInferenceHost(emit);
 *   const result = await host.call('transcribeFile', { path });
 *   host.stop();
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { restartingHostClient, type HostClient, type HostEvent, type HostProcess } from '../../common/host-client.ts';
import type { EmitEvent } from '../../common/ipc-contract.ts';
import { isProgressEvent } from '../../common/ipc-types.ts';

const HOST = fileURLToPath(new URL('../../utility/inference-host.ts', import.meta.url));

/** Host notices that are contract events; anything else is dropped. */
export function forwardHostEvent(emit: EmitEvent): (event: HostEvent) => void {
  return (event) => {
    if (event.event === 'progress' && isProgressEvent(event.payload)) emit('onDidProgress', event.payload);
  };
}

function forkHost(hostPath: string, env: NodeJS.ProcessEnv): HostProcess {
  const child = fork(hostPath, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env: { ...process.env, ...env } });
  const exitListeners: ((why: string) => void)[] = [];
  let gone: string | null = null;
  const exit = (why: string) => {
    if (gone !== null) return;
    gone = why;
    for (const listener of exitListeners) listener(why);
  };
  child.on('exit', (code, signal) => exit(signal ?? `exit code ${code}`));
  child.on('error', (error) => exit(error.message));
  return {
    post: (message) => {
      // A dead channel throws from send(); report it as the exit it is instead of crashing the caller.
      if (!child.connected) return exit('its channel is closed');
      child.send(message, (error) => error && exit(error.message));
    },
    listen: (listener) => child.on('message', listener),
    onExit: (listener) => (gone !== null ? listener(gone) : exitListeners.push(listener)),
    kill: () => child.kill(),
  };
}

export function startInferenceHost(
  emit: EmitEvent,
  options: { hostPath?: string; env?: NodeJS.ProcessEnv } = {},
): HostClient & { stop(): void } {
  return restartingHostClient(() => forkHost(options.hostPath ?? HOST, options.env ?? {}), forwardHostEvent(emit));
}
