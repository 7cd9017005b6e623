/**
 * The inference host as a Node child process (the CLI, tests and the e2e transport; Electron main
 * starts the same host with utilityProcess instead, electron/main/inference-host.ts). It is restarted on
 * the next call after it dies.
 *
 *   const host = forkInferenceHost({ onEvent: forwardHostEvents(emit) });
 *   const result = await host.call('transcribeFile', jobId, { path }, null);
 *   host.stop();
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  restartingHostClient,
  type HostClient,
  type HostEventListener,
  type HostProcess,
} from '../common/host-client.ts';

const HOST = fileURLToPath(new URL('./inference-host.ts', import.meta.url));

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

export function forkInferenceHost(
  options: { onEvent?: HostEventListener; hostPath?: string; env?: NodeJS.ProcessEnv } = {},
): HostClient & { stop(): void } {
  return restartingHostClient(() => forkHost(options.hostPath ?? HOST, options.env ?? {}), options.onEvent);
}
