/**
 * The always-on-top dictation indicator: a small frameless window that never takes the focus (the
 * text must go to the app the user is in), showing the state, a level bar and the partial text. Its
 * page is a fixed local document with no preload and no script of its own beyond the updater; main
 * pushes values into it.
 */
import { BrowserWindow, screen } from 'electron';
import type { DictationPhase } from '../common/dictation/push-to-talk.ts';
import { INDICATOR_LABEL as LABEL, INDICATOR_PAGE as PAGE } from '../common/dictation/indicator-page.ts';

export class Indicator {
  #window: BrowserWindow | null = null;

  #ensure(): BrowserWindow {
    if (this.#window && !this.#window.isDestroyed()) return this.#window;
    const { workArea } = screen.getPrimaryDisplay();
    const w = new BrowserWindow({
      width: 420,
      height: 76,
      x: Math.round(workArea.x + (workArea.width - 420) / 2),
      y: workArea.y + workArea.height - 110,
      frame: false,
      transparent: true,
      resizable: false,
      movable: false,
      focusable: false,
      skipTaskbar: true,
      alwaysOnTop: true,
      show: false,
      webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false },
    });
    w.setAlwaysOnTop(true, 'screen-saver');
    w.setIgnoreMouseEvents(true);
    void w.loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(PAGE)}`);
    this.#window = w;
    return w;
  }

  #set(key: string, value: string | number): void {
    const w = this.#window;
    if (w && !w.isDestroyed())
      void w.webContents
        .executeJavaScript(`set(${JSON.stringify(key)},${JSON.stringify(value)})`)
        .catch(() => undefined);
  }

  show(phase: DictationPhase): void {
    const label = LABEL[phase];
    if (label === undefined) {
      this.#window?.hide();
      return;
    }
    const w = this.#ensure();
    if (phase === 'starting') {
      this.#set('t', '');
      this.#set('u', '');
    }
    this.#set('s', label);
    if (!w.isVisible()) w.showInactive(); // never steals the focus from the target app
  }

  text(stable: string, unstable: string): void {
    this.#set('t', stable);
    this.#set('u', unstable);
  }

  level(rms: number): void {
    this.#set('level', rms);
  }

  close(): void {
    if (this.#window && !this.#window.isDestroyed()) this.#window.destroy();
    this.#window = null;
  }
}
