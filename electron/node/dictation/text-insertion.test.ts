import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { openXterm } from '../testing/x11-apps.ts';
import { startXvfb } from '../testing/x11.ts';
import { x11Inserter } from './text-insertion.ts';

const run = promisify(execFile);

// Chromium (Ctrl+V, two content requests per paste) is covered by the `verba dictate` end-to-end test.
describe('x11Inserter (real xterms under Xvfb)', () => {
  it('pastes with the terminal chord and restores the clipboard; types; copies; a focus change keeps the text on the clipboard', async (t) => {
    const x = await startXvfb(t, 'xterm', 'xclip', 'xprop');
    if (!x) return;
    const dir = await mkdtemp(join(tmpdir(), 'verba-insert-'));
    const clipboard = async () => (await run('xclip', ['-o', '-selection', 'clipboard'], { env: x.env })).stdout;
    const copy = execFile('xclip', ['-i', '-selection', 'clipboard'], { env: x.env });
    copy.stdin!.end('what was copied before');
    await once(copy, 'exit');
    const [one, two] = await Promise.all([openXterm(x, dir), openXterm(x, dir)]);
    t.after(async () => {
      await one.close();
      await two.close();
      await x.stop();
      await rm(dir, { recursive: true, force: true });
    });
    const inserter = x11Inserter({ env: x.env });

    await one.focus();
    const first = await inserter.focusedTarget();
    assert.equal(first?.id, one.windowId);
    assert.deepEqual(first?.windowClass, ['xterm', 'XTerm']);
    assert.deepEqual(await inserter.insert('echo hello from Verba', first, 'paste'), { ok: true, method: 'paste' });
    assert.deepEqual(await inserter.insert(' and typed', first, 'type'), { ok: true, method: 'type' });
    await x.xdotool('key', 'Return');
    assert.equal(await one.line(), 'echo hello from Verba and typed');
    assert.equal(await clipboard(), 'what was copied before', 'the clipboard is restored once the paste was read');

    // The user moved to the other terminal while dictating: nothing goes into the wrong window.
    await two.focus();
    const moved = await inserter.insert('Meant for the first.', first, 'paste');
    assert.equal(moved.ok, false);
    assert.ok(!moved.ok && moved.copied);
    assert.match(
      !moved.ok ? moved.message : '',
      /focus moved from XTerm to XTerm while you dictated; the text is on the clipboard/,
    );
    assert.equal(await clipboard(), 'Meant for the first.');

    assert.deepEqual(await inserter.insert('Only copied.', first, 'copy'), { ok: true, method: 'copy' });
    assert.equal(await clipboard(), 'Only copied.');
    await x.xdotool('key', 'Return');
    assert.equal(await two.line(), '', 'the second terminal got nothing');
  });
});
