/**
 * The caller's side of the inference host protocol ({ id, method, args } → { id, result }), over any
 * message port: Electron's utilityProcess in the app, a Node child process in tests.
 *
 *   const host = createHostClient({ post: (m) => child.send(m), listen: (l) => child.on('message', l) });
 *   const result = await host.call('ping');
 */
import type { Result } from './result.ts';

export interface HostPort {
  post(message: { id: number; method: string; args: unknown[] }): void;
  listen(listener: (message: unknown) => void): void;
}

/** Besides answers, the host posts { event, payload } notices (progress of a long call). */
export interface HostEvent {
  event: string;
  payload: unknown;
}

export interface HostClient {
  call<T>(method: string, ...args: unknown[]): Promise<Result<T>>;
  /** Fails every pending call, e.g. when the host process exits. */
  failAll(name: string, message: string): void;
}

export function createHostClient(port: HostPort, onEvent: (event: HostEvent) => void = () => undefined): HostClient {
  let nextId = 1;
  const pending = new Map<number, (result: Result<unknown>) => void>();
  port.listen((message) => {
    const e = message as Partial<HostEvent> | null;
    if (typeof e === 'object' && e !== null && typeof e.event === 'string')
      return onEvent({ event: e.event, payload: e.payload });
    const m = message as { id?: unknown; result?: Result<unknown> } | null;
    if (typeof m !== 'object' || m === null || typeof m.id !== 'number' || m.result === undefined) return;
    const resolve = pending.get(m.id);
    pending.delete(m.id);
    resolve?.(m.result);
  });
  return {
    call<T>(method: string, ...args: unknown[]) {
      const id = nextId++;
      return new Promise<Result<T>>((resolve) => {
        pending.set(id, resolve as (result: Result<unknown>) => void);
        port.post({ id, method, args });
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
  onEvent?: (event: HostEvent) => void,
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
    call: (method, ...args) => running().client.call(method, ...args),
    failAll: (name, message) => current?.client.failAll(name, message),
    stop: () => {
      current?.process.kill();
      current = null;
    },
  };
}
