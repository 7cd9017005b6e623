import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { openTextarea, openXterm } from '../testing/x11-apps.ts';
import { startXvfb } from '../testing/x11.ts';
import { x11Inserter } from './text-insertion.ts';

const run = promisify(execFile);

describe('x11Inserter (real xterm and Chromium under Xvfb)', () => {
  it('pastes into an xterm with Ctrl+Shift+V and into a Chromium textarea with Ctrl+V, restoring the clipboard; a focus change keeps the text on the clipboard', async (t) => {
    const x = await startXvfb(t, 'xterm', 'xclip', 'xprop', 'chromium');
    if (!x) return;
    const dir = await mkdtemp(join(tmpdir(), 'verba-insert-'));
    const clipboard = async () => (await run('xclip', ['-o', '-selection', 'clipboard'], { env: x.env })).stdout;
    const setClipboard = async (text: string) => {
      const child = execFile('xclip', ['-i', '-selection', 'clipboard'], { env: x.env });
      child.stdin?.end(text);
      await new Promise((r) => child.once('exit', r));
    };
    const term = await openXterm(x, dir);
    const page = await openTextarea(x);
    t.after(async () => {
      await page.close();
      await term.close();
      await x.stop();
      await rm(dir, { recursive: true, force: true });
    });
    const inserter = x11Inserter({ env: x.env });

    await setClipboard('what was copied before');
    await term.focus();
    const xterm = await inserter.focusedTarget();
    assert.equal(xterm?.id, term.windowId);
    assert.deepEqual(xterm?.windowClass, ['xterm', 'XTerm']);
    assert.deepEqual(await inserter.insert('echo hello from Verba', xterm, 'paste'), { ok: true, method: 'paste' });
    await x.xdotool('key', 'Return');
    assert.equal(await term.line(), 'echo hello from Verba');
    assert.equal(await clipboard(), 'what was copied before', 'the clipboard is restored after the paste was read');

    await page.focus();
    const chromium = await inserter.focusedTarget();
    assert.equal(chromium?.id, page.windowId);
    assert.deepEqual(await inserter.insert('Dictated into Chromium.', chromium, 'paste'), {
      ok: true,
      method: 'paste',
    });
    assert.equal(await page.value(), 'Dictated into Chromium.');
    assert.equal(await clipboard(), 'what was copied before');

    assert.deepEqual(await inserter.insert(' Typed too.', chromium, 'type'), { ok: true, method: 'type' });
    assert.equal(await page.value('Dictated into Chromium.'), 'Dictated into Chromium. Typed too.');

    // The user moved to the terminal while dictating into the page: nothing is typed into the wrong window.
    await term.focus();
    const moved = await inserter.insert('Meant for the page.', chromium, 'paste');
    assert.equal(moved.ok, false);
    assert.ok(!moved.ok && moved.copied);
    assert.match(!moved.ok ? moved.message : '', /focus moved from Chromium to XTerm.*on the clipboard/);
    assert.equal(await clipboard(), 'Meant for the page.');
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(await page.page.inputValue('#t'), 'Dictated into Chromium. Typed too.');

    assert.deepEqual(await inserter.insert('Only copied.', chromium, 'copy'), { ok: true, method: 'copy' });
    assert.equal(await clipboard(), 'Only copied.');
  });
});
