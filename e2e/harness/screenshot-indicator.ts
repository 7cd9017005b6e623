/**
 * The always-on-top dictation indicator as main shows it, rendered from its own page in Chromium:
 *   node e2e/harness/screenshot-indicator.ts docs   → docs/indicator-{listening,writing}.png
 */
import { join } from 'node:path';
import { INDICATOR_LABEL, INDICATOR_PAGE } from '../../electron/common/dictation/indicator-page.ts';
import { CHROMIUM_CANDIDATES, launchChromium } from './browser.ts';
import { findExecutable } from './system-tool.ts';

const outDir = process.argv[2] ?? 'docs';
const chromium = findExecutable(CHROMIUM_CANDIDATES);
if (chromium === null) throw new Error('Chromium is needed for screenshots (apt-get install chromium).');
const browser = await launchChromium(chromium);
try {
  const page = await browser.newPage({ viewport: { width: 420, height: 76 }, colorScheme: 'dark' });
  await page.goto(`data:text/html;charset=utf-8,${encodeURIComponent(INDICATOR_PAGE)}`);
  const set = (key: string, value: string | number) =>
    page.evaluate(({ k, v }) => (globalThis as unknown as { set(k: string, v: unknown): void }).set(k, v), {
      k: key,
      v: value,
    });
  await set('s', INDICATOR_LABEL.listening!);
  await set('level', 0.21);
  await set('t', 'Dear team, the demo moves to Thursday at 3 p.m.');
  await set('u', ' Please bring your');
  await page.screenshot({ path: join(outDir, 'indicator-listening.png') });
  await set('s', INDICATOR_LABEL.finishing!);
  await set('level', 0);
  await set('t', 'Dear team, the demo moves to Thursday at 3 p.m. Please bring your laptops.');
  await set('u', '');
  await page.screenshot({ path: join(outDir, 'indicator-writing.png') });
  console.log(`wrote ${outDir}/indicator-{listening,writing}.png`);
} finally {
  await browser.close();
}
