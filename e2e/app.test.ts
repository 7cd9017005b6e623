/**
 * The renderer in real Chromium, with window.verba carried to the real Node services.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { invokes, events } from '../electron/common/ipc-contract.ts';
import { availableBackends, onnxRuntimeVersion } from '../electron/node/onnx/ort.ts';
import { naudiodonBackend } from '../electron/node/audio/naudiodon-backend.ts';
import { requireVirtualMic } from '../electron/node/testing/media.ts';
import { writeWavFile } from '../electron/node/audio/wav-file.ts';
import { convertCheckpoint } from '../electron/node/convert/convert.ts';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { loadAudioFile } from '../electron/node/audio/load-audio.ts';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { bridgeScript } from './harness/bridge-script.ts';
import { CHROMIUM_CANDIDATES, launchChromium } from './harness/browser.ts';
import { requireTool } from './harness/system-tool.ts';
import { startTransport, type Transport } from './harness/transport-server.ts';

describe('the renderer in Chromium, carried to the real services', () => {
  let transport: Transport;
  let browser: Browser | null = null;

  let spoolDir = '';
  before(async () => {
    spoolDir = await mkdtemp(join(tmpdir(), 'verba-e2e-spool-'));
    transport = await startTransport({ rendererDir: 'renderer/dist', spoolDir });
  });
  after(async () => {
    await browser?.close();
    await transport.close();
  });

  async function openApp(t: import('node:test').TestContext): Promise<Page | null> {
    const chromium = requireTool(t, 'Chromium', CHROMIUM_CANDIDATES, 'apt-get install chromium');
    if (chromium === null) return null;
    browser ??= await launchChromium(chromium);
    const page = await browser.newPage();
    await page.addInitScript(bridgeScript(transport.token));
    await page.goto(transport.url);
    return page;
  }

  test('Check engine shows what the Node service reports', async (t) => {
    const page = await openApp(t);
    if (page === null) return;
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
    assert.deepEqual(globals.verba, [...Object.keys(invokes), ...Object.keys(events)].sort());
  });

  test('a relative recording path is refused as an invalid payload', async (t) => {
    const page = await openApp(t);
    if (page === null) return;
    const result = (await page.evaluate(() =>
      (globalThis as unknown as { verba: { transcribeFile(x: unknown): Promise<unknown> } }).verba.transcribeFile({
        path: 'package.json',
      }),
    )) as { ok: boolean; error: { name: string } };
    assert.equal(result.ok, false);
    assert.equal(result.error.name, 'InvalidPayload');
  });

  test('an invalid payload comes back as an error value, not a crash', async (t) => {
    const page = await openApp(t);
    if (page === null) return;
    const result = await page.evaluate(() =>
      (globalThis as unknown as { verba: { formatText(x: unknown): Promise<unknown> } }).verba.formatText(42),
    );
    assert.deepEqual(Object.keys(result as object).sort(), ['error', 'ok']);
    assert.equal((result as { ok: boolean }).ok, false);
    assert.equal((result as { error: { name: string } }).error.name, 'InvalidPayload');
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
        transport.emit('onDidProgress', payload);
        const seen = await page.evaluate(() => (globalThis as unknown as { seen: unknown[] }).seen);
        if (seen.length > 0) return assert.deepEqual(seen[0], payload);
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error('the event never arrived');
    });
  });

  test('calls without the per-run token are refused', async () => {
    const response = await fetch(new URL(`/ipc/${encodeURIComponent(invokes.getSystemInfo.channel)}`, transport.url), {
      method: 'POST',
      body: '[]',
    });
    assert.equal(response.status, 403);
  });

  test('Format turns recogniser letters into a written sentence with the real text layer', async (t) => {
    const page = await openApp(t);
    if (page === null) return;
    await page
      .getByTestId('spoken')
      .fill('HELLO WORLD PERIOD NEW LINE HOW ARE YOU QUESTION MARK I HAVE TWENTY FIVE APPLES');
    await page.getByRole('region', { name: 'Writing preview' }).getByLabel('Numbers as digits').check();
    await page.getByRole('button', { name: 'Format' }).click();
    await page.getByTestId('written').waitFor();
    assert.equal(await page.getByTestId('written').textContent(), 'Hello world.\nHow are you? I have 25 apples');
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
    await page.getByRole('button', { name: 'Find microphones' }).click();
    await page.getByTestId('microphones').waitFor();
    assert.deepEqual(await page.getByTestId('microphone').allTextContents(), expected);
  });

  test('Transcribe runs a recording through the inference host and shows the written transcript', async (t) => {
    const page = await openApp(t);
    if (page === null) return;
    const dir = await mkdtemp(join(tmpdir(), 'verba-e2e-'));
    t.after(() => rm(dir, { recursive: true, force: true }));
    const fixture = 'models/fixtures/sewd-test-public';
    await convertCheckpoint(fixture, join(dir, 'model'));
    const audio = new Float32Array((await readFile(join(fixture, 'reference/case0_audio.f32'))).buffer.slice(0));
    await writeWavFile(join(dir, 'talk.wav'), { samples: audio, sampleRate: 16_000 }, 'float32');
    const manifest = JSON.parse(await readFile(join(fixture, 'reference/manifest.json'), 'utf8')) as {
      cases: { greedy_text: string }[];
    };
    const heard = manifest.cases[0]!.greedy_text;

    await page.getByLabel('Recording', { exact: true }).fill(join(dir, 'talk.wav'));
    await page.getByLabel('Model (folder or Hugging Face id, optional)').fill(join(dir, 'model'));
    await page
      .getByRole('region', { name: 'Transcribe a recording' })
      .getByRole('button', { name: 'Transcribe' })
      .click();
    await page.getByTestId('transcript').waitFor({ timeout: 60_000 });
    // One recognised "word", written in sentence case by the text layer.
    assert.equal(await page.getByTestId('transcript').textContent(), heard[0] + heard.slice(1).toLowerCase());
    assert.match(
      (await page.getByTestId('transcript-meta').textContent()) ?? '',
      /^6\.0 s · 1 segment · model on cpu$/,
    );
  });

  test('a recording that is not audio gets one clear sentence in the page', async (t) => {
    const page = await openApp(t);
    if (page === null) return;
    await page.getByLabel('Recording', { exact: true }).fill(resolve('package.json'));
    await page.getByLabel('Model (folder or Hugging Face id, optional)').fill('models/fixtures/sewd-test-public');
    await page
      .getByRole('region', { name: 'Transcribe a recording' })
      .getByRole('button', { name: 'Transcribe' })
      .click();
    const alert = page.getByRole('alert');
    await alert.waitFor({ timeout: 60_000 });
    const text = (await alert.textContent()) ?? '';
    assert.match(text, /package\.json/);
    assert.doesNotMatch(text, /\n|at .+:\d+/);
  });

  test('a recording left by a crash is offered at start-up, handed to Transcribe, and deleted only when asked', async (t) => {
    // A recorder that dies mid-recording (no close): its spool is all that is left.
    const script = `import { SpoolWriter } from ${JSON.stringify(resolve('electron/node/audio/spool.ts'))};
      const spool = await SpoolWriter.create(${JSON.stringify(spoolDir)});
      spool.append(new Float32Array(32000).map((_, i) => Math.sin(i / 9) * 0.3));
      process.exit(0);`;
    execFileSync(process.execPath, ['--input-type=module', '-e', script]);
    const [spool] = await readdir(spoolDir);
    assert.ok(spool !== undefined, 'the crashed recorder left no spool');
    const page = await openApp(t);
    if (page === null) return;
    page.on('dialog', (dialog) => void dialog.accept());
    const banner = page.getByRole('region', { name: 'Unsaved recordings' });
    await banner.waitFor();
    assert.match((await banner.getByTestId('unsaved-recording').textContent()) ?? '', /2\.0 s/);
    await banner.getByRole('button', { name: 'Transcribe' }).click();
    assert.equal(await page.getByLabel('Recording', { exact: true }).inputValue(), join(spoolDir, spool));
    // The kept audio is a valid WAV again (its header fixed), with every sample.
    assert.equal((await loadAudioFile(join(spoolDir, spool))).samples.length, 32000);
    await banner.getByRole('button', { name: 'Discard' }).click();
    await banner.waitFor({ state: 'detached' });
    assert.deepEqual(await readdir(spoolDir), []);
  });

  test('discard refuses any file that is not an unsaved recording', async (t) => {
    const page = await openApp(t);
    if (page === null) return;
    const target = resolve('package.json');
    const result = (await page.evaluate(
      (p) =>
        (
          globalThis as unknown as { verba: { discardUnsavedRecording(x: string): Promise<unknown> } }
        ).verba.discardUnsavedRecording(p),
      target,
    )) as { ok: boolean; error: { name: string } };
    assert.equal(result.ok, false);
    assert.equal(result.error.name, 'NotAnUnsavedRecording');
    assert.ok((await readFile(target, 'utf8')).length > 0);
  });

  test('your words: added in the page, imported and exported as a file, and used when formatting', async (t) => {
    const page = await openApp(t);
    if (page === null) return;
    const words = page.getByRole('region', { name: 'Your words' });
    const preview = page.getByRole('region', { name: 'Writing preview' });
    type Doc = { document: { querySelector(selector: string): { textContent: string | null } | null } };
    const shown = () =>
      page.evaluate(
        () => (globalThis as unknown as Doc).document.querySelector('[data-testid="written"]')?.textContent ?? null,
      );
    const format = async (spoken: string) => {
      const before = await shown();
      await preview.getByTestId('spoken').fill(spoken);
      await preview.getByRole('button', { name: 'Format' }).click();
      // Each call writes something new, so wait for the text to change rather than read a stale one.
      await page.waitForFunction(
        (prev) =>
          (globalThis as unknown as Doc).document.querySelector('[data-testid="written"]')?.textContent !== prev,
        before,
      );
      return shown();
    };
    await words.getByLabel('New word').fill('Kubernetes');
    await words.getByRole('button', { name: 'Add word' }).click();
    await words.getByRole('list', { name: 'Vocabulary' }).getByText('Kubernetes').waitFor();
    assert.equal(await format('WE DEPLOY TO KUBERNETES'), 'We deploy to Kubernetes');

    await words.locator('input[type=file]').setInputFiles({
      name: 'mine.tsv',
      mimeType: 'text/plain',
      buffer: Buffer.from('# my words\nreplace\tbtw\tby the way\n'),
    });
    await words.getByRole('list', { name: 'Replacements' }).getByText('“btw” → “by the way”').waitFor();
    assert.equal(await format('BTW WE DEPLOY TO KUBERNETES'), 'By the way we deploy to Kubernetes');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      words.getByRole('button', { name: 'Export' }).click(),
    ]);
    const exported = await readFile((await download.path())!, 'utf8');
    assert.match(exported, /^word\tKubernetes$/m);
    assert.match(exported, /^replace\tbtw\tby the way$/m);

    await words.locator('input[type=file]').setInputFiles({
      name: 'bad.tsv',
      mimeType: 'text/plain',
      buffer: Buffer.from('word\tfine\nfrobnicate\tthis\n'),
    });
    const alert = words.getByRole('alert');
    await alert.waitFor();
    assert.match((await alert.textContent()) ?? '', /^Line 2 of the imported words file .+\.$/);
    // Nothing of the bad file was taken, and nothing already stored was lost.
    assert.equal(await words.getByRole('list', { name: 'Vocabulary' }).getByText('fine').count(), 0);
    assert.equal(await words.getByRole('list', { name: 'Vocabulary' }).getByText('Kubernetes').count(), 1);
  });
});
