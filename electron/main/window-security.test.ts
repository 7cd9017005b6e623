import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import { isPermissionAllowed, isSafeExternalUrl, isTrustedPageUrl, secureWebPreferences } from './window-security.ts';

test('windows are sandboxed and isolated, with no Node in pages, frames or workers', () => {
  const prefs = secureWebPreferences('/app/out/preload/index.cjs');
  assert.equal(prefs.sandbox, true);
  assert.equal(prefs.contextIsolation, true);
  assert.equal(prefs.nodeIntegration, false);
  assert.equal(prefs.nodeIntegrationInWorker, false);
  assert.equal(prefs.nodeIntegrationInSubFrames, false);
  assert.equal(prefs.webSecurity, true);
  assert.equal(prefs.webviewTag, false);
  assert.equal(prefs.preload, '/app/out/preload/index.cjs');
});

test('IPC is accepted only from the page Verba loaded', () => {
  const file = '/app/out/renderer/index.html';
  const page = { file };
  assert.equal(isTrustedPageUrl(pathToFileURL(file).href, page), true);
  assert.equal(isTrustedPageUrl(`${pathToFileURL(file).href}#/settings`, page), true);
  assert.equal(isTrustedPageUrl(pathToFileURL('/app/out/renderer/other.html').href, page), false);
  assert.equal(isTrustedPageUrl('https://example.com/', page), false);
  assert.equal(isTrustedPageUrl('', page), false);
  assert.equal(isTrustedPageUrl('about:blank', page), false);
  const dev = { file, devServerUrl: 'http://localhost:5173/' };
  assert.equal(isTrustedPageUrl('http://localhost:5173/index.html', dev), true);
  assert.equal(isTrustedPageUrl('http://localhost:5174/', dev), false);
});

test('only plain https links go to the system browser', () => {
  assert.equal(isSafeExternalUrl('https://github.com/asapp-research/sew'), true);
  for (const url of [
    'http://example.com',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'smb://host/share',
    'https://user:pw@example.com',
    'not a url',
  ]) {
    assert.equal(isSafeExternalUrl(url), false, url);
  }
});

test('the only permission a page gets is the microphone, and only Verba’s page', () => {
  const file = '/app/out/renderer/index.html';
  const ours = pathToFileURL(file).href;
  const trusted = (url: string) => isTrustedPageUrl(url, { file });
  assert.equal(isPermissionAllowed({ permission: 'media', url: ours, mediaTypes: ['audio'] }, trusted), true);
  const refused: Parameters<typeof isPermissionAllowed>[0][] = [
    { permission: 'media', url: ours, mediaTypes: ['video'] },
    { permission: 'media', url: ours, mediaTypes: ['audio', 'video'] },
    { permission: 'media', url: ours, mediaTypes: [] },
    { permission: 'media', url: ours },
    { permission: 'media', url: 'https://evil.example/', mediaTypes: ['audio'] },
    { permission: 'media', url: pathToFileURL('/tmp/evil.html').href, mediaTypes: ['audio'] },
    ...[
      'display-capture',
      'notifications',
      'geolocation',
      'clipboard-read',
      'clipboard-sanitized-write',
      'hid',
      'serial',
      'usb',
      'midiSysex',
      'pointerLock',
      'fullscreen',
      'openExternal',
      'fileSystem',
      'idle-detection',
    ].map((permission) => ({ permission, url: ours })),
  ];
  for (const ask of refused) assert.equal(isPermissionAllowed(ask, trusted), false, JSON.stringify(ask));
});
