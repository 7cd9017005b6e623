/**
 * The caller's side of the inference host protocol (host-contract.ts), over any message port:
 * Electron's utilityProcess in the app, a Node child process in the CLI and tests. Calls are typed by
 * the contract; events the host posts are checked against it before `onEvent` sees them.
 *
 *   const host = createHostClient({ post: (m) => child.send(m), listen: (l) => child.on('message', l) });
 *   const ping = await host.call('ping');                     // Result<HostPing>
 *   const t = await host.call('transcribeFile', jobId, { path }, null);
 */
import type { HostArgsOf, HostEventMessage, HostMethodName, HostRequest, HostResultOf } from './host-contract.ts';
import { isHostEventMessage } from './host-contract.ts';
import type { Result } from './result.ts';

export interface HostPort {
  post(message: HostRequest): void;
  listen(listener: (message: unknown) => void): void;
}

export type HostEventListener = (event: HostEventMessage) => void;

export interface HostClient {
  call<K extends HostMethodName>(name: K, ...args: HostArgsOf<K>): Promise<Result<HostResultOf<K>>>;
  /** Fails every pending call, e.g. when the host process exits. */
  failAll(name: string, message: string): void;
}

export function createHostClient(port: HostPort, onEvent: HostEventListener = () => undefined): HostClient {
  let nextId = 1;
  const pending = new Map<number, (result: Result<unknown>) => void>();
  port.listen((message) => {
    if (isHostEventMessage(message)) return onEvent(message);
    const m = message as { id?: unknown; result?: Result<unknown> } | null;
    if (typeof m !== 'object' || m === null || typeof m.id !== 'number' || m.result === undefined) return;
    const resolve = pending.get(m.id);
    pending.delete(m.id);
    resolve?.(m.result);
  });
  return {
    call(name, ...args) {
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, resolve as (result: Result<unknown>) => void);
        port.post({ id, method: name, args });
      });
    },
    failAll(name, message) {
      for (const resolve of pending.values()) resolve({ ok: false, error: { name, message } });
      pending.clear();
    },
  };
}

/** One started host process, however it was started (utilityProcess, child_process.fork). */
export interface HostProcess extends HostPort {
  /** Called once when the process is gone, with a few words on why. */
  onExit(listener: (why: string) => void): void;
  kill(): void;
}

/**
 * A HostClient that starts its process on first use and again after it dies: calls in flight when it
 * dies fail with one sentence, and the next call gets a fresh host.
 */
export function restartingHostClient(
  start: () => HostProcess,
  onEvent?: HostEventListener,
): HostClient & { stop(): void } {
  let current: { process: HostProcess; client: HostClient } | null = null;
  const running = () => {
    if (current !== null) return current;
    const process = start();
    const client = createHostClient(process, onEvent);
    const entry = { process, client };
    process.onExit((why) => {
      client.failAll(
        'InferenceHostStopped',
        `The transcription engine stopped unexpectedly (${why}); please try again.`,
      );
      if (current === entry) current = null;
    });
    current = entry;
    return entry;
  };
  return {
    call: (name, ...args) => running().client.call(name, ...args),
    failAll: (name, message) => current?.client.failAll(name, message),
    stop: () => {
      current?.process.kill();
      current = null;
    },
  };
}
