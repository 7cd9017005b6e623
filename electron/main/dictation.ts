/**
 * Push-to-talk in the app: the shared DictationController (node/dictation) driven by global hotkeys,
 * the tray menu and `verba ctl`, with the inference host's DictationSession doing capture, spool and
 * recognition. Main adds only what needs Electron: the tray, the indicator window, start at login and
 * notifications. All logic lives in tested common/node modules.
 *
 *   const dictation = await startDictation({ host, journalPath, settings });
 *   hostEvents.push(dictation.onHostEvent);    // partial / level / dictationState
 */
import { app, Menu, Notification, Tray, nativeImage, shell } from 'electron';
import { DICTATION_DEFAULTS } from '../common/defaults.ts';
import type { HostEventMessage } from '../common/host-contract.ts';
import type { InsertionMethod } from '../common/dictation/insertion-plan.ts';
import type { DictationMode } from '../common/dictation/push-to-talk.ts';
import { dotBitmap, trayLook } from '../common/dictation/tray-state.ts';
import { serveControl } from '../node/dictation/control-socket.ts';
import { DictationController } from '../node/dictation/controller.ts';
import { type HostCall, HostDictationBackend } from '../node/dictation/host-backend.ts';
import { Hotkeys } from '../node/dictation/hotkeys.ts';
import { DictationJournal } from '../node/dictation/journal.ts';
import { desktopInserter } from '../node/dictation/text-insertion.ts';
import { Indicator } from './indicator.ts';

export interface DictationSettings {
  hotkey: string;
  mode: DictationMode;
  insert: InsertionMethod;
  /** PortAudio device id; -1: the system default. Remembered; never silently replaced by another mic. */
  deviceId: number;
  openAtLogin: boolean;
  sounds: boolean;
}

export const DEFAULT_DICTATION_SETTINGS: DictationSettings = {
  hotkey: DICTATION_DEFAULTS.hotkey,
  mode: 'hold',
  insert: 'paste',
  deviceId: -1,
  openAtLogin: false,
  sounds: false,
};

export async function startDictation(options: {
  call: HostCall;
  journalPath: string;
  settings?: Partial<DictationSettings>;
}): Promise<{ onHostEvent: (m: HostEventMessage) => void; stop(): Promise<void> }> {
  const settings = { ...DEFAULT_DICTATION_SETTINGS, ...options.settings };
  app.setLoginItemSettings({ openAtLogin: settings.openAtLogin });
  const backend = new HostDictationBackend(options.call, { deviceId: settings.deviceId });
  const journal = await DictationJournal.open(options.journalPath);
  let hotkeys: Hotkeys | null = null;
  let hotkeyProblem: string | null = null;
  try {
    hotkeys = await Hotkeys.start(settings.hotkey);
  } catch (error) {
    // Native Wayland: no global key releases; `verba ctl` from a compositor binding still works.
    hotkeyProblem = error instanceof Error ? error.message : String(error);
  }
  const controller = new DictationController({
    backend,
    inserter: desktopInserter(),
    journal,
    hotkeys,
    insert: settings.insert,
    config: { mode: settings.mode },
  });
  const server = await serveControl((command) => {
    if (command !== 'status') controller.command(command);
    return controller.state.phase;
  }).catch(() => null); // another Verba (e.g. `verba dictate`) already serves verba ctl

  const indicator = new Indicator();
  const tray = new Tray(nativeImage.createEmpty());
  const refresh = () => {
    const look = trayLook(controller.state.phase, controller.state.message);
    tray.setImage(nativeImage.createFromBitmap(Buffer.from(dotBitmap(look.rgb, 32)), { width: 32, height: 32 }));
    tray.setToolTip(look.tooltip);
    tray.setContextMenu(
      Menu.buildFromTemplate([
        { label: look.action, click: () => controller.command('toggle') },
        { label: 'Cancel dictation', enabled: look.state === 'listening', click: () => controller.command('cancel') },
        { type: 'separator' },
        ...(hotkeyProblem ? [{ label: `Hotkey unavailable: ${hotkeyProblem}`, enabled: false }] : []),
        { label: 'Quit Verba', click: () => app.quit() },
      ]),
    );
    indicator.show(controller.state.phase);
  };
  refresh();
  controller.on('state', refresh);
  // Optional start/stop sounds: the system's own beep, so no audio files ship or play through the mic.
  let lastPhase = controller.state.phase;
  controller.on('state', (s) => {
    if (settings.sounds && s.phase !== lastPhase && (s.phase === 'listening' || s.phase === 'finishing')) shell.beep();
    lastPhase = s.phase;
  });
  controller.on('partial', (p) => indicator.text(p.stable, p.unstable));
  controller.on('level', (l) => indicator.level(l.rms));
  controller.on('notify', (n) => {
    if (n.level !== 'info' && Notification.isSupported()) new Notification({ title: 'Verba', body: n.message }).show();
  });
  return {
    onHostEvent: backend.onHostEvent,
    async stop() {
      await controller.shutdown();
      hotkeys?.stop();
      await server?.close();
      await journal.close();
      indicator.close();
      tray.destroy();
    },
  };
}
