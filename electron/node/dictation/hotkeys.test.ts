import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { describe, it } from 'node:test';
import { startXvfb } from '../testing/x11.ts';

// libuiohook opens $DISPLAY as the addon loads and Xlib exits the process when that display goes away,
// so the hook runs in a child process on the test's own display, as `verba dictate` does.
const probe = `
const { Hotkeys, parseChord } = await import(${JSON.stringify(new URL('./hotkeys.ts', import.meta.url).href)});
const { UiohookKey } = await import('uiohook-napi');
const parse = (text) => { try { const c = parseChord(text, UiohookKey); return { label: c.label, key: c.key, modifiers: [...c.modifiers].sort() }; } catch (e) { return { error: e.message }; } };
process.stdout.write(JSON.stringify({ what: 'parsed', keys: { Space: UiohookKey.Space, CtrlRight: UiohookKey.CtrlRight },
  results: ['alt+ctrl+space', 'F9', 'super+f9', 'RightCtrl', 'Ctrl+Banana', 'Space+Ctrl+A', '', 'Ctrl+Esc'].map(parse) }) + '\\n');
const keys = await Hotkeys.start('Ctrl+Alt+Space');
const say = (what) => process.stdout.write(JSON.stringify({ what, modifiersDown: keys.modifiersDown }) + '\\n');
keys.on('press', () => say('press'));
keys.on('release', () => { say('release'); keys.modifiersReleased(5000).then((up) => say(up ? 'modifiers up' : 'timeout')); });
keys.on('escape', () => say('escape'));
say('ready');
process.stdin.on('end', () => { keys.stop(); process.exit(0); });
process.stdin.resume();
`;

describe('Hotkeys under Xvfb (xdotool → uiohook-napi)', () => {
  it('parses chords, sees the chord press and release, Esc, and waits for the modifiers to go up', async (t) => {
    const x = await startXvfb(t);
    if (!x) return;
    const child = spawn(process.execPath, ['--input-type=module', '--eval', probe], {
      env: x.env,
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    t.after(async () => {
      child.stdin.end();
      if (child.exitCode === null) await new Promise((r) => child.once('exit', r));
      await x.stop();
    });
    const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const next = async (): Promise<any> => JSON.parse(String((await lines.next()).value));

    // Chords: modifiers in any case and order, normalised; a lone modifier key is a hotkey; mistakes in one sentence.
    const parsed = await next();
    const [chord, f9, meta, right, banana, order, empty, esc] = parsed.results;
    assert.deepEqual(chord, { label: 'Ctrl+Alt+Space', key: parsed.keys.Space, modifiers: ['alt', 'ctrl'] });
    assert.equal(f9.label, 'F9');
    assert.equal(meta.label, 'Meta+F9');
    assert.equal(right.key, parsed.keys.CtrlRight);
    assert.match(banana.error, /names no key Verba knows \("Banana"\)/);
    assert.match(order.error, /where a modifier/);
    assert.match(empty.error, /is empty/);
    assert.match(esc.error, /cancels/);

    assert.equal((await next()).what, 'ready');
    await x.xdotool('key', 'space'); // Space without the modifiers is just typing
    await x.xdotool('keydown', 'ctrl+alt+space');
    assert.deepEqual(await next(), { what: 'press', modifiersDown: true });
    // The user lets go of the key first and the modifiers a moment later (the usual order).
    await x.xdotool('keyup', 'space');
    assert.deepEqual(await next(), { what: 'release', modifiersDown: true });
    await new Promise((r) => setTimeout(r, 150));
    await x.xdotool('keyup', 'ctrl+alt');
    assert.deepEqual(await next(), { what: 'modifiers up', modifiersDown: false });

    // Releasing a modifier of the chord first also releases the hotkey.
    await x.xdotool('keydown', 'ctrl+alt+space');
    assert.equal((await next()).what, 'press');
    await x.xdotool('keyup', 'ctrl');
    assert.deepEqual(await next(), { what: 'release', modifiersDown: true });
    await x.xdotool('keyup', 'alt+space');
    assert.equal((await next()).what, 'modifiers up');

    await x.xdotool('key', 'Escape');
    assert.equal((await next()).what, 'escape');
  });
});
