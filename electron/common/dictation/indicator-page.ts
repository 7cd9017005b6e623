/**
 * The dictation indicator's page (a fixed local document: no preload, no script beyond its updater;
 * main pushes values with set(key, value)) and what it says in each phase. Pure data, so the page can be
 * rendered and looked at in Chromium (e2e/harness/screenshot-indicator.ts) without Electron.
 */
import type { DictationPhase } from './push-to-talk.ts';

export const INDICATOR_PAGE = `<!doctype html><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<style>body{margin:0;font:13px system-ui;color:#fff;background:rgba(20,20,24,.86);border-radius:10px;padding:8px 12px;overflow:hidden}
#s{font-weight:600}#l{height:3px;background:#e33;width:0;margin:4px 0;transition:width 50ms}#u{opacity:.6}
@media (prefers-color-scheme: light){body{color:#111;background:rgba(250,250,252,.92)}}</style>
<div id="s" role="status"></div><div id="l"></div><div><span id="t"></span><span id="u"></span></div>
<script>window.set=(k,v)=>{if(k==='level')document.getElementById('l').style.width=Math.min(100,v*300)+'%';else document.getElementById(k).textContent=v;}</script>`;

export const INDICATOR_LABEL: Partial<Record<DictationPhase, string>> = {
  starting: 'Listening…',
  listening: 'Listening…',
  finishing: 'Writing it down…',
  inserting: 'Inserting…',
};
