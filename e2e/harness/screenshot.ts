/**
 * Screenshots for the README: the renderer in Chromium over the test transport, after the clicks a
 * person would make.   node e2e/harness/screenshot.ts docs/screenshot-main.png
 */
import { resolve } from 'node:path';
import { bridgeScript } from './bridge-script.ts';
import { CHROMIUM_CANDIDATES, launchChromium } from './browser.ts';
import { findExecutable } from './system-tool.ts';
import { startTransport } from './transport-server.ts';

const out = process.argv[2] ?? 'docs/screenshot-main.png';
const chromium = findExecutable(CHROMIUM_CANDIDATES);
if (chromium === null) throw new Error('Chromium is needed for screenshots (apt-get install chromium).');
const transport = await startTransport({
  rendererDir: 'renderer/dist',
  appVersion: '0.1.0',
  ...(process.env.VERBA_SPOOL_DIR ? { spoolDir: process.env.VERBA_SPOOL_DIR } : {}),
});
const browser = await launchChromium(chromium);
try {
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 }, deviceScaleFactor: 1 });
  await page.addInitScript(bridgeScript(transport.token));
  await page.goto(transport.url);
  await page.getByRole('button', { name: 'Check engine' }).click();
  await page.getByTestId('engine-info').waitFor();
  await page.getByRole('button', { name: 'Find microphones' }).click();
  await page.getByTestId('microphones').waitFor();
  await page.getByLabel('Recording', { exact: true }).fill(resolve('package.json'));
  await page
    .getByRole('region', { name: 'Transcribe a recording' })
    .getByRole('button', { name: 'Transcribe' })
    .click();
  await page.getByRole('alert').waitFor();
  await page
    .getByTestId('spoken')
    .fill('DEAR TEAM COMMA NEW LINE THE DEMO IS ON MAY FIFTH AT THREE THIRTY PM PERIOD SEE YOU THERE EXCLAMATION MARK');
  await page.getByRole('region', { name: 'Writing preview' }).getByLabel('Numbers as digits').check();
  await page.getByRole('button', { name: 'Format' }).click();
  await page.getByTestId('written').waitFor();
  const words = page.getByRole('region', { name: 'Your words' });
  await words.getByLabel('New word').fill('Kubernetes');
  await words.getByRole('button', { name: 'Add word' }).click();
  await words.getByLabel('When I say').fill('btw');
  await words.getByLabel('Write').fill('by the way');
  await words.getByRole('button', { name: 'Add', exact: true }).click();
  await words.getByRole('list', { name: 'Replacements' }).waitFor();
  await page.screenshot({ path: out, fullPage: true });
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
  await transport.close();
}
