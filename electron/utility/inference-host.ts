/**
 * The inference host: a separate process (Electron utilityProcess in the app, a Node child process in
 * tests) that owns the ONNX sessions, so the main event loop never waits on inference.
 *
 * Protocol: the parent posts { id, method, args }; the host answers { id, result } where result is a
 * Result value (errors as { name, message }). Calls are served one at a time.
 */
import { createHostMethods, type HostRequest, type HostResponse } from './host-methods.ts';
import type { HostEvent } from '../common/host-client.ts';
import { err, toErrorValue } from '../common/result.ts';

interface MessagePort {
  on(event: 'message', listener: (message: unknown) => void): void;
  postMessage(message: HostResponse | HostEvent): void;
}

function parentPort(): MessagePort {
  const electronPort = (
    process as {
      parentPort?: { on(e: 'message', l: (m: { data: unknown }) => void): void; postMessage(m: unknown): void };
    }
  ).parentPort;
  if (electronPort !== undefined) {
    return {
      on: (_e, listener) => electronPort.on('message', (m) => listener(m.data)),
      postMessage: (m) => electronPort.postMessage(m),
    };
  }
  if (process.send === undefined) throw new Error('The inference host must be started by Verba, not on its own.');
  return { on: (e, listener) => process.on(e, listener), postMessage: (m) => process.send?.(m) };
}

function isRequest(message: unknown): message is HostRequest {
  const m = message as Partial<HostRequest> | null;
  return (
    typeof m === 'object' &&
    m !== null &&
    typeof m.id === 'number' &&
    typeof m.method === 'string' &&
    Array.isArray(m.args)
  );
}

const port = parentPort();
const hostMethods = createHostMethods((event) => port.postMessage(event));
let queue: Promise<void> = Promise.resolve();
port.on('message', (message) => {
  if (!isRequest(message)) return;
  queue = queue.then(async () => {
    const method = Object.hasOwn(hostMethods, message.method)
      ? hostMethods[message.method as keyof typeof hostMethods]
      : undefined;
    if (method === undefined)
      return port.postMessage({
        id: message.id,
        result: err('UnknownMethod', `The inference host has no method ${message.method}.`),
      });
    try {
      const value = await (method as (...a: unknown[]) => Promise<unknown>)(...message.args);
      port.postMessage({ id: message.id, result: { ok: true, value } });
    } catch (error) {
      port.postMessage({ id: message.id, result: { ok: false, error: toErrorValue(error) } });
    }
  });
});
