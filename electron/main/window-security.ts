/**
 * The security settings of Verba's windows, as plain functions (no Electron import) so they are unit
 * tested: Electron's security checklist — sandbox, context isolation, no Node in pages, IPC only from
 * pages Verba loaded, no navigation, and only https links handed to the system browser.
 */
import { fileURLToPath } from 'node:url';

export interface SecureWebPreferences {
  preload: string;
  sandbox: true;
  contextIsolation: true;
  nodeIntegration: false;
  nodeIntegrationInWorker: false;
  nodeIntegrationInSubFrames: false;
  webSecurity: true;
  allowRunningInsecureContent: false;
  webviewTag: false;
  spellcheck: false;
}

export function secureWebPreferences(preload: string): SecureWebPreferences {
  return {
    preload,
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    // Dictated text stays on this machine: Chromium's spellchecker would download dictionaries.
    spellcheck: false,
  };
}

/** Is `url` Verba's own renderer page (the dev server's origin, or the built index.html)? */
export function isTrustedPageUrl(url: string, page: { devServerUrl?: string | undefined; file: string }): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (page.devServerUrl !== undefined) return parsed.origin === new URL(page.devServerUrl).origin;
  return parsed.protocol === 'file:' && fileURLToPath(parsed) === page.file;
}

/** Links a page may open in the system browser: plain https only (no file:, javascript:, custom schemes). */
export function isSafeExternalUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' && parsed.username === '' && parsed.password === '';
  } catch {
    return false;
  }
}

/** What Electron's permission handlers pass that matters here (request details or check details). */
export interface PermissionAsk {
  permission: string;
  /** The page asking (requestingUrl of a request, requestingOrigin of a check). */
  url: string;
  /** For 'media': what it wants ('audio', 'video'); a check names one type, a request a list. */
  mediaTypes?: readonly string[];
}

/**
 * The one permission a page may have: the microphone (audio-only media), and only Verba's own page.
 * Camera, screen capture, notifications, geolocation, clipboard, HID/USB/serial… are all refused.
 */
export function isPermissionAllowed(ask: PermissionAsk, isTrustedUrl: (url: string) => boolean): boolean {
  if (ask.permission !== 'media' || !isTrustedUrl(ask.url)) return false;
  const types = ask.mediaTypes ?? [];
  return types.length > 0 && types.every((type) => type === 'audio');
}
