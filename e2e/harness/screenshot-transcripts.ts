/**
 * Screenshots of the Transcripts workspace for the README: a library seeded with recordings spoken by
 * espeak-ng and transcribed by the demo model, shown in Chromium over the test transport.
 *   node e2e/harness/screenshot-transcripts.ts docs
 * Writes docs/screen-history-search.png (history with a search) and docs/screen-editor.png (the editor
 * during playback, the current word lit). Light theme; VERBA_THEME=dark for dark.
 */
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';

/** The audio element as the page-side functions read it (this file is typed for Node, not the DOM). */
interface HTMLAudioElementLike {
  readyState: number;
  duration: number;
  currentTime: number;
  play(): Promise<void>;
}
import type { Transcript } from '../../electron/common/transcript.ts';
import type { TranscriptKind } from '../../electron/common/library.ts';
import { TranscriptLibrary } from '../../electron/node/storage/transcript-library.ts';
import { VOICES, concatenateWithPauses, synthesize } from '../../electron/node/testing/synthetic-speech.ts';
import { bridgeScript } from './bridge-script.ts';
import { CHROMIUM_CANDIDATES, launchChromium } from './browser.ts';
import { findExecutable } from './system-tool.ts';
import { startTransport } from './transport-server.ts';

const outDir = process.argv[2] ?? 'docs';
const theme = process.env.VERBA_THEME === 'dark' ? 'dark' : 'light';
const suffix = theme === 'dark' ? '-dark' : '';
const HOUR = 3_600_000;
/** Title, kind, hours ago, and what is said (sentences, with a long pause between them: paragraphs). */
const SEED: [string, TranscriptKind, number, string[]][] = [
  ['Team standup', 'file', 1, ['THANK YOU FOR YOUR HELP WITH THE MOVE', 'SEE YOU TOMORROW']],
  ['Note to self', 'dictation', 3, ['PLEASE CALL THE OFFICE TOMORROW MORNING']],
  ['Moving day plan', 'file', 26, ['THE MOVE STARTS AT NINE', 'BRING THE BOXES']],
  ['Reminder', 'dictation', 30, ['SEE YOU AT THE STATION']],
];

const chromium = findExecutable(CHROMIUM_CANDIDATES);
if (chromium === null) throw new Error('Chromium is needed for screenshots (apt-get install chromium).');
// Offline: the host transcribes with the demo model.
const closed = createServer();
await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
process.env.HF_ENDPOINT = `http://127.0.0.1:${(closed.address() as { port: number }).port}`;
await new Promise<void>((r) => closed.close(() => r()));
const work = await mkdtemp(join(tmpdir(), 'verba-shots-library-'));
const transport = await startTransport({ rendererDir: 'renderer/dist', appVersion: '0.1.0' });
const browser = await launchChromium(chromium);

async function call<T>(page: Page, name: string, ...args: unknown[]): Promise<T> {
  const reply = (await page.evaluate(
    ([n, a]) => (globalThis as unknown as { verba: Record<string, (...x: unknown[]) => unknown> }).verba[n]!(...a),
    [name, args] as const,
  )) as { ok: true; value: T } | { ok: false; error: { message: string } };
  if (!reply.ok) throw new Error(`${name}: ${reply.error.message}`);
  return reply.value;
}

try {
  const page = await browser.newPage({ viewport: { width: 1120, height: 760 }, colorScheme: theme });
  await page.addInitScript(bridgeScript(transport.token));
  await page.goto(transport.url);

  const library = await TranscriptLibrary.open(transport.libraryDir);
  // Oldest first, as they would have been made (ids follow time; search orders by them).
  for (const [i, [title, kind, hoursAgo, sentences]] of [...SEED].sort((a, b) => b[2] - a[2]).entries()) {
    const parts = await Promise.all(
      sentences.map(async (s, k) => {
        const part = join(work, `${i}-${k}.wav`);
        await synthesize(`${s} PERIOD`, VOICES[3]!, part);
        return part;
      }),
    );
    const wav = join(work, `${i}.wav`);
    await concatenateWithPauses(parts, [2.5], wav);
    // A Transcript, or { transcript, savedId } once Files stores what it transcribes.
    const done = await call<Transcript | { transcript: Transcript }>(page, 'transcribeFile', { path: wav });
    const transcript = 'transcript' in done ? done.transcript : done;
    const spool = join(work, `spool-${i}.wav`);
    if (kind === 'dictation') await copyFile(wav, spool);
    await library.add({
      transcript,
      kind,
      title,
      createdAt: Date.now() - hoursAgo * HOUR,
      ...(kind === 'dictation' ? { spoolPath: spool } : { audioPath: wav }),
    });
  }
  library.close();
  // Files may have stored its own copies; the history should show the seeded ones only.
  const { items } = await call<{ items: { id: number; title: string }[] }>(page, 'listTranscripts', {});
  const seeded = new Set(SEED.map(([title]) => title));
  for (const item of items) if (!seeded.has(item.title)) await call(page, 'deleteTranscript', item.id);

  await page.keyboard.press('Control+2');
  await page.getByRole('searchbox', { name: 'Search transcripts' }).fill('you');
  await page.getByTestId('history-count').getByText('with “you”').waitFor();
  await page.mouse.move(0, 0);
  await page.waitForTimeout(200);
  await page.screenshot({ path: join(outDir, `screen-history-search${suffix}.png`) });

  await page.getByRole('searchbox', { name: 'Search transcripts' }).fill('');
  await page.getByTestId('history-count').getByText('4 transcripts').waitFor();
  await page
    .getByTestId('history')
    .getByRole('button', { name: /^Team standup/ })
    .click();
  await page.waitForFunction(() => {
    const audio = (
      globalThis as unknown as { document: { querySelector(s: string): HTMLAudioElementLike | null } }
    ).document.querySelector('audio');
    return audio !== null && audio.readyState >= 1;
  });
  await page.getByTestId('transcript-words').getByRole('button').nth(2).click();
  await page.evaluate(() =>
    (globalThis as unknown as { document: { querySelector(s: string): HTMLAudioElementLike | null } }).document
      .querySelector('audio')!
      .play(),
  );
  await page.waitForTimeout(900);
  await page.mouse.move(0, 0);
  await page.screenshot({ path: join(outDir, `screen-editor${suffix}.png`) });
  console.log(`wrote ${outDir}/screen-{history-search,editor}${suffix}.png`);
} finally {
  await browser.close();
  await transport.close();
  await rm(work, { recursive: true, force: true });
}
