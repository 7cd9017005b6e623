/**
 * Screenshots of the four screens for the README: the renderer in Chromium over the test transport,
 * after the clicks a person would make.   node e2e/harness/screenshot.ts docs
 * Writes docs/screen-{dictate,dictate-live,transcripts,files,settings}.png (light theme; VERBA_THEME=dark for dark).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { convertCheckpoint } from '../../electron/node/convert/convert.ts';
import { writeWavFile } from '../../electron/node/audio/wav-file.ts';
import { bridgeScript } from './bridge-script.ts';
import { CHROMIUM_CANDIDATES, launchChromium } from './browser.ts';
import { findExecutable } from './system-tool.ts';
import { startTransport } from './transport-server.ts';

const outDir = process.argv[2] ?? 'docs';
const theme = process.env.VERBA_THEME === 'dark' ? 'dark' : 'light';
const suffix = theme === 'dark' ? '-dark' : '';
const chromium = findExecutable(CHROMIUM_CANDIDATES);
if (chromium === null) throw new Error('Chromium is needed for screenshots (apt-get install chromium).');
const work = await mkdtemp(join(tmpdir(), 'verba-shots-'));
const transport = await startTransport({ rendererDir: 'renderer/dist', appVersion: '0.1.0' });
const browser = await launchChromium(chromium);
try {
  const page = await browser.newPage({ viewport: { width: 1120, height: 760 }, colorScheme: theme });
  await page.addInitScript(bridgeScript(transport.token));
  await page.goto(transport.url);
  const shot = (name: string) => page.screenshot({ path: join(outDir, `screen-${name}${suffix}.png`) });

  await page.getByRole('button', { name: 'Start dictation' }).waitFor();
  await shot('dictate');

  // What the screen shows while dictating: the events a dictation session sends, replayed.
  const state = page.getByTestId('dictation-state');
  for (let i = 0; i < 50 && (await state.textContent())?.trim() !== 'Listening'; i++) {
    transport.emit('onDidChangeDictationState', { sessionId: 'shot-0', state: 'listening' });
    await page.waitForTimeout(100);
  }
  transport.emit('onDidFinishDictation', {
    sessionId: 'shot-0',
    text: 'Remind me to send the quarterly numbers to Priya before Friday.',
    duration: 4.2,
    inserted: true,
  });
  transport.emit('onDidChangeDictationState', { sessionId: 'shot-1', state: 'listening' });
  transport.emit('onDidChangeLevel', { sessionId: 'shot-1', level: 0.62 });
  transport.emit('onDidPartialText', {
    sessionId: 'shot-1',
    stable: 'Dear team, the demo moves to Thursday at 3 p.m. Please bring',
    unstable: ' your laptops and the',
  });
  await page.getByTestId('live-unstable').getByText('laptops').waitFor();
  await shot('dictate-live');
  transport.emit('onDidFinishDictation', {
    sessionId: 'shot-1',
    text: 'Dear team, the demo moves to Thursday at 3 p.m. Please bring your laptops.',
    duration: 5.1,
    inserted: true,
  });

  await page.keyboard.press('Control+2');
  await page.getByTestId('transcripts-empty').waitFor();
  await shot('transcripts');

  // Files: one recording transcribed with the small test model, one file that is not audio.
  const fixture = 'models/fixtures/sewd-test-public';
  await convertCheckpoint(fixture, join(work, 'sewd-test'));
  const audio = new Float32Array((await readFile(join(fixture, 'reference/case0_audio.f32'))).buffer.slice(0));
  await writeWavFile(join(work, 'interview.wav'), { samples: audio, sampleRate: 16_000 }, 'float32');
  await page.keyboard.press('Control+4');
  transport.answerFileDialog([join(work, 'sewd-test')]);
  await page.getByRole('button', { name: 'Import folder…' }).click();
  await page.getByRole('button', { name: 'Use this model sewd-test' }).click();
  await page.getByTestId('model').filter({ hasText: 'Imported' }).getByText('In use').waitFor();
  await page.keyboard.press('Control+3');
  transport.answerFileDialog([join(work, 'interview.wav'), resolve('package.json')]);
  await page.getByRole('button', { name: 'Choose files…' }).click();
  await page.getByRole('button', { name: 'Transcribe 2 files' }).click();
  await page.getByRole('alert').waitFor({ timeout: 60_000 });
  await page.getByTestId('transcript').waitFor();
  await shot('files');

  await page.keyboard.press('Control+4');
  await page.getByRole('button', { name: /^(Find microphones|Look again)$/ }).click();
  await page.getByRole('button', { name: 'Check engine' }).click();
  await page.getByTestId('engine-info').waitFor();
  const words = page.getByRole('region', { name: 'Your words' });
  await words.getByLabel('New word').fill('Kubernetes');
  await words.getByRole('button', { name: 'Add word' }).click();
  await words.getByLabel('When I say').fill('btw');
  await words.getByLabel('Write').fill('by the way');
  await words.getByRole('button', { name: 'Add', exact: true }).click();
  await words.getByRole('list', { name: 'Replacements' }).waitFor();
  await page.getByRole('region', { name: 'Text' }).getByLabel('Numbers as digits').check();
  await page
    .getByTestId('spoken')
    .fill('DEAR TEAM COMMA NEW LINE THE DEMO IS ON MAY FIFTH AT THREE THIRTY PM PERIOD SEE YOU THERE EXCLAMATION MARK');
  await page.getByRole('button', { name: 'Format' }).click();
  await page.getByTestId('written').waitFor();
  await page.waitForTimeout(300);
  // Settings is one long page (its own scroll area): a window tall enough for all of it.
  const tall = await page.evaluate(() => {
    // Runs in the page (this project's Node typings have no DOM).
    const doc = (
      globalThis as unknown as { document: { querySelectorAll(s: string): ArrayLike<{ scrollHeight: number }> } }
    ).document;
    return Math.max(...Array.from(doc.querySelectorAll('*'), (e) => e.scrollHeight));
  });
  await page.setViewportSize({ width: 1120, height: Math.min(4000, tall + 40) });
  await page.waitForTimeout(200);
  await shot('settings');
  console.log(`wrote ${outDir}/screen-{dictate,transcripts,files,settings}${suffix}.png`);
} finally {
  await browser.close();
  await transport.close();
  await rm(work, { recursive: true, force: true });
}
