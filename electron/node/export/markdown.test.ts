import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { makeTranscript } from '../testing/transcripts.ts';
import { markdownNotes } from './markdown.ts';

process.env.TZ = 'UTC'; // the notes show local time; the golden file was written in UTC

const GOLDEN = new URL('testdata/meeting-notes.md', import.meta.url);

/** A meeting with a long pause (a new paragraph) and two sentences marked "action item". */
const meeting = makeTranscript(
  [
    'Good morning everyone.',
    'We shipped the new importer last week.',
    'Ada will send the release notes to the team by Friday.',
    'Next, the budget.',
    'Marketing asked for *more* money [again].',
    'Lin should book the review for Tuesday.',
  ],
  { wordSeconds: 0.5, pauseAfter: { 2: 4 }, actionItems: [2, 5] },
);

test('Markdown meeting notes match the golden file, action items included', () => {
  const got = markdownNotes(meeting, {
    title: 'Platform weekly',
    createdAt: Date.UTC(2026, 10, 3, 9, 30),
    participants: ['Ada', 'Lin'],
  });
  // UPDATE_GOLDEN=1 rewrites the file after a deliberate change: read its diff before committing.
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(GOLDEN, got);
  assert.equal(got, readFileSync(GOLDEN, 'utf8'));
});

test('without details or action items the notes still read well', () => {
  const got = markdownNotes(makeTranscript(['Just one thought.']));
  assert.match(got, /^# Transcript\n\n- \*\*Date:\*\*\n- \*\*Duration:\*\* 00:00:02\n- \*\*Participants:\*\*\n/);
  assert.match(got, /\*\*\[00:00:00\]\*\* Just one thought\.\n/);
  assert.match(got, /## Action items\n\nNone marked\./);
});
