/**
 * Microphone → recognition, with words checked: a sentence in a training voice of the demo model is
 * played into the virtual microphone (PulseAudio null sink → PortAudio), "the key is pressed" 150 ms
 * after the speech starts, as people press late, and pre-roll + what follows is transcribed by the real
 * pipeline. The first word lives only in the pre-roll, so a clipped pre-roll loses it.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_TEXT_SETTINGS } from '../../common/text-settings.ts';
import { Microphone } from '../audio/microphone.ts';
import { concatFloat32 } from '../audio/pcm.ts';
import { writeWavFile } from '../audio/wav-file.ts';
import { DEMO_MODEL_DIR } from '../models/demo-model.ts';
import { errorRates } from '../testing/error-rate.ts';
import { requireTools, requireVirtualMic, rms } from '../testing/media.ts';
import { withVirtualMicLock } from '../testing/mic-lock.ts';
import { VOICES, synthesize } from '../testing/synthetic-speech.ts';
import { FileTranscriber } from './file-transcriber.ts';

const WORDS = 'PLEASE SEND THE REPORT TO THE TEAM BEFORE LUNCH';
const SPOKEN = `${WORDS} PERIOD`; // written as a full stop, which scoring ignores
const VOICE = VOICES[3]!; // espeak-ng en-us, the training voice this model hears best
/**
 * Measured CER: the played file 4.3 %, the capture 0-10.6 % over runs (the weak model hears the capture's
 * resampling phase); a late press without pre-roll loses the first word ("Is send …", 14.9 %).
 */
const MAX_CER = 0.13;

let dir = '';
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'verba-capture-words-'));
});
after(() => rm(dir, { recursive: true, force: true }));

/** Plays `wav` and returns the utterance a push-to-talk press `lateMs` after speech onset would get. */
async function pressLate(wav: string, lateMs: number): Promise<Float32Array> {
  const mic = await Microphone.open();
  try {
    await new Promise<void>((resolve) => mic.once('frame', () => resolve()));
    let held: Float32Array[] | null = null;
    let pressed: Promise<void> | null = null;
    mic.on('frame', (frame) => {
      if (held !== null) held.push(frame);
      else if (pressed === null && rms(frame) > 0.01)
        pressed = new Promise((resolve) =>
          setTimeout(() => {
            held = [mic.preRoll()];
            resolve();
          }, lateMs),
        );
    });
    await new Promise<void>((resolve, reject) => {
      const player = spawn('paplay', ['--device=vmic', wav], { stdio: 'ignore' });
      player.once('error', reject);
      player.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`paplay exited with ${code}`))));
    });
    await new Promise((r) => setTimeout(r, 500)); // the release comes after the last word
    assert.ok(pressed !== null, 'no speech reached the microphone');
    await pressed;
    return concatFloat32(held ?? []);
  } finally {
    await mic.stop();
  }
}

test('a late push-to-talk press through the virtual microphone: the words, first and last included', async (t) => {
  if (!(await requireVirtualMic(t)) || !requireTools(t, 'espeak-ng', 'sox', 'flock', 'paplay')) return;
  const wav = join(dir, 'spoken.wav');
  await synthesize(SPOKEN, VOICE, wav);
  const utterance = await withVirtualMicLock(() => pressLate(wav, 150));
  const captured = join(dir, 'captured.wav');
  await writeWavFile(captured, { samples: utterance, sampleRate: 16_000 }, 'float32');

  const transcriber = await FileTranscriber.open({ model: DEMO_MODEL_DIR });
  try {
    const played = (await transcriber.transcribe(wav, { settings: DEFAULT_TEXT_SETTINGS })).text;
    const heard = (await transcriber.transcribe(captured, { settings: DEFAULT_TEXT_SETTINGS })).text;
    const [filed, live] = [errorRates(WORDS, played), errorRates(WORDS, heard)];
    t.diagnostic(`file: "${played}" CER ${(100 * filed.cer).toFixed(1)} %`);
    t.diagnostic(`capture: "${heard}" CER ${(100 * live.cer).toFixed(1)} %`);
    assert.ok(live.cer <= MAX_CER, `capture CER ${live.cer}: ${heard}`);
    // Where this model is reliable: the first word (only in the pre-roll) and the spoken full stop.
    assert.match(heard, /^Plea/, 'the first word, held only by the pre-roll, is missing');
    assert.match(heard, /\.$/);
  } finally {
    await transcriber.release();
  }
});
