/**
 * The only ipcRenderer user. window.verba is built by looping over the contract; no channel is written
 * by hand. Runs sandboxed (bundled to one file by electron-vite).
 *
 * One deliberate extra key, PATH_FOR_FILE: webUtils.getPathForFile, so that a file dropped on the window
 * can be handed to transcribeFile by its path. It reveals only the path of a file the user dropped.
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { events, invokes, PATH_FOR_FILE } from '../common/ipc-contract.ts';

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
api[PATH_FOR_FILE] = (file: File) => webUtils.getPathForFile(file);
contextBridge.exposeInMainWorld('verba', Object.freeze(api));
