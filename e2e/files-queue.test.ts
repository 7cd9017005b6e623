/**
 * The Files queue in real Chromium over the contract transport, with the real services, inference host
 * and library: dropped recordings run one after another with a progress bar each, are saved to the
 * library, a file that is not audio fails with one sentence while the rest finish, and a long file is
 * cancelled mid-way without stopping the queue. No model is chosen and the hub is unreachable, so the
 * host uses the offline demo model (as transcribe-words.test.ts does).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { writeWavFile } from '../electron/node/audio/wav-file.ts';
import { TranscriptLibrary } from '../electron/node/storage/transcript-library.ts';
import { speechLike } from '../electron/node/testing/fixtures.ts';
import { requireTools } from '../electron/node/testing/media.ts';
import { VOICES, synthesize } from '../electron/node/testing/synthetic-speech.ts';
import { AppPages } from './harness/app-pages.ts';
import { startOfflineTransport } from './harness/offline-transport.ts';
import type { Transport } from './harness/transport-server.ts';
import type { PageGlobals } from './harness/page-globals.ts';

let transport: Transport;
const pages = new AppPages(() => transport);
let dir = '';

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'verba-e2e-queue-'));
  // Offline, as a fresh install: the demo model is the default.
  transport = await startOfflineTransport(join(dir, 'spool'));
});
after(async () => {
  await pages.close();
  await transport.close();
  await rm(dir, { recursive: true, force: true });
});

async function openFiles(t: import('node:test').TestContext): Promise<Page | null> {
  const page = await pages.open(t);
  if (page === null) return null;
  await page.keyboard.press('Control+3');
  return page;
}

/** Drops these files on the drop zone as a file manager would (a real drop event carrying File objects). */
async function drop(page: Page, paths: string[]) {
  transport.stageDroppedFiles(paths);
  const names = paths.map((p) => p.split('/').pop()!);
  const data = await page.evaluateHandle((list) => {
    const transfer = new (globalThis as unknown as PageGlobals).DataTransfer();
    for (const name of list) transfer.items.add(new File(['…'], name));
    return transfer;
  }, names);
  await page.getByTestId('drop-zone').dispatchEvent('drop', { dataTransfer: data });
}

const row = (page: Page, name: string) => page.getByTestId('file-job').filter({ hasText: name });
const bar = (page: Page, name: string) => page.getByRole('progressbar', { name: `Progress of ${name}` });
const focused = (page: Page) =>
  page.evaluate(() => (globalThis as unknown as PageGlobals).document.activeElement?.textContent?.trim() ?? null);

test('dropped recordings run in turn, each bar reaches 100 %, both are saved, and a non-audio file fails alone', async (t) => {
  if (!requireTools(t, 'espeak-ng', 'sox')) return;
  const page = await openFiles(t);
  if (page === null) return;
  const a = join(dir, 'thanks.wav');
  const b = join(dir, 'tomorrow.wav');
  const notes = join(dir, 'notes.txt');
  await synthesize('THANK YOU FOR YOUR HELP WITH THE MOVE PERIOD', VOICES[3]!, a);
  await synthesize('SEE YOU TOMORROW PERIOD', VOICES[3]!, b);
  await writeFile(notes, 'Agenda: budget, hiring, the move.\n');

  await drop(page, [a, notes, b]);
  await page.getByRole('status').getByText('3 files added.').waitFor();
  // Keyboard first: the focus is on the button that starts the queue.
  assert.equal(await focused(page), 'Transcribe 3 files');
  await page.keyboard.press('Enter');
  assert.equal(await focused(page), 'Cancel all', 'the focus follows to the running queue’s control');

  for (const name of ['thanks.wav', 'tomorrow.wav']) {
    await bar(page, name).and(page.locator('[aria-valuenow="100"]')).waitFor({ timeout: 120_000 });
    await row(page, name).getByText('Saved to Transcripts').waitFor();
    assert.match((await row(page, name).locator('.status').textContent()) ?? '', /^Done · \d+\.\d s of audio$/);
    assert.match((await row(page, name).getByTestId('job-timing').textContent()) ?? '', /^took /);
  }
  const failed = row(page, 'notes.txt');
  assert.equal(await failed.getAttribute('data-status'), 'failed');
  const why = (await failed.getByRole('alert').textContent()) ?? '';
  assert.match(why, /^notes\.txt is not an audio or video file Verba can read .*\.$/);
  assert.doesNotMatch(why, /\n|at .+:\d+/);
  // The queue is over: nothing left to cancel, and the first finished transcript is shown.
  await page.getByRole('button', { name: 'Cancel all', exact: true }).waitFor({ state: 'detached' });
  await page.getByTestId('transcript').waitFor();
  assert.match((await page.getByTestId('transcript').textContent()) ?? '', /thank you/i);
  await row(page, 'tomorrow.wav').getByRole('button', { name: 'Show transcript of tomorrow.wav' }).click();
  assert.match((await page.getByTestId('transcript').textContent()) ?? '', /see you/i);

  // What the Transcripts screen will list: both files, stored by the service with their paths.
  const library = await TranscriptLibrary.open(transport.libraryDir);
  try {
    const { items } = await library.list({ kind: 'file' });
    assert.equal(items.length, 2, JSON.stringify(items));
    const texts = await Promise.all(items.map(async (item) => (await library.get(item.id)).transcript.text));
    assert.ok(texts.some((x) => /thank you/i.test(x)) && texts.some((x) => /see you/i.test(x)), texts.join(' | '));
  } finally {
    library.close();
  }
});

