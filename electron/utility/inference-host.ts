/**
 * The inference host: a separate process (Electron utilityProcess in the app, a Node child process in
 * the CLI and tests) that owns the ONNX sessions and the dictation microphone, so main's event loop
 * never waits on inference, capture or spool writes.
 *
 * Protocol (electron/common/host-contract.ts): the parent posts { id, method, args }; the host answers
 * { id, result } (a Result value, errors as { name, message }) and posts { event, payload } events.
 * Calls are served concurrently, in order within one job or dictation session.
 */
import { createHostMethods } from './host-methods.ts';
import type { HostEventMessage, HostResponse } from '../common/host-contract.ts';
import { createHostDispatcher } from '../common/host-dispatch.ts';

interface MessagePort {
  on(event: 'message', listener: (message: unknown) => void): void;
  postMessage(message: HostResponse | HostEventMessage): void;
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

const port = parentPort();
// Started by Electron main, the bundled capture worker's path comes in the environment (sources otherwise).
const captureWorkerPath = process.env.VERBA_CAPTURE_WORKER;
const services = createHostMethods(
  (event, payload) => port.postMessage({ event, payload } as HostEventMessage),
  captureWorkerPath ? { captureWorkerPath } : {},
);
const serve = createHostDispatcher(services, (response) => port.postMessage(response));
port.on('message', (message) => void serve(message));
