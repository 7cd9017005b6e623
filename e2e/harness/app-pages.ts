/**
 * Pages of the renderer in one Chromium per test file, each with window.verba bridged to the transport:
 * the browser starts on the first page a test asks for (a test without Chromium is skipped, or fails
 * under CI=true) and is closed once.
 *
 *   const pages = new AppPages(() => transport);
 *   const page = await pages.open(t); if (page === null) return;
 *   after(() => pages.close());
 *
 *   const app = realServicesApp();   // in a describe: the transport over the real services, its pages
 *   const page = await app.pages.open(t); app.transport.emit(…); app.spoolDir
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, type TestContext } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { bridgeScript } from './bridge-script.ts';
import { CHROMIUM_CANDIDATES, launchChromium } from './browser.ts';
import { requireTool } from './system-tool.ts';
import { startTransport, type Transport } from './transport-server.ts';

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

/**
 * Registers the current describe's before/after hooks: a transport over the real services (the built
 * renderer, a spool folder of its own) and Chromium pages on it. Read `transport` and `spoolDir` in
 * tests, after the hooks ran.
 */
export function realServicesApp(): {
  readonly pages: AppPages;
  readonly transport: Transport;
  readonly spoolDir: string;
} {
  let transport: Transport | null = null;
  let spoolDir = '';
  const pages = new AppPages(() => transport!);
  before(async () => {
    spoolDir = await mkdtemp(join(tmpdir(), 'verba-e2e-spool-'));
    transport = await startTransport({ rendererDir: 'renderer/dist', spoolDir });
  });
  after(async () => {
    await pages.close();
    await transport?.close();
  });
  return {
    pages,
    get transport() {
      return transport!;
    },
    get spoolDir() {
      return spoolDir;
    },
  };
}
