/**
 * A screenshot of the Files queue mid-run for the README: the renderer in Chromium over the test
 * transport, with the real services and inference host (the offline demo model). One recording is
 * done and saved, a long one is about 40 % through with its ETA, and one waits.
 *   node e2e/harness/screenshot-queue.ts docs     → docs/screen-queue.png (VERBA_THEME=dark: -dark)
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeWavFile } from '../../electron/node/audio/wav-file.ts';
import { speechLike } from '../../electron/node/testing/fixtures.ts';
import { VOICES, synthesize } from '../../electron/node/testing/synthetic-speech.ts';
import { bridgeScript } from './bridge-script.ts';
import { CHROMIUM_CANDIDATES, launchChromium } from './browser.ts';
import { findExecutable } from './system-tool.ts';
import { startTransport } from './transport-server.ts';

const outDir = process.argv[2] ?? 'docs';
const theme = process.env.VERBA_THEME === 'dark' ? 'dark' : 'light';
const suffix = theme === 'dark' ? '-dark' : '';
const chromium = findExecutable(CHROMIUM_CANDIDATES);
if (chromium === null) throw new Error('Chromium is needed for screenshots (apt-get install chromium).');

// Offline, as on a laptop on a train: the host falls back to the demo model.
const closed = createServer();
await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
process.env.HF_ENDPOINT = `http://127.0.0.1:${(closed.address() as { port: number }).port}`;
await new Promise<void>((r) => closed.close(() => r()));

const work = await mkdtemp(join(tmpdir(), 'verba-shot-queue-'));
const files = {
  done: join(work, 'Standup 2024-05-06.wav'),
  running: join(work, 'All-hands Q2.wav'),
  waiting: join(work, 'Interview — Priya.wav'),
};
await synthesize('THANK YOU FOR YOUR HELP WITH THE MOVE PERIOD', VOICES[3]!, files.done);
await writeWavFile(files.running, { samples: speechLike(1500, 5), sampleRate: 16_000 });
await writeWavFile(files.waiting, { samples: speechLike(600, 6), sampleRate: 16_000 });

const transport = await startTransport({ rendererDir: 'renderer/dist', appVersion: '0.1.0' });
const browser = await launchChromium(chromium);
try {
  const page = await browser.newPage({ viewport: { width: 1120, height: 760 }, colorScheme: theme });
  await page.addInitScript(bridgeScript(transport.token));
  await page.goto(transport.url);
  await page.keyboard.press('Control+3');
  transport.answerFileDialog(Object.values(files));
  await page.getByRole('button', { name: 'Choose files…' }).click();
  await page.getByRole('button', { name: 'Transcribe 3 files' }).click();
  const bar = page.getByRole('progressbar', { name: `Progress of All-hands Q2.wav` });
  await page.waitForFunction(
    () => {
      const doc = (
        globalThis as unknown as {
          document: { querySelectorAll(s: string): ArrayLike<{ getAttribute(n: string): string | null }> };
        }
      ).document;
      const bars = doc.querySelectorAll('[role=progressbar]');
      return bars.length === 2 && Number(bars[1]!.getAttribute('aria-valuenow') ?? 0) >= 38;
    },
    undefined,
    { timeout: 300_000, polling: 50 },
  );
  await page.getByText(/about .+ left$/).waitFor();
  await page.mouse.move(0, 0);
  await page.screenshot({ path: join(outDir, `screen-queue${suffix}.png`) });
  console.log(`wrote ${outDir}/screen-queue${suffix}.png at ${await bar.getAttribute('aria-valuetext')}`);
  await page.getByRole('button', { name: 'Cancel all', exact: true }).click();
  await page.getByRole('button', { name: 'Cancel all', exact: true }).waitFor({ state: 'detached' });
} finally {
  await browser.close();
  await transport.close();
  await rm(work, { recursive: true, force: true });
}
