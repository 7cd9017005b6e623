/**
 * A real dictation through the window: Chromium over the contract transport, the page's Start and Stop,
 * a sentence spoken into the virtual microphone, the inference host's live session with the offline demo
 * model (no model named, the hub unreachable). The page shows partial text before the final text, the
 * dictation lands in the transcript library with its recording, and the file pipeline hears the stored
 * recording the same way.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { FinalTextEvent } from '../electron/common/ipc-types.ts';
import type { Result } from '../electron/common/result.ts';
import type { Transcript } from '../electron/common/transcript.ts';
import { DEMO_MODEL_ID } from '../electron/node/models/demo-model.ts';
import { TranscriptLibrary } from '../electron/node/storage/transcript-library.ts';
import { playIntoMic, requireTools, requireVirtualMic } from '../electron/node/testing/media.ts';
import { holdVirtualMic } from '../electron/node/testing/mic-lock.ts';
import { VOICES, synthesize } from '../electron/node/testing/synthetic-speech.ts';
import { bridgeScript } from './harness/bridge-script.ts';
import { CHROMIUM_CANDIDATES, launchChromium } from './harness/browser.ts';
import { requireTool } from './harness/system-tool.ts';
import { startOfflineTransport } from './harness/offline-transport.ts';
import type { Transport } from './harness/transport-server.ts';

const SENTENCE = 'PLEASE SEND ME THE REPORT TOMORROW MORNING';
const WORDS = ['please', 'send', 'me', 'the', 'report', 'tomorrow', 'morning'];
const heard = (text: string) => WORDS.filter((w) => text.toLowerCase().split(/\W+/).includes(w));

/** What the page saw, in order: recorded by the page itself from the contract's events. */
interface PageLog {
  partials: { stable: string; unstable: string; at: number }[];
  finals: (FinalTextEvent & { at: number })[];
}
type PageApi = {
  verba: {
    onDidPartialText(l: (e: { stable: string; unstable: string }) => void): () => void;
    onDidFinishDictation(l: (e: FinalTextEvent) => void): () => void;
    transcribeFile(r: { path: string }): Promise<Result<Transcript | { transcript: Transcript }>>;
    getTranscript(id: number): Promise<Result<{ kind: string; hasAudio: boolean; transcript: Transcript }>>;
  };
  dictationLog: PageLog;
};

let transport: Transport;
let browser: Browser | null = null;
let dir = '';

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'verba-e2e-dictation-'));
  // Offline, as a fresh install: the demo model is the default.
  transport = await startOfflineTransport(join(dir, 'spool'));
});
after(async () => {
  await browser?.close();
  await transport.close();
  await rm(dir, { recursive: true, force: true });
});

async function openDictate(chromium: string): Promise<Page> {
  browser = await launchChromium(chromium);
  const page = await browser.newPage();
  await page.addInitScript(bridgeScript(transport.token));
  await page.goto(transport.url);
  await page.waitForFunction(() => (globalThis as unknown as Partial<PageApi>).verba !== undefined);
  await page.evaluate(() => {
    const w = globalThis as unknown as PageApi;
    w.dictationLog = { partials: [], finals: [] };
    w.verba.onDidPartialText((e) => w.dictationLog.partials.push({ ...e, at: performance.now() }));
    w.verba.onDidFinishDictation((e) => w.dictationLog.finals.push({ ...e, at: performance.now() }));
  });
  return page;
}

