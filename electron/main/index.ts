/**
 * Electron main: the composition root. Thin by design; it wires electron/node services to the contract
 * and owns windows. Security per Electron's checklist: sandbox, contextIsolation, no nodeIntegration,
 * a CSP (in renderer/index.html), no navigation or new windows, IPC only from our own pages.
 */
import { app, BrowserWindow, session, shell, type WebFrameMain } from 'electron';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { createServices } from '../node/services/create-services.ts';
import { eventSender, registerIpc } from './ipc.ts';
import { utilityInferenceHost } from './inference-host.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const rendererUrl = process.env.ELECTRON_RENDERER_URL;
const rendererFile = path.join(here, '../renderer/index.html');

function isTrustedFrame(frame: WebFrameMain | null): boolean {
  if (frame === null) return false;
  const url = new URL(frame.url);
  if (rendererUrl !== undefined) return url.origin === new URL(rendererUrl).origin;
  return url.protocol === 'file:' && fileURLToPath(url) === rendererFile;
}

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 960,
    height: 680,
    minWidth: 640,
    minHeight: 420,
    title: 'Verba',
    show: false,
    webPreferences: {
      preload: path.join(here, '../preload/index.cjs'),
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  });
  window.once('ready-to-show', () => window.show());
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
  window.webContents.on('will-navigate', (event) => event.preventDefault());
  if (rendererUrl !== undefined) void window.loadURL(rendererUrl);
  else void window.loadFile(rendererFile);
  return window;
}

app.enableSandbox();
void app.whenReady().then(() => {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  const emit = eventSender(() => BrowserWindow.getAllWindows().map((w) => w.webContents));
  const host = utilityInferenceHost(path.join(here, 'inference-host.js'), emit);
  app.on('will-quit', () => host.stop());
  registerIpc(createServices({ appVersion: app.getVersion(), emit, host, captureWorkerPath: path.join(here, 'naudiodon-worker.js') }), isTrustedFrame);
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});
app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
