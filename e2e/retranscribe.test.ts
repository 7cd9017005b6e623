/**
 * Transcribe again, in Chromium over the contract transport with the real inference host: a recording
 * spoken by espeak-ng is transcribed by the demo model and stored; a corrected word is saved; then the
 * editor transcribes the stored audio again with beam search and the demo model's 3-gram LM. What a
 * person would check: the text is the model's again (the correction replaced), the editor says which
 * model and decoder made it, and the library recorded them. A transcript whose audio has gone says so.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { LibraryTranscript } from '../electron/common/contract/library.ts';
import type { Transcript } from '../electron/common/transcript.ts';
import { withWords, editWords, transcriptWords } from '../electron/common/transcript-edit.ts';
import { createLibraryService } from '../electron/node/app/library-service.ts';
import { TranscriptLibrary } from '../electron/node/storage/transcript-library.ts';
import { requireTools } from '../electron/node/testing/media.ts';
import { makeTranscript } from '../electron/node/testing/transcripts.ts';
import { VOICES, synthesize } from '../electron/node/testing/synthetic-speech.ts';
import { bridgeScript } from './harness/bridge-script.ts';
import { CHROMIUM_CANDIDATES, launchChromium } from './harness/browser.ts';
import { requireTool } from './harness/system-tool.ts';
import { startOfflineTransport } from './harness/offline-transport.ts';
import type { Transport } from './harness/transport-server.ts';

type Reply<T> = { ok: true; value: T } | { ok: false; error: { name: string; message: string } };
const call = async <T>(page: Page, name: string, ...args: unknown[]): Promise<T> => {
  const reply = (await page.evaluate(
    ([n, a]) => (globalThis as unknown as { verba: Record<string, (...x: unknown[]) => unknown> }).verba[n]!(...a),
    [name, args] as const,
  )) as Reply<T>;
  if (!reply.ok) throw new Error(`${name}: ${reply.error.message}`);
  return reply.value;
};

describe('Transcribe again: another decoder on the stored audio, through the editor', () => {
  let transport: Transport;
  let browser: Browser | null = null;
  let dir = '';

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'verba-e2e-again-'));
    // Offline: the default hub model cannot be fetched, so the host uses the demo model.
    transport = await startOfflineTransport(join(dir, 'spool'));
  });
  after(async () => {
    await browser?.close();
    await transport.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function openPage(t: import('node:test').TestContext): Promise<Page | null> {
    const chromium = requireTool(t, 'Chromium', CHROMIUM_CANDIDATES, 'apt-get install chromium');
    if (chromium === null || !requireTools(t, 'espeak-ng', 'sox')) return null;
    browser ??= await launchChromium(chromium);
    const page = await browser.newPage({ viewport: { width: 1120, height: 800 } });
    await page.addInitScript(bridgeScript(transport.token));
    await page.goto(transport.url);
    return page;
  }

  const historyItem = (p: Page, title: string) =>
    p.getByTestId('history').getByRole('button', { name: new RegExp(`^${title}\\b`) });

  test('beam search with the model’s LM replaces the stored text and records its decoder', async (t) => {
    const p = await openPage(t);
    if (p === null) return;
    const wav = join(dir, 'thanks.wav');
    await synthesize('THANK YOU FOR YOUR HELP WITH THE MOVE PERIOD', VOICES[3]!, wav);
    const done = await call<Transcript | { transcript: Transcript }>(p, 'transcribeFile', { path: wav });
    const heard = 'transcript' in done ? done.transcript : done;
    // Files may already store what it transcribes; otherwise store it as it would.
    if ((await call<{ total: number }>(p, 'listTranscripts', {})).total === 0) {
      const library = await TranscriptLibrary.open(transport.libraryDir);
      await createLibraryService(library).saveFile({ transcript: heard, audioPath: wav });
      library.close();
    }
    const { items } = await call<{ items: { id: number }[] }>(p, 'listTranscripts', {});
    const id = items[0]!.id;
    // A correction the new run will replace: the last word becomes "house.".
    const words = transcriptWords(heard);
    const text = words.map((w) => w.word).join(' ');
    const corrected = withWords(heard, editWords(words, text.replace(/\S+$/, 'house.')));
    await call(p, 'updateTranscript', { id, transcript: corrected });
    const before = await call<LibraryTranscript>(p, 'getTranscript', id);
    assert.match(before.transcript.text, /house\.$/);
    assert.deepEqual(before.decoder, { decoder: 'greedy' });

    await p.keyboard.press('Control+2');
    await historyItem(p, 'thanks').click();
    await p
      .getByTestId('made-by')
      .getByText(/greedy decoding/)
      .waitFor();
    await p.getByRole('button', { name: 'Transcribe again…' }).click();
    const panel = p.getByRole('group', { name: 'Transcribe again' });
    const model = panel.getByRole('combobox', { name: 'Model' });
    await model.locator('option').first().waitFor({ state: 'attached' });
    assert.match(await model.inputValue(), /verba-demo-sewd/);
    await panel.getByRole('combobox', { name: 'Decoder' }).selectOption('beam');
    await panel.getByText('Beam search with language model').waitFor({ state: 'attached' });
    await panel.getByRole('button', { name: 'Transcribe again' }).click();
    await p
      .getByTestId('toast')
      .getByText(/^Transcribed again with .*beam search/)
      .waitFor({ timeout: 60_000 });
    await p
      .getByTestId('made-by')
      .getByText(/beam search \(width \d+\) with demo-3gram\.arpa/)
      .waitFor();

    const after = await call<LibraryTranscript>(p, 'getTranscript', id);
    assert.equal(after.decoder.decoder, 'beam');
    assert.equal(after.decoder.lm, 'demo-3gram.arpa', 'the LM by its name; the page sees no path');
    assert.doesNotMatch(after.transcript.text, /house/, 'the correction was replaced by what the model heard');
    assert.match(after.transcript.text, /move/i);
    assert.ok(after.updatedAt >= before.updatedAt);
    const shown = await p.getByTestId('transcript-words').getByRole('button').allTextContents();
    assert.equal(
      shown.join(' '),
      transcriptWords(after.transcript)
        .map((w) => w.word)
        .join(' '),
    );
    assert.ok(
      transcriptWords(after.transcript).every((w) => w.end >= w.start && w.start >= 0),
      'timed words',
    );
    await p.close();
  });

  test('a transcript whose audio has gone says so in one sentence', async (t) => {
    const p = await openPage(t);
    if (p === null) return;
    const library = await TranscriptLibrary.open(transport.libraryDir);
    await createLibraryService(library).saveFile({
      transcript: makeTranscript(['Nothing to hear here.']),
      audioPath: join(dir, 'gone.wav'),
    });
    library.close();
    await p.keyboard.press('Control+2');
    await historyItem(p, 'gone').click();
    await p.getByRole('button', { name: 'Transcribe again…' }).click();
    await p
      .getByRole('group', { name: 'Transcribe again' })
      .getByText('The audio of this transcript was not kept, so it cannot be transcribed again.')
      .waitFor();
    await p.close();
  });
});
