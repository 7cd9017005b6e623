/**
 * Push-to-talk's Electron extras around the process's one dictation runtime (node/app/dictation-runtime.ts,
 * the same object the window's Start/Stop drives): the tray, the indicator window, start at login, sounds,
 * notifications and the `verba ctl` socket. Hotkeys and insertion come with the wiring; all logic lives
 * in tested common/node modules.
 *
 *   createServices({ ..., dictation: desktopDictationWiring({ journalPath, settingsPath, hostEvents }) });
 */
import { app, Menu, Notification, Tray, nativeImage, shell, systemPreferences } from 'electron';
import { VerbaError } from '../common/result.ts';
import { dotBitmap, trayLook } from '../common/dictation/tray-state.ts';
import type { DictationRuntime, DictationWiring } from '../node/app/dictation-runtime.ts';
import { serveControl } from '../node/dictation/control-socket.ts';
import { Hotkeys } from '../node/dictation/hotkeys.ts';
import { desktopInserter } from '../node/dictation/text-insertion.ts';
import { Indicator } from './indicator.ts';

/** The wiring main gives the services: global hotkeys, insertion into the focused app, and the tray. */
export function desktopDictationWiring(
  base: Pick<DictationWiring, 'journalPath' | 'settingsPath' | 'hostEvents'>,
): DictationWiring {
  return {
    ...base,
    startHotkeys: async (chord) => {
      checkAccessibility();
      return Hotkeys.start(chord);
    },
    inserter: desktopInserter(),
    ready: (runtime) =>
      void startDictation(runtime).then(
        (stop) => app.on('will-quit', () => void stop()),
        (error: unknown) => console.error(`verba: push-to-talk is unavailable: ${String(error)}`),
      ),
  };
}

/**
 * macOS lets an app see global keys and press the paste keys only with the Accessibility permission:
 * ask first (the system shows its prompt once), and say what to do instead of a hotkey that never fires.
 */
function checkAccessibility(): void {
  if (process.platform !== 'darwin' || systemPreferences.isTrustedAccessibilityClient(false)) return;
  systemPreferences.isTrustedAccessibilityClient(true);
  throw new VerbaError(
    'AccessibilityNeeded',
    'Verba needs the Accessibility permission for its hotkey and for pasting: turn Verba on in System Settings → Privacy & Security → Accessibility, then reopen Verba.',
  );
}

/** Reads the settings, starts the hotkey and adds the tray and indicator; returns the stop. */
export async function startDictation(runtime: DictationRuntime): Promise<() => Promise<void>> {
  const settings = { current: await runtime.settings.load() };
  app.setLoginItemSettings({ openAtLogin: settings.current.openAtLogin });
  runtime.on('settings', (next) => {
    if (next.openAtLogin !== settings.current.openAtLogin) app.setLoginItemSettings({ openAtLogin: next.openAtLogin });
    settings.current = next;
  });
  await runtime.ready();
  const server = await serveControl((command) => {
    if (command !== 'status') void runtime.command(command);
    return runtime.state?.phase ?? 'idle';
  }).catch(() => null); // another Verba (e.g. `verba dictate`) already serves verba ctl

  const indicator = new Indicator();
  const tray = new Tray(nativeImage.createEmpty());
  const refresh = async () => {
    const phase = runtime.state?.phase ?? 'idle';
    const look = trayLook(phase, runtime.state?.message ?? null);
    const { hotkeyProblem } = await runtime.status();
    tray.setImage(nativeImage.createFromBitmap(Buffer.from(dotBitmap(look.rgb, 32)), { width: 32, height: 32 }));
    tray.setToolTip(look.tooltip);
    tray.setContextMenu(
      Menu.buildFromTemplate([
        { label: look.action, click: () => void runtime.command('toggle') },
        { label: 'Cancel dictation', enabled: look.state === 'listening', click: () => void runtime.command('cancel') },
        { type: 'separator' },
        ...(hotkeyProblem ? [{ label: `Hotkey unavailable: ${hotkeyProblem}`, enabled: false }] : []),
        { label: 'Quit Verba', click: () => app.quit() },
      ]),
    );
    indicator.show(phase);
  };
  await refresh();
  runtime.on('state', () => void refresh());
  runtime.on('settings', () => void refresh());
  // Optional start/stop sounds: the system's own beep, so no audio files ship or play through the mic.
  let lastPhase = runtime.state?.phase ?? 'idle';
  runtime.on('state', (s) => {
    if (settings.current.sounds && s.phase !== lastPhase && (s.phase === 'listening' || s.phase === 'finishing'))
      shell.beep();
    lastPhase = s.phase;
  });
  runtime.on('partial', (p) => indicator.text(p.stable, p.unstable));
  runtime.on('level', (l) => indicator.level(l.rms));
  runtime.on('notify', (n) => {
    if (n.level !== 'info' && Notification.isSupported()) new Notification({ title: 'Verba', body: n.message }).show();
  });
  return async () => {
    await runtime.close();
    await server?.close();
    indicator.close();
    tray.destroy();
  };
}
