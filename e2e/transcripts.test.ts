/**
 * The Transcripts workspace in Chromium over the contract transport, with a library seeded for real:
 * two recordings spoken by espeak-ng, transcribed by the demo model through window.verba.transcribeFile
 * and stored in the transport's library. What a person would check: both in the history, a search that
 * finds and marks a word, exports another program reads, a click on a word that seeks the player, and
 * an edit that is autosaved without moving the other words' timings.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mammoth from 'mammoth';
import { parseSync, type NodeCue } from 'subtitle';
import type { Browser, Page } from 'playwright-core';

/** The audio element as the page-side functions read it (this file is typed for Node, not the DOM). */
interface HTMLAudioElementLike {
  readyState: number;
  duration: number;
  currentTime: number;
  play(): Promise<void>;
}
import type { LibraryTranscript } from '../electron/common/contract/library.ts';
import type { Transcript } from '../electron/common/transcript.ts';
import { createLibraryService } from '../electron/node/app/library-service.ts';
import { TranscriptLibrary } from '../electron/node/storage/transcript-library.ts';
import { requireTools } from '../electron/node/testing/media.ts';
import { VOICES, synthesize } from '../electron/node/testing/synthetic-speech.ts';
import { bridgeScript } from './harness/bridge-script.ts';
import { CHROMIUM_CANDIDATES, launchChromium } from './harness/browser.ts';
import { requireTool } from './harness/system-tool.ts';
import { startOfflineTransport } from './harness/offline-transport.ts';
import type { Transport } from './harness/transport-server.ts';

type Reply<T> = { ok: true; value: T } | { ok: false; error: { name: string; message: string } };
/** Calls window.verba[name](...args) in the page. */
const call = async <T>(page: Page, name: string, ...args: unknown[]): Promise<T> => {
  const reply = (await page.evaluate(
    ([n, a]) => (globalThis as unknown as { verba: Record<string, (...x: unknown[]) => unknown> }).verba[n]!(...a),
    [name, args] as const,
  )) as Reply<T>;
  if (!reply.ok) throw new Error(`${name}: ${reply.error.message}`);
  return reply.value;
};

/** The demo model hears these in espeak-ng's voice (see transcribe-words.test.ts). */
const RECORDINGS = [
  { name: 'thanks', text: 'THANK YOU FOR YOUR HELP WITH THE MOVE' },
  { name: 'tomorrow', text: 'SEE YOU TOMORROW' },
];

