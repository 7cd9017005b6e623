/**
 * Settings → Models in real Chromium over the contract transport: a first run with an empty model
 * folder offers the default model while the demo stands in; a download from a local hub-shaped server
 * (slowed, so the bar is seen to move) can be cancelled, resumes and ends installed and in use; a
 * folder picked in the open dialog is imported, chosen and deleted.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_MODEL_ID } from '../electron/node/models/hub.ts';
import { startHubServer, type HubServer } from '../electron/node/testing/hub-server.ts';
import { AppPages } from './harness/app-pages.ts';
import { startTransport, type Transport } from './harness/transport-server.ts';

import type { PageGlobals } from './harness/page-globals.ts';

const FIXTURE = 'models/fixtures/sewd-test-public';

describe('Settings → Models in Chromium, over the real services', () => {
  let hub: HubServer;
  let transport: Transport;
  const pages = new AppPages(() => transport);
  let work = '';
  const previousEndpoint = process.env.HF_ENDPOINT;

  before(async () => {
    work = await mkdtemp(join(tmpdir(), 'verba-e2e-models-'));
    const files: Record<string, Buffer> = {};
    for (const f of ['config.json', 'vocab.json', 'model.safetensors']) files[f] = await readFile(join(FIXTURE, f));
    // The small test checkpoint, served as the catalog's default model by a hub on this machine.
    hub = await startHubServer({ id: DEFAULT_MODEL_ID, files });
    process.env.HF_ENDPOINT = hub.endpoint;
    transport = await startTransport({ rendererDir: 'renderer/dist' });
  });
  after(async () => {
    await pages.close();
    await transport.close();
    await hub.close();
    if (previousEndpoint === undefined) delete process.env.HF_ENDPOINT;
    else process.env.HF_ENDPOINT = previousEndpoint;
    await rm(work, { recursive: true, force: true });
  });

  async function openModels(t: import('node:test').TestContext): Promise<Page | null> {
    const page = await pages.open(t);
    if (page === null) return null;
    await page.keyboard.press('Control+4');
    await page.getByRole('region', { name: 'Models' }).waitFor();
    return page;
  }

  const row = (page: Page, id: string) => page.locator(`[data-testid="model"][data-model-id="${id}"]`);
  const focusedName = (page: Page) =>
    page.evaluate(() => (globalThis as unknown as PageGlobals).document.activeElement?.getAttribute('aria-label'));

  test('first run with an empty model folder: the demo is in use and the default model is offered', async (t) => {
    const page = await openModels(t);
    if (page === null) return;
    const offer = page.getByTestId('model-offer');
    await offer.waitFor();
    assert.match(
      (await offer.textContent()) ?? '',
      /The demo model is in use\..*synthetic \(text-to-speech\) voices only/s,
    );
    await offer.getByRole('button', { name: /^Download SEW-D tiny \(\d+(\.\d)? MB\)$/ }).waitFor();
    await row(page, 'verba/verba-demo-sewd').getByText('In use', { exact: true }).first().waitFor();
    assert.match((await row(page, DEFAULT_MODEL_ID).textContent()) ?? '', /24\.1 M parameters · WER 10\.47 % clean/);
    assert.match((await page.getByTestId('execution-provider').textContent()) ?? '', /Measure speed to see/);
  });

  test('a download shows its progress, can be cancelled, resumes and ends installed and in use', async (t) => {
    const page = await openModels(t);
    if (page === null) return;
    hub.slowChunk = 8192;
    hub.slowDelayMs = 40;
    // Keyboard first: the row's button is focused and pressed; the same button then offers Cancel.
    await page.getByRole('button', { name: 'Download SEW-D tiny', exact: true }).focus();
    await page.keyboard.press('Enter');
    const bar = page.getByRole('progressbar', { name: 'Downloading SEW-D tiny' });
    await bar.waitFor();
    const value = async () => Number(await bar.getAttribute('aria-valuenow', { timeout: 500 }));
    await page.waitForFunction(() => {
      const el = (
        globalThis as unknown as { document: { querySelector(s: string): { getAttribute(n: string): string } | null } }
      ).document.querySelector('[role="progressbar"]');
      return Number(el?.getAttribute('aria-valuenow') ?? 0) >= 10;
    });
    const first = await value();
    assert.equal(await focusedName(page), 'Cancel SEW-D tiny');
    assert.match(
      (await page.getByTestId('download-status').textContent()) ?? '',
      /kB of \d+ kB · [\d.]+ kB\/s · \d+ s left/,
    );
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Resume SEW-D tiny' }).waitFor();
    assert.equal(await bar.count(), 0);
    assert.match((await row(page, DEFAULT_MODEL_ID).textContent()) ?? '', /kB of [\d.]+ MB kept/);
    assert.ok(first >= 10 && first < 100, `progress ${first}`);

    hub.slowDelayMs = 20;
    await page.getByRole('button', { name: 'Resume SEW-D tiny' }).click();
    await bar.waitFor();
    const seen = new Set<number>();
    for (let i = 0; i < 200 && (await bar.count()) > 0; i++) {
      seen.add(await value().catch(() => -1));
      await page.waitForTimeout(50);
    }
    assert.ok(
      [...seen].some((v) => v > first),
      `the bar moved on from ${first}: ${[...seen].join(',')}`,
    );
    assert.ok(
      hub.requests.some((r) => r.range !== null),
      'the second download asked only for the missing bytes',
    );
    const tiny = row(page, DEFAULT_MODEL_ID);
    await tiny.getByText('In use', { exact: true }).first().waitFor();
    assert.match((await tiny.textContent()) ?? '', /on disk/);
    assert.equal(await page.getByTestId('model-offer').count(), 0);
    hub.slowChunk = null;
  });

  test('Processor: Measure speed shows what runs the model in use and how fast; a precision is saved', async (t) => {
    const page = await openModels(t);
    if (page === null) return;
    const processor = page.getByRole('group', { name: 'Processor' });
    const device = processor.getByLabel('Runs on');
    const precision = processor.getByLabel('Precision');
    assert.equal(await device.inputValue(), 'auto');
    assert.equal(await precision.inputValue(), 'auto');
    const result = page.getByTestId('execution-provider');
    const measured = /SEW-D tiny|sew-d-tiny|checkpoint/i;
    const line = /runs on (CPU|WebGPU) in (int8|fp16|fp32): 10 s of audio in \d+ ms, \d+× real time \(\d+ threads\)/;

    await processor.getByRole('button', { name: 'Measure speed' }).click();
    await page.waitForFunction(
      (re) =>
        new RegExp(re).test(
          (globalThis as unknown as PageGlobals).document.querySelector('[data-testid="execution-provider"]')
            ?.textContent ?? '',
        ),
      line.source,
      { timeout: 60_000 },
    );
    const text = (await result.textContent()) ?? '';
    const [, provider, variant] = line.exec(text.replace(/\s+/g, ' '))!;
    // Automatic precision follows the provider that really runs.
    assert.equal(variant, provider === 'CPU' ? 'int8' : 'fp16', text);
    assert.match(text, measured);
    const offered = await device
      .locator('option')
      .evaluateAll((o) => o.map((x) => (x as unknown as { value: string }).value));
    if (provider === 'CPU' && offered.includes('webgpu'))
      assert.match((await page.getByTestId('engine-fallback').textContent()) ?? '', /Not used: webgpu unavailable/);

    await precision.selectOption('fp32');
    await page.getByText('Measure speed to see what runs your model').waitFor();
    await processor.getByRole('button', { name: 'Measure speed' }).click();
    await page.waitForFunction(
      () =>
        / in fp32: 10 s of audio/.test(
          (globalThis as unknown as PageGlobals).document
            .querySelector('[data-testid="execution-provider"]')
            ?.textContent?.replace(/\s+/g, ' ') ?? '',
        ),
      undefined,
      { timeout: 60_000 },
    );

    // Saved: a new window shows the choice and the measurement main kept for it.
    const again = await openModels(t);
    if (again === null) return;
    assert.equal(await again.getByRole('group', { name: 'Processor' }).getByLabel('Precision').inputValue(), 'fp32');
    await again.getByText(/in fp32: 10 s of audio/).waitFor();
    // Another model in use: the speed shown was the other model's, so none is shown until measured.
    await again.getByRole('button', { name: /^Use this model Verba demo/ }).click();
    await again.getByText('Measure speed to see what runs your model').waitFor();
    await again.getByRole('button', { name: /^Use this model SEW-D tiny/ }).click();
    await again.getByText(/in fp32: 10 s of audio/).waitFor();
    await again.getByRole('group', { name: 'Processor' }).getByLabel('Precision').selectOption('auto');
    await again.getByText('Measure speed to see what runs your model').waitFor();
  });

  test('Import folder… copies a checkpoint folder in; it can be used and deleted', async (t) => {
    const page = await openModels(t);
    if (page === null) return;
    const folder = join(work, 'my-checkpoint');
    await cp(FIXTURE, folder, { recursive: true });
    transport.answerFileDialog([folder]);
    await page.getByRole('button', { name: 'Import folder…' }).click();
    const imported = row(page, 'imported/my-checkpoint');
    await imported.waitFor();
    assert.match((await imported.textContent()) ?? '', /my-checkpoint\s*Imported.*on disk/s);

    await imported.getByRole('button', { name: 'Use this model my-checkpoint' }).click();
    await imported.getByText('In use', { exact: true }).first().waitFor();
    assert.equal(await row(page, DEFAULT_MODEL_ID).getByText('In use', { exact: true }).count(), 0);

    await imported.getByRole('button', { name: 'Delete my-checkpoint' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete my-checkpoint?' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Keep' }).click();
    assert.equal(await imported.count(), 1);
    await imported.getByRole('button', { name: 'Delete my-checkpoint' }).click();
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await imported.waitFor({ state: 'detached' });
    // The chosen model is gone: the default (installed above) is in use again.
    await row(page, DEFAULT_MODEL_ID).getByText('In use', { exact: true }).first().waitFor();
  });

  test('a folder that is not a model says why, in one sentence', async (t) => {
    const page = await openModels(t);
    if (page === null) return;
    transport.answerFileDialog([work]);
    await page.getByRole('button', { name: 'Import folder…' }).click();
    const alert = page.getByRole('region', { name: 'Models' }).getByRole('alert');
    await alert.waitFor();
    assert.match(
      (await alert.textContent()) ?? '',
      /is neither a converted Verba model .* nor a Hugging Face checkpoint/,
    );
  });
});
