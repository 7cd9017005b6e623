/**
 * The only ipcMain user: registers every contract call by looping over it. Handlers accept calls only
 * from Verba's own pages and validate payloads before any service sees them.
 */
import { ipcMain, type WebContents, type WebFrameMain } from 'electron';
import { events, invokes, type EmitEvent, type InvokeName, type VerbaServices } from '../common/ipc-contract.ts';
import { isPayload } from '../common/contract/spec.ts';
import { dispatch } from '../common/ipc-dispatch.ts';
import { err } from '../common/result.ts';

export function registerIpc(
  services: VerbaServices,
  isTrustedFrame: (frame: WebFrameMain | null) => boolean,
): () => void {
  const names = Object.keys(invokes) as InvokeName[];
  for (const name of names) {
    ipcMain.handle(invokes[name].channel, (event, ...args: unknown[]) => {
      if (!isTrustedFrame(event.senderFrame))
        return err('Forbidden', 'Verba ignored a request from a page it did not load.');
      return dispatch(services, name, args);
    });
  }
  return () => names.forEach((name) => ipcMain.removeHandler(invokes[name].channel));
}

/** An EmitEvent that sends to the given windows' pages. */
export function eventSender(targets: () => WebContents[]): EmitEvent {
  return (name, payload) => {
    const spec = events[name];
    if (!isPayload(spec, payload)) throw new Error(`Refusing to send a malformed ${name} event.`);
    for (const contents of targets()) if (!contents.isDestroyed()) contents.send(spec.channel, payload);
  };
}