describe('Transcripts: history, search, editor, player and export over a real library', () => {
  let transport: Transport;
  let browser: Browser | null = null;
  let page: Page | null = null;
  let dir = '';

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'verba-e2e-library-'));
    // Offline: the default hub model cannot be fetched, so the host uses the demo model.
    transport = await startOfflineTransport(join(dir, 'spool'));
  });
  after(async () => {
    await browser?.close();
    await transport.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function openSeeded(t: import('node:test').TestContext): Promise<Page | null> {
    if (page !== null) return page;
    const chromium = requireTool(t, 'Chromium', CHROMIUM_CANDIDATES, 'apt-get install chromium');
    if (chromium === null || !requireTools(t, 'espeak-ng', 'sox')) return null;
    browser = await launchChromium(chromium);
    page = await browser.newPage({ viewport: { width: 1120, height: 800 } });
    await page.addInitScript(bridgeScript(transport.token));
    await page.goto(transport.url);
    const transcripts: [string, Transcript][] = [];
    for (const r of RECORDINGS) {
      const wav = join(dir, `${r.name}.wav`);
      await synthesize(`${r.text} PERIOD`, VOICES[3]!, wav);
      // A Transcript, or { transcript, savedId } once Files stores what it transcribes.
      const done = await call<Transcript | { transcript: Transcript }>(page, 'transcribeFile', { path: wav });
      transcripts.push([wav, 'transcript' in done ? done.transcript : done]);
    }
    // Files may already store what it transcribes; otherwise store them as it would.
    const stored = await call<{ total: number }>(page, 'listTranscripts', {});
    if (stored.total < RECORDINGS.length) {
      const library = await TranscriptLibrary.open(transport.libraryDir);
      const service = createLibraryService(library);
      for (const [audioPath, transcript] of transcripts) await service.saveFile({ transcript, audioPath });
      library.close();
    }
    return page;
  }

  const historyItem = (p: Page, title: string) =>
    p.getByTestId('history').getByRole('button', { name: new RegExp(`^${title}\\b`) });

  test('both recordings are in the history, newest first; a search finds a word of one and marks it', async (t) => {
    const p = await openSeeded(t);
    if (p === null) return;
    await p.keyboard.press('Control+2');
    await historyItem(p, 'tomorrow').waitFor();
    await historyItem(p, 'thanks').waitFor();
    const titles = await p.getByTestId('history').locator('.title').allTextContents();
    assert.deepEqual(titles, ['tomorrow', 'thanks']);
    await p.getByRole('heading', { name: 'Today' }).waitFor();

    await p.getByRole('searchbox', { name: 'Search transcripts' }).fill('move');
    await p.getByTestId('history-count').getByText('1 transcript with “move”').waitFor();
    assert.equal(await historyItem(p, 'tomorrow').count(), 0);
    const marks = await historyItem(p, 'thanks').locator('mark').allTextContents();
    assert.deepEqual(
      marks.map((m) => m.toLowerCase()),
      ['move'],
    );
    await p.getByRole('searchbox', { name: 'Search transcripts' }).fill('');
    await historyItem(p, 'tomorrow').waitFor();
  });

  test('export to the path chosen in the save dialog: srt, vtt and docx read back by other programs', async (t) => {
    const p = await openSeeded(t);
    if (p === null) return;
    await p.keyboard.press('Control+2');
    await historyItem(p, 'thanks').click();
    await p.getByTestId('editor').waitFor();
    for (const format of ['srt', 'vtt', 'docx'] as const) {
      const path = join(dir, `out.${format}`);
      transport.answerSaveDialog(path);
      await p.getByRole('button', { name: 'Export…' }).click();
      await p
        .getByRole('group', { name: 'Export as' })
        .getByRole('button', { name: new RegExp(`\\.${format}$`) })
        .click();
      await p.getByTestId('toast').getByText(`Exported to ${path}.`).waitFor();
      if (format === 'docx') {
        const { value } = await mammoth.extractRawText({ buffer: await readFile(path) });
        assert.match(value, /thanks/);
        assert.match(value, /move/i);
      } else {
        const cues = parseSync(await readFile(path, 'utf8')).filter((n): n is NodeCue => n.type === 'cue');
        assert.ok(cues.length >= 1, format);
        assert.match(cues.map((c) => c.data.text).join(' '), /move/i);
        assert.ok(cues.every((c) => c.data.end > c.data.start));
      }
    }
    await p.getByRole('button', { name: '← Transcripts' }).click();
  });

  test('a click on a word seeks the player to that word; an edit is autosaved and keeps the other timings', async (t) => {
    const p = await openSeeded(t);
    if (p === null) return;
    await p.keyboard.press('Control+2');
    await historyItem(p, 'thanks').click();
    // The audio really arrives: the element learns the recording's length from the served bytes.
    await p.waitForFunction(() => {
      const audio = (
        globalThis as unknown as { document: { querySelector(s: string): HTMLAudioElementLike | null } }
      ).document.querySelector('audio');
      return audio !== null && audio.readyState >= 1 && Number.isFinite(audio.duration) && audio.duration > 1;
    });
    const words = p.getByTestId('transcript-words').getByRole('button');
    const third = words.nth(3);
    const start = Number(await third.getAttribute('data-start'));
    await third.click();
    await p.waitForFunction(
      (s) =>
        Math.abs(
          (
            globalThis as unknown as { document: { querySelector(s: string): HTMLAudioElementLike | null } }
          ).document.querySelector('audio')!.currentTime - s,
        ) < 0.01,
      start,
    );
    assert.ok(start > 0);

    const { items } = await call<{ items: { id: number; title: string }[] }>(p, 'listTranscripts', {});
    const id = items.find((i) => i.title === 'thanks')!.id;
    const before = await call<LibraryTranscript>(p, 'getTranscript', id);
    const oldWords = before.transcript.segments.flatMap((s) => s.words);
    // Keyboard: E on a word edits its paragraph; the last word becomes another one.
    await third.focus();
    await p.keyboard.press('e');
    const box = p.getByRole('textbox', { name: 'Edit paragraph 1' });
    const text = await box.inputValue();
    const edited = text.replace(/\S+$/, 'house.');
    await box.fill(edited);
    await p.keyboard.press('Enter');
    await p.getByTestId('save-status').getByText('All changes saved').waitFor();
    const afterSave = await call<LibraryTranscript>(p, 'getTranscript', id);
    const newWords = afterSave.transcript.segments.flatMap((s) => s.words);
    assert.equal(afterSave.transcript.text, edited);
    assert.equal(newWords.length, oldWords.length);
    for (let i = 0; i < oldWords.length - 1; i++)
      assert.deepEqual([newWords[i]!.start, newWords[i]!.end], [oldWords[i]!.start, oldWords[i]!.end], `word ${i}`);
    assert.equal(newWords.at(-1)!.word, 'house.');
    // Undo is an edit too: it is autosaved back.
    await p.getByRole('button', { name: 'Undo' }).click();
    await p.getByTestId('save-status').getByText('All changes saved').waitFor();
  });

  test('delete shows an Undo toast that brings the transcript back', async (t) => {
    const p = await openSeeded(t);
    if (p === null) return;
    await p.keyboard.press('Control+2');
    if (await p.getByTestId('editor').count()) await p.getByRole('button', { name: '← Transcripts' }).click();
    await historyItem(p, 'tomorrow').click();
    await p.getByRole('button', { name: 'Delete' }).click();
    await p.getByTestId('toast').getByText('Deleted “tomorrow”.').waitFor();
    await p.getByTestId('history-count').getByText('1 transcript').waitFor();
    await p.getByTestId('toast').getByRole('button', { name: 'Undo' }).click();
    await historyItem(p, 'tomorrow').waitFor();
    assert.equal((await call<{ total: number }>(p, 'listTranscripts', {})).total, 2);
  });
});
