import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { loadAudioFile } from '../../audio/load-audio.ts';
import { requireTools, speak } from '../../testing/media.ts';
import { Recognizer } from '../recognizer.ts';
import { windowedLogits } from './windowed-logits.ts';
import { convertedSewdFixture } from '../../testing/fixtures.ts';
import { VadCuts, planWindowsWithVad } from './vad-cuts.ts';
import { type PlannedWindow, defaultWindowOptions, planNext, planWindows } from './window-plan.ts';

const options = defaultWindowOptions();
const F = options.frameSamples;
const SR = options.sampleRate;

// Short sentences without commas (espeak pauses at commas): the constructed gaps are the only pauses.
const SENTENCES = [
  'The quick brown fox jumps over the dog.',
  'Please send the report before noon.',
  'My sister bought a small green car.',
  'We walked along the river at night.',
  'Turn left at the second traffic light.',
  'Coffee tastes better with a little milk.',
  'The children played football in the park.',
  'Keep the window open during the day.',
];

interface Constructed {
  samples: Float32Array;
  /** [start, end) sample ranges of the pauses placed between sentences. */
  gaps: [number, number][];
}

let clips: Promise<Float32Array[]> | null = null;

/** espeak-ng sentences at 16 kHz, trimmed of espeak's own leading/trailing silence. */
function spokenSentences(): Promise<Float32Array[]> {
  clips ??= (async () => {
    const dir = await mkdtemp(join(tmpdir(), 'verba-vad-cuts-'));
    try {
      const out: Float32Array[] = [];
      for (const [i, text] of SENTENCES.entries()) {
        await speak(text, join(dir, `s${i}.wav`));
        const { samples } = await loadAudioFile(join(dir, `s${i}.wav`));
        const floor = 0.02 * samples.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
        let a = 0;
        let b = samples.length;
        while (a < b && Math.abs(samples[a]!) < floor) a++;
        while (b > a && Math.abs(samples[b - 1]!) < floor) b--;
        out.push(samples.slice(a, b));
      }
      return out;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  })();
  return clips;
}

/** 24 sentences, each after a 0.6–1.0 s pause filled with uniform noise of amplitude `noise` (seeded). */
async function sentencesWithPauses(noise: number): Promise<Constructed> {
  const sentences = await spokenSentences();
  let seed = 11;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const parts: Float32Array[] = [];
  const gaps: [number, number][] = [];
  let at = 0;
  for (let i = 0; i < 24; i++) {
    const gap = new Float32Array(Math.round((0.6 + 0.4 * rand()) * SR)).map(() => noise * 2 * (rand() - 0.5));
    const clip = sentences[i % sentences.length]!;
    parts.push(gap, clip);
    gaps.push([at, at + gap.length]);
    at += gap.length + clip.length;
  }
  const samples = new Float32Array(at);
  let o = 0;
  for (const p of parts) {
    samples.set(p, o);
    o += p.length;
  }
  return { samples, gaps };
}

const cutsOf = (windows: PlannedWindow[]) => windows.flatMap((w) => (w.keepTo === null ? [] : [w.keepTo]));
/** Both 20 ms frames around the cut lie inside one constructed pause. */
const inPause = (cut: number, gaps: [number, number][]) =>
  gaps.some(([a, b]) => (cut - 1) * F >= a && (cut + 1) * F <= b);

async function collect(it: AsyncIterable<PlannedWindow>): Promise<PlannedWindow[]> {
  const out: PlannedWindow[] = [];
  for await (const w of it) out.push(w);
  return out;
}

async function loadCuts(t: TestContext, streams?: number): Promise<VadCuts> {
  const cuts = await VadCuts.load({
    streams,
    onUnavailable: (reason) => assert.fail(`Silero VAD should load: ${reason}`),
  });
  t.after(() => cuts?.release());
  return cuts!;
}

test('real speech: VAD cuts fall inside the pauses between sentences, where energy alone is fooled by noise', async (t) => {
  if (!requireTools(t, 'espeak-ng')) return;
  // Pauses hold faint noise (rms ≈ 0.012), louder than espeak's silent stop closures inside words.
  const { samples, gaps } = await sentencesWithPauses(0.02);
  // One stream per region and the default parts see the audio on different 32 ms grids, where Silero dips
  // in different stop closures: the cuts must not depend on that.
  for (const streams of [1, undefined]) {
    const cuts = await loadCuts(t, streams);
    const started = performance.now();
    const windows = await collect(planWindowsWithVad(samples, options, cuts));
    const planMs = performance.now() - started;
    const vadCuts = cutsOf(windows);
    assert.ok(vadCuts.length >= 3, `${vadCuts.length} cuts in ${samples.length / SR} s`);
    for (const cut of vadCuts)
      assert.ok(
        inPause(cut, gaps),
        `VAD cut at ${(cut * F) / SR} s (streams ${streams}) is inside a constructed pause`,
      );
    const seconds = samples.length / SR;
    console.log(
      `VAD cuts (streams ${streams ?? 'default'}): ${seconds.toFixed(1)} s audio, ${vadCuts.length} cuts, Silero scored ${(cuts.scoredSamples / SR).toFixed(1)} s ` +
        `(${((100 * cuts.scoredSamples) / samples.length).toFixed(0)} %) in ${cuts.elapsedMs.toFixed(0)} ms = ${(cuts.elapsedMs / seconds).toFixed(2)} ms per second of audio ` +
        `(planning total ${planMs.toFixed(0)} ms)`,
    );
  }

  // The same input planned by energy cuts inside words at least once: the VAD is what finds the pauses.
  const energyCuts = cutsOf([...planWindows(samples.length, samples, options)]);
  assert.ok(
    energyCuts.some((cut) => !inPause(cut, gaps)),
    'energy alone finds every pause here; the test input is too easy',
  );
});

test('VAD-cut windows stitch frame-exactly, and streamed input gives the same windows and logits', async (t) => {
  if (!requireTools(t, 'espeak-ng')) return;
  const { samples } = await sentencesWithPauses(0.02);
  const cuts = await loadCuts(t);
  const recognizer = await Recognizer.open(await convertedSewdFixture(), { threads: 2 });
  t.after(() => recognizer.release());
  const whole: { firstFrame: number; frames: number; data: Float32Array }[] = [];
  for await (const c of windowedLogits(recognizer, samples, { cuts }))
    whole.push({ firstFrame: c.firstFrame, frames: c.logits.frames, data: c.logits.data.slice() });
  let next = 0;
  for (const c of whole) {
    assert.equal(c.firstFrame, next);
    next += c.frames;
  }
  // No frame lost or doubled at a VAD-chosen seam: the chunks add up to an unwindowed run's frame count.
  assert.equal(next, (await recognizer.logits({ samples, sampleRate: SR })).frames);

  async function* pieces() {
    for (let at = 0; at < samples.length; at += 12_345) yield samples.slice(at, at + 12_345);
  }
  let i = 0;
  for await (const c of windowedLogits(recognizer, pieces(), { cuts })) {
    const expected = whole[i++]!;
    assert.equal(c.firstFrame, expected.firstFrame);
    assert.deepEqual(c.logits.data, expected.data, `streamed window ${i}`);
  }
  assert.equal(i, whole.length);
});

test('energy fallback: without Silero the plan is the energy plan, and it still cuts in silent pauses', async (t) => {
  let reason = '';
  const missing = await VadCuts.load({
    modelPath: join(tmpdir(), 'no-such-vad.onnx'),
    onUnavailable: (r) => (reason = r),
  });
  assert.equal(missing, null);
  assert.match(reason, /no-such-vad\.onnx/);

  if (!requireTools(t, 'espeak-ng')) return;
  const { samples, gaps } = await sentencesWithPauses(0); // digital silence between sentences
  const fallback = await collect(planWindowsWithVad(samples, options, missing));
  assert.deepEqual(fallback, [...planWindows(samples.length, samples, options)]);
  assert.ok(cutsOf(fallback).length >= 3);
  // espeak leaves exact zeros inside some words too (a stop's closure), which tie with a pause for energy:
  // every cut must be silent on both sides, and most fall in the constructed pauses.
  for (const cut of cutsOf(fallback)) {
    assert.ok(
      samples.subarray((cut - 1) * F, (cut + 1) * F).every((v) => v === 0),
      `energy cut at ${(cut * F) / SR} s is silent`,
    );
  }
  assert.ok(cutsOf(fallback).filter((cut) => inPause(cut, gaps)).length * 2 > cutsOf(fallback).length);
});

test('planner: the lowest speech probability wins, ties go to the quietest frame, then to the latest', () => {
  const total = 30 * SR;
  const first = planNext(0, total, null, options);
  assert.notEqual(first.keepTo, null);
  const latest = first.keepTo!; // no audio, no VAD: the latest candidate
  // Speech everywhere except a plateau 1.0–2.0 s before the latest candidate (probability 0.1–0.13).
  const plateau = (f: number) => f <= latest - 50 && f >= latest - 100;
  const speechAt = (f: number) => (plateau(f) ? 0.1 + 0.03 * ((f / 2) % 2) : 0.9);
  // Loud everywhere except a silent spot inside the plateau, and a silent spot outside it (ignored).
  const quietIn = latest - 80;
  const quietOut = latest - 10;
  const samplesAt = (i: number) => (Math.abs(i - quietIn * F) < F || Math.abs(i - quietOut * F) < F ? 0 : 0.5);
  assert.equal(planNext(0, total, samplesAt, options, speechAt).keepTo, quietIn);
  // Without energy, the plateau's latest tie wins; without VAD the silent spot nearest the end wins.
  assert.equal(planNext(0, total, null, options, speechAt).keepTo, latest - 50);
  assert.equal(planNext(0, total, samplesAt, options).keepTo, quietOut);
  // A tighter tie tolerance leaves only the lowest probabilities (even f/2: 0.1) as candidates.
  assert.equal(
    planNext(0, total, null, options, speechAt, 0.01).keepTo,
    (latest - 50) % 4 === 0 ? latest - 50 : latest - 52,
  );
});
