/**
 * Files, recordings left by a crash, and the user's words: the renderer in real Chromium, with
 * window.verba carried to the real Node services (app.test.ts has the window's shell).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { writeWavFile } from '../electron/node/audio/wav-file.ts';
import { convertCheckpoint } from '../electron/node/convert/convert.ts';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { loadAudioFile } from '../electron/node/audio/load-audio.ts';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { realServicesApp } from './harness/app-pages.ts';
import type { PageGlobals } from './harness/page-globals.ts';

describe('Files, recovered recordings and your words: the renderer in Chromium on the real services', () => {
  const app = realServicesApp();

  const openApp = (t: import('node:test').TestContext): Promise<Page | null> => app.pages.open(t);

  /** Settings → Models: the folder chosen in the open dialog is imported and used by Files. */
  async function useModel(page: Page, folder: string) {
    await page.keyboard.press('Control+4');
    app.transport.answerFileDialog([folder]);
    const models = page.getByRole('region', { name: 'Models' });
    await models.getByRole('button', { name: 'Import folder…' }).click();
    await models.getByRole('button', { name: `Use this model ${basename(folder)}` }).click();
    await models
      .getByTestId('model')
      .filter({ hasText: basename(folder) })
      .getByText('In use')
      .waitFor();
  }

  test('Files: a recording chosen in the open dialog runs through the inference host and shows the written transcript', async (t) => {
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

    await useModel(page, join(dir, 'model'));
    await page.keyboard.press('Control+3');
    app.transport.answerFileDialog([join(dir, 'talk.wav')]);
    await page.getByRole('button', { name: 'Choose files…' }).click();
    await page.getByTestId('file-job').getByText('talk.wav').waitFor();
    // The new file is ready and the focus is on the button that starts it.
    assert.equal(
      await page.evaluate(() => (globalThis as unknown as PageGlobals).document.activeElement?.textContent?.trim()),
      'Transcribe',
    );
    await page.keyboard.press('Enter');
    await page.getByTestId('transcript').waitFor({ timeout: 60_000 });
    // One recognised "word", written in sentence case by the text layer.
    assert.equal(await page.getByTestId('transcript').textContent(), heard[0] + heard.slice(1).toLowerCase());
    assert.match(
      (await page.getByTestId('transcript-meta').textContent()) ?? '',
      /^6\.0 s · 1 segment · model on cpu$/,
    );
  });

  test('Files: dropped files are taken by their paths; one that is not audio says why and the next still runs', async (t) => {
    const page = await openApp(t);
    if (page === null) return;
    const dir = await mkdtemp(join(tmpdir(), 'verba-e2e-drop-'));
    t.after(() => rm(dir, { recursive: true, force: true }));
    await convertCheckpoint('models/fixtures/sewd-test-public', join(dir, 'drop-model'));
    await writeWavFile(join(dir, 'memo.wav'), { samples: new Float32Array(16000), sampleRate: 16_000 }, 'float32');
    await useModel(page, join(dir, 'drop-model'));
    await page.keyboard.press('Control+3');
    app.transport.stageDroppedFiles([resolve('package.json'), join(dir, 'memo.wav')]);
    // A real drop event on the drop zone, carrying File objects as the file manager would.
    const data = await page.evaluateHandle(() => {
      const transfer = new (globalThis as unknown as PageGlobals).DataTransfer();
      transfer.items.add(new File(['{}'], 'package.json', { type: 'application/json' }));
      transfer.items.add(new File(['RIFF'], 'memo.wav', { type: 'audio/wav' }));
      transfer.items.add(new File(['?'], 'from-a-browser.wav', { type: 'audio/wav' }));
      return transfer;
    });
    await page.getByTestId('drop-zone').dispatchEvent('drop', { dataTransfer: data });
    await page.getByRole('status').getByText('Verba could not find from-a-browser.wav on disk').waitFor();
    assert.deepEqual(await page.getByTestId('file-job').locator('.name').allTextContents(), [
      'package.json',
      'memo.wav',
    ]);
    await page.getByRole('button', { name: 'Transcribe 2 files' }).click();
    const alert = page.getByTestId('file-job').first().getByRole('alert');
    await alert.waitFor({ timeout: 60_000 });
    const text = (await alert.textContent()) ?? '';
    assert.match(text, /package\.json/);
    assert.doesNotMatch(text, /\n|at .+:\d+/);
    await page.getByTestId('file-job').nth(1).getByText(/^Done/).waitFor({ timeout: 60_000 });
  });

  test('a recording left by a crash is offered at start-up, handed to Files, and deleted only when confirmed', async (t) => {
    // A recorder that dies mid-recording (no close): its spool is all that is left.
    const script = `import { SpoolWriter } from ${JSON.stringify(resolve('electron/node/audio/spool.ts'))};
      const spool = await SpoolWriter.create(${JSON.stringify(app.spoolDir)});
      spool.append(new Float32Array(32000).map((_, i) => Math.sin(i / 9) * 0.3));
      process.exit(0);`;
    execFileSync(process.execPath, ['--input-type=module', '-e', script]);
    const [spool] = await readdir(app.spoolDir);
    assert.ok(spool !== undefined, 'the crashed recorder left no spool');
    const page = await openApp(t);
    if (page === null) return;
    const banner = page.getByRole('region', { name: 'Unsaved recordings' });
    await banner.waitFor();
    assert.match((await banner.getByTestId('unsaved-recording').textContent()) ?? '', /2\.0 s/);
    await banner.getByRole('button', { name: 'Transcribe' }).click();
    // Handed to Files, listed by name, with the focus on the button that starts it.
    assert.equal(await page.getByRole('tab', { selected: true }).getAttribute('id'), 'tab-files');
    await page.getByTestId('file-job').getByText(spool).waitFor();
    assert.equal(
      await page.evaluate(() => (globalThis as unknown as PageGlobals).document.activeElement?.textContent?.trim()),
      'Transcribe',
    );
    // The kept audio is a valid WAV again (its header fixed), with every sample.
    assert.equal((await loadAudioFile(join(app.spoolDir, spool))).samples.length, 32000);
    // Discard asks first; keeping it changes nothing, confirming deletes it.
    await banner.getByRole('button', { name: 'Discard' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete this recording?' });
    await dialog.getByRole('button', { name: 'Keep' }).click();
    await dialog.waitFor({ state: 'hidden' });
    assert.equal((await readdir(app.spoolDir)).length, 1);
    await banner.getByRole('button', { name: 'Discard' }).click();
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await banner.waitFor({ state: 'detached' });
    assert.deepEqual(await readdir(app.spoolDir), []);
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
    await page.keyboard.press('Control+4');
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
