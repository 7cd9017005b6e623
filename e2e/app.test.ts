/**
 * The renderer in real Chromium, with window.verba carried to the real Node services.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { invokes, events, PATH_FOR_FILE } from '../electron/common/ipc-contract.ts';
import { availableBackends, onnxRuntimeVersion } from '../electron/node/onnx/ort.ts';
import { naudiodonBackend } from '../electron/node/audio/naudiodon-backend.ts';
import { requireVirtualMic } from '../electron/node/testing/media.ts';
import { realServicesApp } from './harness/app-pages.ts';
import type { PageGlobals } from './harness/page-globals.ts';

describe('the renderer in Chromium, carried to the real services', () => {
  const app = realServicesApp();

  const openApp = (t: import('node:test').TestContext): Promise<Page | null> => app.pages.open(t);

  test('the four screens are reachable by keyboard: arrows in the tab list and Ctrl+1..4', async (t) => {
    const page = await openApp(t);
    if (page === null) return;
    const tabs = page.getByRole('tablist', { name: 'Screens' });
    const selected = async () => {
      const tab = tabs.getByRole('tab', { selected: true });
      const name = ((await tab.textContent()) ?? '').replace(/Ctrl\+\d/, '').trim();
      // The shown panel is the selected tab's, named by it, and the focus is on that tab.
      const panel = page.getByRole('tabpanel', { name });
      await panel.getByRole('heading', { level: 1, name }).waitFor();
      const focused = await page.evaluate(
        () => (globalThis as unknown as PageGlobals).document.activeElement?.getAttribute('role') ?? null,
      );
      return { name, focused };
    };
    assert.deepEqual(
      await tabs.getByRole('tab').evaluateAll((all) => all.map((tab) => tab.getAttribute('tabindex'))),
      ['0', '-1', '-1', '-1'],
      'one tab stop for the whole list',
    );
    await page.keyboard.press('Tab');
    assert.deepEqual(await selected(), { name: 'Dictate', focused: 'tab' });
    await page.keyboard.press('ArrowDown');
    assert.equal((await selected()).name, 'Transcripts');
    await page.getByTestId('transcripts-empty').waitFor();
    await page.keyboard.press('ArrowDown');
    assert.equal((await selected()).name, 'Files');
    await page.keyboard.press('ArrowDown');
    assert.equal((await selected()).name, 'Settings');
    await page.keyboard.press('ArrowDown');
    assert.equal((await selected()).name, 'Dictate', 'arrows wrap around');
    await page.keyboard.press('End');
    assert.equal((await selected()).name, 'Settings');
    await page.keyboard.press('Home');
    assert.equal((await selected()).name, 'Dictate');
    // From anywhere, even a text field: Ctrl+digit goes to that screen.
    for (const [key, name] of [
      ['4', 'Settings'],
      ['3', 'Files'],
      ['2', 'Transcripts'],
      ['1', 'Dictate'],
    ] as const) {
      if (name === 'Files') await page.getByLabel('New word').focus(); // still on Settings
      await page.keyboard.press(`Control+${key}`);
      assert.deepEqual(await selected(), { name, focused: 'tab' });
    }
  });

  test('every control on every screen has an accessible name', async (t) => {
    const page = await openApp(t);
    if (page === null) return;
    for (const key of ['1', '2', '3', '4']) {
      await page.keyboard.press(`Control+${key}`);
      await page.getByRole('tabpanel').getByRole('heading', { level: 1 }).waitFor();
      const tree = await page.locator('body').ariaSnapshot();
      const controls = tree.split('\n').filter((line) => /- (button|textbox|checkbox|tab|link|meter)\b/.test(line));
      assert.ok(controls.length >= 5, tree);
      // ARIA snapshots write a control's name in quotes after its role: a bare role is a nameless control.
      const nameless = controls.filter((line) => !/- \w+ "[^"]+"/.test(line));
      assert.deepEqual(nameless, [], `screen ${key}:\n${tree}`);
    }
  });

  test('Settings → About: Check engine shows what the Node service reports', async (t) => {
    const page = await openApp(t);
    if (page === null) return;
    await page.keyboard.press('Control+4');
    await page.getByRole('button', { name: 'Check engine' }).click();
    await page.getByTestId('engine-info').waitFor();
    assert.equal(await page.getByTestId('onnx-version').textContent(), onnxRuntimeVersion());
    const shown = await page.getByTestId('backend').allTextContents();
    assert.deepEqual(shown, availableBackends());
    assert.ok(shown.includes('cpu'));
  });

  test('the page has no Node or Electron: window.require and window.process are undefined', async (t) => {
    const page = await openApp(t);
    if (page === null) return;
    const globals = await page.evaluate(() => {
      const w = globalThis as unknown as Record<string, unknown>;
      return {
        require: typeof w.require,
        process: typeof w.process,
        module: typeof w.module,
        verba: Object.keys((w.verba ?? {}) as object).sort(),
      };
    });
    assert.equal(globals.require, 'undefined');
    assert.equal(globals.process, 'undefined');
    assert.equal(globals.module, 'undefined');
    // The contract's calls and events, and the one documented extra key.
    assert.deepEqual(globals.verba, [...Object.keys(invokes), ...Object.keys(events), PATH_FOR_FILE].sort());
  });

  test('payloads the schemas do not accept come back as one-sentence error values, and no service runs', async (t) => {
    const page = await openApp(t);
    if (page === null) return;
    const cases: [string, unknown[], RegExp][] = [
      ['formatText', [42], /\(formatText\): argument 1 must be an object\.$/],
      ['formatText', [{ text: 'HI', shout: true }], /"shout" in argument 1 is not something this call takes\.$/],
      ['formatText', [{ text: 'A'.repeat(1_000_001) }], /"text" in argument 1 must be text of at most 1,000,000/],
      ['formatText', [{ text: 'HI' }, 'extra'], /this call takes one argument, not 2\.$/],
      ['transcribeFile', [{ path: 'package.json' }], /"path" in argument 1 must be an absolute file path\.$/],
      ['transcribeFile', [{ path: '/a.wav', digits: 'yes' }], /"digits" in argument 1 must be true or false\.$/],
      ['discardUnsavedRecording', ['../../etc/passwd'], /argument 1 must be an absolute file path\.$/],
      ['saveTextSettings', [{ vocabulary: 'Kubernetes' }], /"vocabulary" in argument 1 must be a list\.$/],
      ['exportTranscript', [{ id: 1, format: 'exe' }], /"format" in argument 1 must be one of "txt", "md"/],
      ['pickFiles', [{ purpose: 'anything' }], /"purpose" in argument 1 must be one of/],
      ['getSystemInfo', [1], /this call takes no arguments, not 1\.$/],
    ];
    for (const [name, args, expected] of cases) {
      const result = (await page.evaluate(
        ([n, a]) => (globalThis as unknown as { verba: Record<string, (...x: unknown[]) => unknown> }).verba[n]!(...a),
        [name, args] as const,
      )) as { ok: boolean; error: { name: string; message: string } };
      assert.deepEqual(Object.keys(result).sort(), ['error', 'ok']);
      assert.equal(result.ok, false, name);
      assert.equal(result.error.name, 'InvalidPayload', name);
      assert.match(result.error.message, expected);
      assert.doesNotMatch(result.error.message, /\n/);
    }
    // The settings the refused save carried were not stored.
    const stored = (await page.evaluate(() =>
      (globalThis as unknown as { verba: { getTextSettings(): Promise<unknown> } }).verba.getTextSettings(),
    )) as { ok: true; value: { vocabulary: unknown } };
    assert.ok(Array.isArray(stored.value.vocabulary));
    // A channel that is not in the contract does not exist.
    const unknown = await fetch(new URL(`/ipc/${encodeURIComponent('verba:shell:exec')}`, app.transport.url), {
      method: 'POST',
      headers: { 'x-verba-token': app.transport.token },
      body: '[]',
    });
    assert.equal(unknown.status, 404);
  });

  test('features not built yet answer with one sentence, and the Transcripts screen explains what will appear', async (t) => {
    const page = await openApp(t);
    if (page === null) return;
    // The library is built: an empty one answers with an empty page, and the screen explains what will appear.
    const library = await page.evaluate(() => {
      const w = globalThis as unknown as { verba: { listTranscripts(q: object): Promise<unknown> } };
      return w.verba.listTranscripts({});
    });
    assert.deepEqual(library, { ok: true, value: { items: [], total: 0 } });
    await page.getByRole('tab', { name: /Transcripts/ }).click();
    const empty = page.getByTestId('transcripts-empty');
    await empty.getByRole('heading', { name: 'Your transcripts will live here' }).waitFor();
    await empty.getByRole('button', { name: 'Transcribe a recording' }).click();
    assert.equal(await page.getByRole('tab', { selected: true }).getAttribute('id'), 'tab-files');
    // Focus moved to where the user continues: the file chooser.
    assert.equal(
      await page.evaluate(() => (globalThis as unknown as PageGlobals).document.activeElement?.textContent?.trim()),
      'Choose files…',
    );
  });

  test('events reach the page through the contract', async (t) => {
    const page = await openApp(t);
    if (page === null) return;
    await page.evaluate(() => {
      const w = globalThis as unknown as {
        verba: { onDidProgress(l: (p: unknown) => void): () => void };
        seen: unknown[];
      };
      w.seen = [];
      w.verba.onDidProgress((p) => w.seen.push(p));
    });
    const payload = { task: 'convert', fraction: 0.5, message: 'halfway' };
    await assert.doesNotReject(async () => {
      for (let i = 0; i < 50; i++) {
        app.transport.emit('onDidProgress', payload);
        const seen = await page.evaluate(() => (globalThis as unknown as { seen: unknown[] }).seen);
        if (seen.length > 0) return assert.deepEqual(seen[0], payload);
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error('the event never arrived');
    });
  });

  test('Dictate shows the live text from dictation events: partials grow, the final text replaces them and joins the recent list', async (t) => {
    const page = await openApp(t);
    if (page === null) return;
    // The transport wires the real dictation service: the screen is ready to start.
    await page.getByRole('button', { name: 'Start dictation' }).waitFor();
    await page.waitForFunction(() => {
      const w = globalThis as unknown as { verba: object };
      return w.verba !== undefined;
    });
    // Events sent before the page's event stream is open are lost, so send the first until it shows.
    const state = page.getByTestId('dictation-state');
    for (let i = 0; i < 50 && (await state.textContent())?.trim() !== 'Listening'; i++) {
      app.transport.emit('onDidChangeDictationState', { sessionId: 'd1', state: 'listening' });
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal((await state.textContent())?.trim(), 'Listening');
    app.transport.emit('onDidChangeLevel', { sessionId: 'd1', level: 0.5 });
    await page.waitForFunction(
      () =>
        (globalThis as unknown as PageGlobals).document
          .querySelector('[data-testid="level-meter"]')
          ?.getAttribute('aria-valuenow') === '50',
    );
    app.transport.emit('onDidPartialText', { sessionId: 'd1', stable: '', unstable: 'Hello' });
    await page.getByTestId('live-unstable').getByText('Hello').waitFor();
    app.transport.emit('onDidPartialText', { sessionId: 'd1', stable: 'Hello world,', unstable: ' how a' });
    await page.getByTestId('live-unstable').getByText('how a').waitFor();
    assert.equal(await page.getByTestId('live-stable').textContent(), 'Hello world,');
    assert.equal(await page.getByTestId('live-text').textContent(), 'Hello world, how a');
    app.transport.emit('onDidChangeDictationState', { sessionId: 'd1', state: 'finishing' });
    app.transport.emit('onDidFinishDictation', {
      sessionId: 'd1',
      text: 'Hello world, how are you?',
      duration: 2.5,
      inserted: true,
    });
    await page.getByTestId('recent-dictation').getByText('Hello world, how are you?').waitFor();
    assert.equal(await page.getByTestId('live-text').inputValue(), 'Hello world, how are you?');
    // A late partial of the finished session changes nothing; a new session starts fresh.
    app.transport.emit('onDidPartialText', { sessionId: 'd1', stable: 'Hello world,', unstable: ' how a' });
    app.transport.emit('onDidChangeDictationState', { sessionId: 'd2', state: 'listening' });
    app.transport.emit('onDidPartialText', { sessionId: 'd2', stable: 'Second', unstable: '' });
    await page.getByTestId('live-stable').getByText('Second', { exact: true }).waitFor();
    app.transport.emit('onDidPartialText', { sessionId: 'd1', stable: 'Stale', unstable: '' });
    app.transport.emit('onDidFinishDictation', { sessionId: 'd2', text: 'Second one.', duration: 1, inserted: false });
    await page.getByTestId('recent-dictation').getByText('Second one.').waitFor();
    assert.deepEqual(await page.getByTestId('recent-dictation').allTextContents(), [
      'Second one.',
      'Hello world, how are you?',
    ]);
    assert.equal(await page.getByTestId('live-text').inputValue(), 'Second one.');
  });

  test('calls without the per-run token are refused', async () => {
    const response = await fetch(
      new URL(`/ipc/${encodeURIComponent(invokes.getSystemInfo.channel)}`, app.transport.url),
      {
        method: 'POST',
        body: '[]',
      },
    );
    assert.equal(response.status, 403);
  });

  test('Format turns recogniser letters into a written sentence with the stored text settings', async (t) => {
    const page = await openApp(t);
    if (page === null) return;
    await page.keyboard.press('Control+4');
    await page
      .getByTestId('spoken')
      .fill('HELLO WORLD PERIOD NEW LINE HOW ARE YOU QUESTION MARK I HAVE TWENTY FIVE APPLES');
    await page.getByRole('button', { name: 'Format' }).click();
    await page.getByTestId('written').getByText('twenty five').waitFor();
    // Turning digits on in the Text card stores it, and the preview (same store) formats again by itself.
    await page.getByRole('region', { name: 'Text' }).getByLabel('Numbers as digits').check();
    await page.getByTestId('written').getByText('25 apples').waitFor();
    assert.equal(await page.getByTestId('written').textContent(), 'Hello world.\nHow are you? I have 25 apples');
    await page.getByRole('region', { name: 'Text' }).getByLabel('Numbers as digits').uncheck();
    await page.getByTestId('written').getByText('twenty five').waitFor();
  });

  test('Find microphones lists what PortAudio sees through the virtual microphone', async (t) => {
    if (!(await requireVirtualMic(t))) return;
    const page = await openApp(t);
    if (page === null) return;
    const expected = (await naudiodonBackend().listInputDevices()).map((d) => d.name);
    assert.ok(
      expected.some((name) => name === 'pulse' || name === 'default'),
      `PortAudio inputs: ${expected.join(', ')}`,
    );
    await page.keyboard.press('Control+4');
    // Settings → Dictation lists the microphones too, so the shared list may be there already ("Look again").
    await page.getByRole('button', { name: /^(Find microphones|Look again)$/ }).click();
    await page.getByTestId('microphones').waitFor();
    assert.deepEqual(await page.getByTestId('microphone').allTextContents(), expected);
  });
});
