/**
 * Screenshot of Settings → Models mid-download for the README: the renderer in Chromium over the test
 * transport, the default model downloading (slowly) from a hub-shaped server on this machine.
 * Then Settings → Models → Processor after Measure speed with the model in use (the demo model).
 *   node e2e/harness/screenshot-models.ts docs   → docs/screen-models.png, docs/screenshot-processor.png
 *   (VERBA_THEME=dark: -dark)
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_MODEL_ID } from '../../electron/node/models/hub.ts';
import { startHubServer } from '../../electron/node/testing/hub-server.ts';
import { bridgeScript } from './bridge-script.ts';
import { CHROMIUM_CANDIDATES, launchChromium } from './browser.ts';
import { findExecutable } from './system-tool.ts';
import { startTransport } from './transport-server.ts';

const outDir = process.argv[2] ?? 'docs';
const theme = process.env.VERBA_THEME === 'dark' ? 'dark' : 'light';
const chromium = findExecutable(CHROMIUM_CANDIDATES);
if (chromium === null) throw new Error('Chromium is needed for screenshots (apt-get install chromium).');

const fixture = 'models/fixtures/sewd-test-public';
const files: Record<string, Buffer> = {};
for (const f of ['config.json', 'vocab.json', 'model.safetensors']) files[f] = await readFile(join(fixture, f));
const hub = await startHubServer({ id: DEFAULT_MODEL_ID, files });
hub.slowChunk = 2048;
hub.slowDelayMs = 40;
process.env.HF_ENDPOINT = hub.endpoint;
const transport = await startTransport({ rendererDir: 'renderer/dist', appVersion: '0.1.0' });
const browser = await launchChromium(chromium);
try {
  const page = await browser.newPage({ viewport: { width: 1120, height: 900 }, colorScheme: theme });
  await page.addInitScript(bridgeScript(transport.token));
  await page.goto(transport.url);
  await page.keyboard.press('Control+4');
  const panel = page.getByRole('region', { name: 'Models' });
  await panel.getByTestId('model-offer').waitFor();
  await panel.getByRole('button', { name: 'Download SEW-D tiny', exact: true }).click();
  // Wait until the speed is measured (the status line then carries the ETA), about a third of the way.
  await page.waitForFunction(() => {
    const d = (globalThis as unknown as { document: { querySelector(s: string): { textContent: string } | null } })
      .document;
    return / left$/.test(d.querySelector('[data-testid="download-status"]')?.textContent ?? '');
  });
  await page.waitForTimeout(1500);
  await panel.scrollIntoViewIfNeeded();
  await panel.screenshot({ path: join(outDir, `screen-models${theme === 'dark' ? '-dark' : ''}.png`) });
  await panel.getByRole('button', { name: 'Cancel SEW-D tiny' }).click();
  await panel.getByRole('button', { name: 'Resume SEW-D tiny' }).waitFor();
  const processor = panel.getByRole('group', { name: 'Processor' });
  await processor.getByRole('button', { name: 'Measure speed' }).click();
  await processor.getByText(/× real time/).waitFor({ timeout: 120_000 });
  await processor.scrollIntoViewIfNeeded();
  await processor.screenshot({ path: join(outDir, `screenshot-processor${theme === 'dark' ? '-dark' : ''}.png`) });
} finally {
  await browser.close();
  await transport.close();
  await hub.close();
}
