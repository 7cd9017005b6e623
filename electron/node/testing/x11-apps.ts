/**
 * Real target apps for insertion tests on a private Xvfb display: an xterm whose shell writes the line
 * it reads to a file, and a headed Chromium page with a focused textarea.
 *
 *   const term = await openXterm(x, dir);  await term.focus();  …  await term.line();   // what was typed
 *   const page = await openTextarea(x);    await page.focus();  …  await page.value();
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { type Browser, type Page, chromium } from 'playwright-core';
import type { XDisplay } from './x11.ts';

const run = promisify(execFile);

export interface XApp {
  windowId: string;
  /** Gives the app the keyboard focus (no window manager on Xvfb: XSetInputFocus). */
  focus(): Promise<void>;
  close(): Promise<void>;
}

/** xterm's Ctrl+Shift+V pastes the clipboard as in every other terminal (xterm's own default is Shift+Insert from PRIMARY). */
export const XTERM_PASTE_TRANSLATION =
  'XTerm*VT100.translations: #override Ctrl Shift <Key>V: insert-selection(CLIPBOARD)';

async function waitFor<T>(what: string, probe: () => Promise<T | null>, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe().catch(() => null);
    if (value !== null) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

async function focusWindow(x: XDisplay, id: string): Promise<void> {
  await x.xdotool('windowfocus', '--sync', id);
}

let xterms = 0;

export async function openXterm(x: XDisplay, dir: string): Promise<XApp & { line(): Promise<string> }> {
  const n = (xterms += 1);
  const out = join(dir, `xterm-line-${n}.txt`);
  const title = `verba-xterm-${process.pid}-${n}`;
  const child: ChildProcess = spawn(
    'xterm',
    [
      '-xrm',
      XTERM_PASTE_TRANSLATION,
      '-title',
      title,
      '-e',
      'sh',
      '-c',
      `IFS= read -r line; printf %s "$line" > '${out}'; sleep 30`,
    ],
    { env: x.env, stdio: 'ignore' },
  );
  const windowId = await waitFor('the xterm window', async () => {
    const { stdout } = await run('xdotool', ['search', '--name', title], { env: x.env });
    return stdout.trim().split('\n')[0] || null;
  });
  return {
    windowId,
    focus: () => focusWindow(x, windowId),
    line: () => waitFor('the xterm to read a line', async () => (existsSync(out) ? readFile(out, 'utf8') : null)),
    close: async () => {
      child.kill();
    },
  };
}

export async function openTextarea(
  x: XDisplay,
  executablePath = '/usr/bin/chromium',
): Promise<XApp & { value(previous?: string): Promise<string>; page: Page }> {
  const browser: Browser = await chromium.launch({
    executablePath,
    headless: false,
    env: x.env as Record<string, string>,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-sync',
      '--disable-component-update',
      '--window-size=800,600',
    ],
  });
  const page = await browser.newPage();
  const title = `verba-textarea-${process.pid}`;
  await page.setContent(`<title>${title}</title><textarea id="t" aria-label="notes" rows="5" cols="60"></textarea>`);
  const windowId = await waitFor('the Chromium window', async () => {
    const { stdout } = await run('xdotool', ['search', '--name', title], { env: x.env });
    return stdout.trim().split('\n')[0] || null;
  });
  return {
    windowId,
    page,
    focus: async () => {
      await focusWindow(x, windowId);
      await page.focus('#t');
    },
    // Chromium inserts a paste after its clipboard read completes, asynchronously: wait for a change.
    value: async (previous?: string) => {
      const end = Date.now() + 3000;
      let value = await page.inputValue('#t');
      while (value === (previous ?? '') && Date.now() < end) {
        await sleep(50);
        value = await page.inputValue('#t');
      }
      return value;
    },
    close: () => browser.close(),
  };
}