test('a long file cancelled mid-way ends within a second and the next file still runs; Cancel all stops the rest', async (t) => {
  if (!requireTools(t, 'espeak-ng', 'sox')) return;
  const page = await openFiles(t);
  if (page === null) return;
  const long = join(dir, 'all-hands.wav');
  const next = join(dir, 'short.wav');
  await writeWavFile(long, { samples: speechLike(900, 11), sampleRate: 16_000 });
  await synthesize('SEE YOU TOMORROW PERIOD', VOICES[3]!, next);

  await drop(page, [long, next]);
  await page.keyboard.press('Enter');
  // The length comes from the WAV header: a real fraction, elapsed time and an ETA while it runs.
  await page.waitForFunction(
    () => {
      const doc = (
        globalThis as unknown as {
          document: { querySelector(s: string): { getAttribute(n: string): string | null } | null };
        }
      ).document;
      return Number(doc.querySelector('[role=progressbar]')?.getAttribute('aria-valuenow') ?? 0) >= 1;
    },
    undefined,
    { timeout: 120_000 },
  );
  assert.equal(await row(page, 'short.wav').locator('.status').textContent(), 'Waiting');
  await row(page, 'all-hands.wav')
    .getByText(/elapsed · about .+ left$/)
    .waitFor({ timeout: 30_000 });
  const valuetext = (await bar(page, 'all-hands.wav').getAttribute('aria-valuetext')) ?? '';
  assert.match(valuetext, /^\d+ %, about .+ left$/);
  assert.ok(Number(await bar(page, 'all-hands.wav').getAttribute('aria-valuenow')) < 100);

  const t0 = Date.now();
  await row(page, 'all-hands.wav').getByRole('button', { name: 'Cancel all-hands.wav' }).click();
  await page.locator('[data-testid=file-job][data-status=cancelled]').filter({ hasText: 'all-hands.wav' }).waitFor();
  const ms = Date.now() - t0;
  t.diagnostic(`cancel → row cancelled: ${ms} ms`);
  assert.ok(ms < 1500, `cancelling took ${ms} ms`);
  await bar(page, 'short.wav').and(page.locator('[aria-valuenow="100"]')).waitFor({ timeout: 120_000 });
  await row(page, 'short.wav').getByText('Saved to Transcripts').waitFor();

  // Cancel all: the running file and the one waiting behind it both end as cancelled.
  const copy = join(dir, 'all-hands-2.wav');
  await writeWavFile(copy, { samples: speechLike(900, 12), sampleRate: 16_000 });
  await row(page, 'all-hands.wav').getByRole('button', { name: 'Try again all-hands.wav' }).click();
  await drop(page, [copy]);
  await page.getByRole('button', { name: 'Transcribe 2 files' }).click();
  await row(page, 'all-hands.wav').and(page.locator('[data-status=running]')).waitFor();
  await page.getByRole('button', { name: 'Cancel all', exact: true }).click();
  await page.getByRole('button', { name: 'Cancel all', exact: true }).waitFor({ state: 'detached', timeout: 5000 });
  for (const name of ['all-hands.wav', 'all-hands-2.wav'])
    assert.equal(await row(page, name).getAttribute('data-status'), 'cancelled', name);
  const library = await TranscriptLibrary.open(transport.libraryDir);
  try {
    const { items } = await library.list({ kind: 'file' });
    assert.ok(!items.some((item) => /all-hands/.test(item.title)), 'a cancelled file was saved');
  } finally {
    library.close();
  }
});