test('Start, speak, Stop in the window: live text, then the final text, stored in the library and equal to the file pipeline on its recording', async (t) => {
  const chromium = requireTool(t, 'Chromium', CHROMIUM_CANDIDATES, 'apt-get install chromium');
  if (chromium === null || !requireTools(t, 'espeak-ng', 'sox') || !(await requireVirtualMic(t))) return;
  const wav = join(dir, 'sentence.wav');
  await synthesize(SENTENCE, VOICES[3]!, wav);
  const page = await openDictate(chromium);
  const state = page.getByTestId('dictation-state');
  await page.getByRole('button', { name: 'Start dictation' }).waitFor();
  assert.equal((await state.textContent())?.trim(), 'Ready');

  const release = await holdVirtualMic();
  t.after(release);
  await page.getByRole('button', { name: 'Start dictation' }).click();
  await page.waitForFunction(
    () =>
      (globalThis as unknown as { document: { querySelector(s: string): { textContent: string } | null } }).document
        .querySelector('[data-testid="dictation-state"]')
        ?.textContent.trim() === 'Listening',
    undefined,
    { timeout: 60_000 },
  );
  await playIntoMic(wav);
  // Words show while the dictation is still listening.
  await page.getByTestId('live-stable').or(page.getByTestId('live-unstable')).first().waitFor({ timeout: 30_000 });
  await page.waitForFunction(
    () => {
      const d = (globalThis as unknown as { document: { querySelector(s: string): { textContent: string } | null } })
        .document;
      return (d.querySelector('[data-testid="live-text"]')?.textContent.trim() ?? '').split(/\s+/).length >= 2;
    },
    undefined,
    { timeout: 30_000 },
  );
  assert.equal((await state.textContent())?.trim(), 'Listening');
  await page.getByRole('button', { name: 'Stop dictation' }).click();
  await page
    .getByTestId('recent-dictation')
    .first()
    .waitFor({ timeout: 60_000 })
    .catch(async (error: unknown) => {
      const seen = await page.evaluate(() => (globalThis as unknown as PageApi).dictationLog);
      t.diagnostic(`state "${await state.textContent()}", page log ${JSON.stringify(seen).slice(-2000)}`);
      throw error;
    });
  await release();

  const log = await page.evaluate(() => (globalThis as unknown as PageApi).dictationLog);
  assert.equal(log.finals.length, 1, JSON.stringify(log));
  const final = log.finals[0]!;
  const spoken = log.partials.filter((p) => `${p.stable}${p.unstable}`.trim() !== '');
  assert.ok(spoken.length > 0 && spoken[0]!.at < final.at, 'partial text came before the final text');
  t.diagnostic(`partials: ${spoken.length}; final: "${final.text}"`);
  assert.ok(heard(final.text).length >= 3, `the sentence was recognised: "${final.text}"`);
  assert.equal(final.inserted, false, 'the transport inserts nowhere: the text stays in Verba');
  assert.equal(await page.getByTestId('live-text').inputValue(), final.text);
  assert.equal((await page.getByTestId('recent-dictation').first().textContent())?.trim(), final.text);
  assert.equal(await page.getByTestId('dictation-model').textContent(), DEMO_MODEL_ID);

  // In the library, with its recording moved out of the spool folder.
  assert.ok(final.transcriptId !== undefined, final.message);
  const id = final.transcriptId;
  const stored = await page.evaluate((n) => (globalThis as unknown as PageApi).verba.getTranscript(n), id);
  assert.ok(stored.ok, stored.ok ? '' : stored.error.message);
  assert.equal(stored.value.kind, 'dictation');
  assert.equal(stored.value.hasAudio, true);
  assert.equal(stored.value.transcript.text, final.text);
  const spool = join(dir, 'spool');
  assert.deepEqual(existsSync(spool) ? (await readdir(spool)).filter((f) => f.endsWith('.wav')) : [], []);

  // The file pipeline on the stored recording writes the same text.
  const library = await TranscriptLibrary.open(transport.libraryDir);
  const recording = (await library.get(id)).audioPath;
  library.close();
  assert.ok(recording !== null && existsSync(recording), `the recording is stored: ${recording}`);
  const filed = await page.evaluate(
    (path) => (globalThis as unknown as PageApi).verba.transcribeFile({ path }),
    recording,
  );
  assert.ok(filed.ok, filed.ok ? '' : filed.error.message);
  // (The files slice is moving from a bare transcript to { transcript, savedId }.)
  const fileText = 'transcript' in filed.value ? filed.value.transcript.text : filed.value.text;
  assert.equal(fileText, final.text);

  // A correction typed into the final text is stored with the transcript.
  const corrected = `${final.text} Thanks`;
  await page.getByTestId('live-text').fill(corrected);
  await page.keyboard.press('Tab');
  await page.getByText('Correction saved with your transcripts.').waitFor();
  const after = await page.evaluate((n) => (globalThis as unknown as PageApi).verba.getTranscript(n), id);
  assert.ok(after.ok && /Thanks/.test(after.value.transcript.text), JSON.stringify(after));
});

test('Settings → Dictation: the pressed chord becomes the hotkey; mode and insertion are stored and the Dictate screen shows them', async (t) => {
  const chromium = requireTool(t, 'Chromium', CHROMIUM_CANDIDATES, 'apt-get install chromium');
  if (chromium === null) return;
  browser ??= await launchChromium(chromium);
  const page = await browser.newPage();
  await page.addInitScript(bridgeScript(transport.token));
  await page.goto(transport.url);
  await page.keyboard.press('Control+4');
  const panel = page.getByRole('region', { name: 'Dictation' });
  await panel.getByLabel('Hotkey').focus();
  await page.keyboard.press('Control+Alt+KeyD');
  await panel.getByText('Hotkey set to Ctrl+Alt+D.').waitFor();
  // A lone modifier, pressed and let go, is a hotkey too.
  await page.keyboard.down('ControlRight');
  await page.keyboard.up('ControlRight');
  await panel.getByText('Hotkey set to Right Ctrl.').waitFor();
  await panel.getByLabel('Press to start, press to stop').check();
  await panel.getByText('Press the hotkey to start and again to stop.').waitFor();
  await panel.getByLabel('Put the text in by').selectOption('copy');
  await panel.getByText('Text goes in by: copy only (you paste).').waitFor();
  const stored = JSON.parse(await readFile(join(transport.cacheDir, 'dictation-settings.json'), 'utf8'));
  assert.deepEqual(
    { hotkey: stored.hotkey, mode: stored.mode, insert: stored.insert, microphone: stored.microphone },
    { hotkey: 'CtrlRight', mode: 'toggle', insert: 'copy', microphone: null },
  );
  await page.keyboard.press('Control+1');
  assert.equal((await page.getByTestId('dictation-hotkey').textContent())?.trim(), 'Right Ctrl · toggle');
  await page.close();
});
