/**
 * The app's transcription, end to end with words checked: Chromium calls window.verba.transcribeFile
 * (the contract, not a screen, so the test survives redesigns), carried to the real services and the
 * inference host. No model is chosen and the hub is unreachable, so the host falls back to the demo
 * model, which must then hear a sentence in one of its training voices.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import type { Transcript } from '../electron/common/transcript.ts';
import { DEMO_MODEL_ID } from '../electron/node/models/demo-model.ts';
import { errorRates } from '../electron/node/testing/error-rate.ts';
import { requireTools } from '../electron/node/testing/media.ts';
import { VOICES, concatenateWithPauses, synthesize } from '../electron/node/testing/synthetic-speech.ts';
import { bridgeScript } from './harness/bridge-script.ts';
import { CHROMIUM_CANDIDATES, launchChromium } from './harness/browser.ts';
import { requireTool } from './harness/system-tool.ts';
import { startOfflineTransport } from './harness/offline-transport.ts';
import type { Transport } from './harness/transport-server.ts';

const SENTENCES = ['THANK YOU FOR YOUR HELP WITH THE MOVE', 'SEE YOU TOMORROW'];
/** Measured on espeak-ng en-us (greedy, text layer): CER 3.7 %. */
const MAX_CER = 0.08;

let transport: Transport;
let browser: Browser | null = null;
let dir = '';

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'verba-e2e-words-'));
  // Offline, as a fresh install: the demo model is the default.
  transport = await startOfflineTransport(join(dir, 'spool'));
});
after(async () => {
  await browser?.close();
  await transport.close();
  await rm(dir, { recursive: true, force: true });
});

test('window.verba.transcribeFile offline: the demo model writes the spoken sentences', async (t) => {
  const chromium = requireTool(t, 'Chromium', CHROMIUM_CANDIDATES, 'apt-get install chromium');
  if (chromium === null || !requireTools(t, 'espeak-ng', 'sox')) return;
  const parts = [join(dir, 'a.wav'), join(dir, 'b.wav')];
  await synthesize(`${SENTENCES[0]} PERIOD`, VOICES[3]!, parts[0]!);
  await synthesize(`${SENTENCES[1]} PERIOD`, VOICES[3]!, parts[1]!);
  const wav = join(dir, 'dictation.wav');
  await concatenateWithPauses(parts, [0.6], wav);

  browser = await launchChromium(chromium);
  const page = await browser.newPage();
  await page.addInitScript(bridgeScript(transport.token));
  await page.goto(transport.url);
  const result = (await page.evaluate(
    (path) =>
      (
        globalThis as unknown as { verba: { transcribeFile(x: { path: string }): Promise<unknown> } }
      ).verba.transcribeFile({ path }),
    wav,
  )) as { ok: true; value: { transcript: Transcript } } | { ok: false; error: { name: string; message: string } };
  assert.ok(result.ok, result.ok ? '' : result.error.message);
  const { transcript } = result.value;
  assert.equal(transcript.model, DEMO_MODEL_ID);
  const { cer } = errorRates(SENTENCES.join(' '), transcript.text);
  t.diagnostic(`"${transcript.text}" CER ${(100 * cer).toFixed(1)} %`);
  assert.ok(cer <= MAX_CER, `CER ${cer}: ${transcript.text}`);
  // Two spoken full stops: two written sentences, each capitalised.
  assert.match(transcript.text, /^[A-Z][^.]+\. [A-Z][^.]+\.$/);
});
