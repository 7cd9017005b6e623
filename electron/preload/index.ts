/**
 * The only ipcRenderer user. window.verba is built by looping over the contract; no channel is written
 * by hand. Runs sandboxed (bundled to one file by electron-vite).
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { events, invokes } from '../common/ipc-contract.ts';

const api: Record<string, unknown> = {};
for (const [name, spec] of Object.entries(invokes)) {
  api[name] = (...args: unknown[]) => ipcRenderer.invoke(spec.channel, ...args);
}
for (const [name, spec] of Object.entries(events)) {
  api[name] = (listener: (payload: unknown) => void) => {
    const handler = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(spec.channel, handler);
    return () => ipcRenderer.removeListener(spec.channel, handler);
  };
}
contextBridge.exposeInMainWorld('verba', Object.freeze(api));
