/**
 * The always-on-top dictation indicator: a small frameless window that never takes the focus (the
 * text must go to the app the user is in), showing the state, a level bar and the partial text. Its
 * page is a fixed local document with no preload and no script of its own beyond the updater; main
 * pushes values into it.
 */
import { BrowserWindow, screen } from 'electron';
import type { DictationPhase } from '../common/dictation/push-to-talk.ts';

const PAGE = `<!doctype html><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<style>body{margin:0;font:13px system-ui;color:#fff;background:rgba(20,20,24,.86);border-radius:10px;padding:8px 12px;overflow:hidden}
#s{font-weight:600}#l{height:3px;background:#e33;width:0;margin:4px 0;transition:width 50ms}#u{opacity:.6}
@media (prefers-color-scheme: light){body{color:#111;background:rgba(250,250,252,.92)}}</style>
<div id="s" role="status"></div><div id="l"></div><div><span id="t"></span><span id="u"></span></div>
<script>window.set=(k,v)=>{if(k==='level')document.getElementById('l').style.width=Math.min(100,v*300)+'%';else document.getElementById(k).textContent=v;}</script>`;

const LABEL: Partial<Record<DictationPhase, string>> = {
  starting: 'Listening…',
  listening: 'Listening…',
  finishing: 'Writing it down…',
  inserting: 'Inserting…',
};

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
