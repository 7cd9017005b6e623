/**
 * Pages of the renderer in one Chromium per test file, each with window.verba bridged to the transport:
 * the browser starts on the first page a test asks for (a test without Chromium is skipped, or fails
 * under CI=true) and is closed once.
 *
 *   const pages = new AppPages(() => transport);
 *   const page = await pages.open(t); if (page === null) return;
 *   after(() => pages.close());
 */
import type { TestContext } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { bridgeScript } from './bridge-script.ts';
import { CHROMIUM_CANDIDATES, launchChromium } from './browser.ts';
import { requireTool } from './system-tool.ts';
import type { Transport } from './transport-server.ts';

export class AppPages {
  readonly #transport: () => Transport;
  #browser: Browser | null = null;

  /** A getter: the transport usually starts in a `before` hook, after this is made. */
  constructor(transport: () => Transport) {
    this.#transport = transport;
  }

  async open(t: TestContext): Promise<Page | null> {
    const chromium = requireTool(t, 'Chromium', CHROMIUM_CANDIDATES, 'apt-get install chromium');
    if (chromium === null) return null;
    this.#browser ??= await launchChromium(chromium);
    const page = await this.#browser.newPage();
    await page.addInitScript(bridgeScript(this.#transport().token));
    await page.goto(this.#transport().url);
    return page;
  }

  async close(): Promise<void> {
    await this.#browser?.close();
    this.#browser = null;
  }
}
