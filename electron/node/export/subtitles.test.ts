import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSync, type NodeCue } from 'subtitle';
import { SUBTITLE_DEFAULTS } from '../../common/defaults.ts';
import { makeTranscript } from '../testing/transcripts.ts';
import { cues, srt, vtt, wrapLines } from './subtitles.ts';

const talk = makeTranscript(
  [
    'Good morning everyone and welcome to the quarterly planning meeting for the platform team.',
    'First we will review last quarter, then we will look at the budget, the hiring plan and the roadmap for next year.',
    'Questions?',
    'Let us start with the numbers <really> & the risks.',
  ],
  { wordSeconds: 0.35, pauseAfter: { 1: 1.5 } },
);

/** What an independent parser reads back: [start ms, end ms, text]. */
const parsed = (text: string) =>
  parseSync(text)
    .filter((n): n is NodeCue => n.type === 'cue')
    .map((n) => [n.data.start, n.data.end, n.data.text] as const);

const ours = (entities: boolean) =>
  cues(talk).map((c) => {
    const text = c.lines.join('\n');
    return [
      Math.round(c.start * 1000),
      Math.round(c.end * 1000),
      entities ? text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;') : text,
    ] as const;
  });

test('SRT and VTT are read back by the `subtitle` parser as exactly our cues', () => {
  const expected = ours(false);
  assert.ok(expected.length >= 6, `${expected.length} cues`);
  assert.deepEqual(parsed(srt(talk)), expected);
  assert.deepEqual(parsed(vtt(talk)), ours(true));
  assert.ok(vtt(talk).startsWith('WEBVTT\n\n'));
  assert.match(vtt(talk), /numbers &lt;really&gt; &amp; the risks\./);
});

test('cues keep to 42 characters a line, 2 lines, 7 seconds, and never overlap', () => {
  const all = cues(talk);
  for (const c of all) {
    assert.ok(c.lines.length <= SUBTITLE_DEFAULTS.maxLines, JSON.stringify(c));
    for (const line of c.lines) assert.ok(line.length <= SUBTITLE_DEFAULTS.maxCharsPerLine, line);
    assert.ok(c.end - c.start <= SUBTITLE_DEFAULTS.maxCueSeconds, JSON.stringify(c));
    assert.ok(c.end > c.start);
  }
  for (let i = 1; i < all.length; i++) assert.ok(all[i]!.start >= all[i - 1]!.end);
  // Every word is shown once, in order.
  assert.equal(all.flatMap((c) => c.lines.join(' ').split(' ')).join(' '), talk.text);
  // A sentence end starts a new cue: "Questions?" stands alone (a pause follows the sentence before it).
  assert.ok(all.some((c) => c.lines.join(' ') === 'Questions?'));
});

test('two lines are balanced, and an over-long word is kept whole', () => {
  const words = 'First we will review last quarter, then we will look at the budget'.split(' ');
  const lines = wrapLines(words)!;
  assert.equal(lines.length, 2);
  assert.ok(Math.abs(lines[0]!.length - lines[1]!.length) <= 8, JSON.stringify(lines));
  assert.equal(wrapLines('a '.repeat(60).trim().split(' ')), null);
  const url = makeTranscript(['See https://example.com/a/very/long/path/that/does/not/fit/on/one/line today.']);
  assert.ok(cues(url).some((c) => c.lines[0]!.startsWith('https://')));
});

test('segments without word timings become cues over their own span', () => {
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
  assert.deepEqual(parsed(srt(t)), [
    [100, 800, 'HELLO THERE'],
    [3721250, 3722005, 'NEXT'],
  ]);
});
