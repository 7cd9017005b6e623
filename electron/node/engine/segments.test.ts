import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TranscriptSegment } from '../../common/transcript.ts';
import { SegmentBuilder } from './segments.ts';
import { formatTranscript } from '../export/transcript-export.ts';

const word = (w: string, start: number, end: number) => ({ word: w, start, end, confidence: 0.912345 });

test('segments split at pauses and at the length cap, times rounded to the millisecond', () => {
  const out: TranscriptSegment[] = [];
  const b = new SegmentBuilder((s) => out.push(s), { pauseSeconds: 0.6, maxSeconds: 3 });
  [
    word('HELLO', 0.1, 0.42000000000000004),
    word('THERE', 0.5, 0.8),
    word('NEXT', 1.6, 1.9),
    word('ONE', 2.0, 2.4),
    word('LONG', 2.5, 4.7),
    word('TAIL', 4.8, 5.0),
  ].forEach((w) => b.push(w));
  b.finish();
  assert.deepEqual(
    out.map((s) => s.text),
    ['HELLO THERE', 'NEXT ONE LONG', 'TAIL'],
  );
  assert.deepEqual(out[0]!.words[0], { word: 'HELLO', start: 0.1, end: 0.42, confidence: 0.9123 });
  assert.deepEqual([out[1]!.start, out[1]!.end], [1.6, 4.7]);
});

test('subtitle and text formats', () => {
  const t = {
    text: 'HELLO THERE NEXT',
    duration_s: 3725.5,
    model: 'm',
    device: 'cpu',
    segments: [
      { start: 0.1, end: 0.8, text: 'HELLO THERE', words: [] },
      { start: 3721.25, end: 3722.005, text: 'NEXT', words: [] },
    ],
  };
  assert.equal(formatTranscript(t, 'txt'), 'HELLO THERE NEXT\n');
  assert.equal(
    formatTranscript(t, 'srt'),
    '1\n00:00:00,100 --> 00:00:00,800\nHELLO THERE\n\n2\n01:02:01,250 --> 01:02:02,005\nNEXT\n',
  );
  assert.equal(
    formatTranscript(t, 'vtt'),
    'WEBVTT\n\n00:00:00.100 --> 00:00:00.800\nHELLO THERE\n\n01:02:01.250 --> 01:02:02.005\nNEXT\n',
  );
  assert.deepEqual(JSON.parse(formatTranscript(t, 'json')), t);
  assert.match(formatTranscript(t, 'md'), /\*\*\[01:02:01\]\*\* NEXT/);
});
