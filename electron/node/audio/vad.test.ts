import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { loadAudioFile } from './load-audio.ts';
import { type SegmentEvent, SpeechSegmenter, padSegments } from './speech-segments.ts';
import { requireTools, sox, speak } from '../testing/media.ts';
import { LiveVad, SileroVad } from './vad.ts';

describe('Silero VAD v5 (real model through ort.ts)', () => {
  let dir = '';
  let vad: SileroVad;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'verba-vad-'));
    vad = await SileroVad.load();
  });
  after(async () => {
    await vad.release();
    await rm(dir, { recursive: true, force: true });
  });

  test('finds two sentences separated by pauses, at the right times', async (t) => {
    if (!requireTools(t, 'espeak-ng', 'sox')) return;
    const parts: string[] = [];
    for (const [i, text] of [
      'Hello there, this is the first sentence.',
      'And here comes the second one after a pause.',
    ].entries()) {
      const raw = join(dir, `raw${i}.wav`);
      const trimmed = join(dir, `s${i}.wav`);
      await speak(text, raw);
      // Trim espeak's own leading/trailing silence so the speech boundaries are known exactly.
      await sox(raw, trimmed, 'silence', '1', '0.01', '0.5%', 'reverse', 'silence', '1', '0.01', '0.5%', 'reverse');
      parts.push(trimmed);
    }
    const [a, b] = parts.map((p) => Number(execFileSync('soxi', ['-D', p]).toString())) as [number, number];
    const silence = (s: number) => [
      '-n',
      '-r',
      '22050',
      '-c',
      '1',
      '-b',
      '16',
      join(dir, `sil${s}.wav`),
      'trim',
      '0',
      String(s),
    ];
    await sox(...silence(1));
    await sox(...silence(1.5));
    const joined = join(dir, 'pair.wav');
    await sox(join(dir, 'sil1.wav'), parts[0]!, join(dir, 'sil1.5.wav'), parts[1]!, join(dir, 'sil1.wav'), joined);
    const { samples } = await loadAudioFile(joined);

    const segments = (await vad.segments(samples)).map((s) => ({ start: s.start / 16000, end: s.end / 16000 }));
    const expected = [
      { start: 1, end: 1 + a },
      { start: 2.5 + a, end: 2.5 + a + b },
    ];
    assert.equal(segments.length, 2, JSON.stringify(segments));
    for (const [i, seg] of segments.entries()) {
      const want = expected[i]!;
      // Onsets: within one window plus the 100 ms pad before the true start, never after it by more than 100 ms.
      assert.ok(
        seg.start >= want.start - 0.1 - 0.1 && seg.start <= want.start + 0.1,
        `segment ${i} starts at ${seg.start}, speech at ${want.start}`,
      );
      assert.ok(
        seg.end >= want.end - 0.25 && seg.end <= want.end + 0.1 + 0.1,
        `segment ${i} ends at ${seg.end}, speech at ${want.end}`,
      );
    }

    // Live use: the same windows pushed one by one give the same segments.
    vad.reset();
    const live = new SpeechSegmenter();
    for (let i = 0; i < samples.length; i += 512) live.push(await vad.probability(samples.subarray(i, i + 512)));
    assert.deepEqual(padSegments(live.finish(samples.length), samples.length), await vad.segments(samples));

    // Hands-free: 20 ms capture frames through LiveVad announce each start and, after the hangover, each end.
    const liveVad = await LiveVad.create();
    const events: SegmentEvent[] = [];
    const pending: Promise<SegmentEvent[]>[] = [];
    for (let i = 0; i < samples.length; i += 320) pending.push(liveVad.push(samples.subarray(i, i + 320)));
    for (const batch of await Promise.all(pending)) events.push(...batch);
    await liveVad.release();
    const ends = events.filter((e) => e.type === 'end').map((e) => e.segment);
    assert.deepEqual(
      events.map((e) => e.type),
      ['start', 'end', 'start', 'end'],
    );
    // Same windows as the offline pass (the last partial window is never run live).
    assert.deepEqual(ends, live.finish().slice(0, 2));
  });

  test('streams scored together in one batch give each stream its own probabilities', async (t) => {
    if (!requireTools(t, 'espeak-ng')) return;
    await speak('Streams scored together must not hear each other at all.', join(dir, 'streams.wav'));
    const { samples } = await loadAudioFile(join(dir, 'streams.wav'));
    // Unequal lengths, one not a whole number of windows, one silent: padding must not leak across rows.
    const streams = [
      samples.subarray(0, 512 * 40),
      samples.subarray(8000, 8000 + 512 * 25 + 100),
      new Float32Array(512 * 10),
      samples.subarray(16000),
    ];
    vad.reset();
    const before = await vad.probability(samples.subarray(0, 512));
    const together = await vad.probabilitiesOfStreams(streams);
    // The instance's own stream carries on as if nothing had run in between.
    const next = await vad.probability(samples.subarray(512, 1024));
    vad.reset();
    assert.equal(await vad.probability(samples.subarray(0, 512)), before);
    assert.ok(Math.abs((await vad.probability(samples.subarray(512, 1024))) - next) < 1e-6);
    assert.ok(
      together.some((p) => p.some((v) => v > 0.5)),
      'the speech is heard',
    );
    for (const [k, stream] of streams.entries()) {
      const alone = await vad.probabilities(stream);
      assert.equal(together[k]!.length, alone.length);
      const worst = alone.reduce((m, v, i) => Math.max(m, Math.abs(v - together[k]![i]!)), 0);
      assert.ok(worst < 1e-4, `stream ${k}: max difference ${worst}`);
    }
  });

  test('silence and faint noise contain no speech', async () => {
    assert.deepEqual(await vad.segments(new Float32Array(16000 * 3)), []);
    const noise = new Float32Array(16000 * 3);
    let seed = 12345;
    for (let i = 0; i < noise.length; i++) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      noise[i] = (seed / 2147483648 - 0.5) * 0.02;
    }
    assert.deepEqual(await vad.segments(noise), []);
  });
});
