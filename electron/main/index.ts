/**
 * Electron main: the composition root. Thin by design; it wires electron/node services to the contract
 * and owns windows. Security per Electron's checklist: sandbox, contextIsolation, no nodeIntegration,
 * a CSP (in renderer/index.html), no navigation or new windows, IPC only from our own pages.
 */
import { app, BrowserWindow, session, shell, type WebFrameMain } from 'electron';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { createServices } from '../node/app/create-services.ts';
import { defaultSpoolDir } from '../node/audio/spool.ts';
import { libraryDir } from '../node/storage/library-path.ts';
import { cacheDir } from '../node/models/model-paths.ts';
import { eventSender, registerIpc } from './ipc.ts';
import { isPermissionAllowed, isSafeExternalUrl, isTrustedPageUrl, secureWebPreferences } from './window-security.ts';
import { utilityInferenceHost } from './inference-host.ts';
import { fileDialog, saveDialog } from './file-dialog.ts';
import { desktopDictationWiring } from './dictation.ts';
import { hostEventTap } from '../node/app/dictation-runtime.ts';
import { serveTranscriptAudio } from './audio-protocol.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const rendererUrl = process.env.ELECTRON_RENDERER_URL;
const rendererFile = path.join(here, '../renderer/index.html');

const isTrustedFrame = (frame: WebFrameMain | null): boolean =>
  frame !== null && isTrustedPageUrl(frame.url, { devServerUrl: rendererUrl, file: rendererFile });

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 960,
    height: 680,
    minWidth: 640,
    minHeight: 420,
    title: 'Verba',
    show: false,
    webPreferences: secureWebPreferences(path.join(here, '../preload/index.cjs')),
  });
  window.once('ready-to-show', () => window.show());
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (isSafeExternalUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  if (rendererUrl !== undefined) void window.loadURL(rendererUrl);
  else void window.loadFile(rendererFile);
  return window;
}

app.enableSandbox();
serveTranscriptAudio(libraryDir());
// Every page, frame and webview Verba ever gets: no navigation away, no new windows, no webviews.
app.on('web-contents-created', (_event, contents) => {
  const stay = (event: { preventDefault(): void }) => event.preventDefault();
  contents.on('will-navigate', stay);
  contents.on('will-frame-navigate', stay);
  contents.on('will-redirect', stay);
  contents.on('will-attach-webview', stay);
});
void app.whenReady().then(() => {
  // The microphone (audio only, Verba's own page) is the one permission a page can get; main records
  // through PortAudio, so this only matters if the page ever asks getUserMedia for a level meter.
  const trustedUrl = (url: string) => isTrustedPageUrl(url, { devServerUrl: rendererUrl, file: rendererFile });
  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback, details) =>
    callback(
      isPermissionAllowed(
        {
          permission,
          url: details.requestingUrl,
          ...('mediaTypes' in details && details.mediaTypes !== undefined ? { mediaTypes: details.mediaTypes } : {}),
        },
        trustedUrl,
      ),
    ),
  );
  session.defaultSession.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) =>
    isPermissionAllowed(
      {
        permission,
        url: details.requestingUrl ?? requestingOrigin,
        ...(details.mediaType !== undefined ? { mediaTypes: [details.mediaType] } : {}),
      },
      trustedUrl,
    ),
  );
  const emit = eventSender(() => BrowserWindow.getAllWindows().map((w) => w.webContents));
  const dictationEvents = hostEventTap();
  // The host records dictation itself (its capture worker is bundled beside it) into the app's spool folder.
  const host = utilityInferenceHost(
    path.join(here, 'inference-host.js'),
    emit,
    {
      VERBA_CAPTURE_WORKER: path.join(here, 'naudiodon-worker.js'),
      VERBA_SPOOL_DIR: defaultSpoolDir(),
    },
    dictationEvents.emit,
  );
  app.on('will-quit', () => host.stop());
  registerIpc(
    createServices({
      appVersion: app.getVersion(),
      emit,
      host,
      spoolDir: defaultSpoolDir(),
      settingsPath: path.join(app.getPath('userData'), 'text-settings.json'),
      captureWorkerPath: path.join(here, 'naudiodon-worker.js'),
      pickFiles: fileDialog(() => BrowserWindow.getFocusedWindow()),
      pickSavePath: saveDialog(() => BrowserWindow.getFocusedWindow()),
      libraryDir: libraryDir(),
      cacheDir: cacheDir(),
      // Push-to-talk: hotkeys, tray, indicator and insertion in main; capture and recognition in the host.
      dictation: desktopDictationWiring({
        journalPath: path.join(app.getPath('userData'), 'dictations.jsonl'),
        settingsPath: path.join(app.getPath('userData'), 'dictation-settings.json'),
        hostEvents: dictationEvents,
      }),
    }),
    isTrustedFrame,
  );
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});
app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
