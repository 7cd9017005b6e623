import { test } from 'node:test';
import assert from 'node:assert/strict';
import mammoth from 'mammoth';
import { makeTranscript } from '../testing/transcripts.ts';
import { docxNotes } from './docx.ts';
import { meetingNotes, hms } from './notes.ts';

const meeting = makeTranscript(
  ['Welcome to the design review.', 'Kim will update the mock-ups before Monday.', 'That is all, thanks.'],
  { wordSeconds: 0.5, pauseAfter: { 0: 3 }, actionItems: [1] },
);
const meta = { title: 'Design review', createdAt: Date.UTC(2026, 10, 3, 14), participants: ['Kim', 'Sam'] };

test('the Word document reads back (mammoth) as the notes: title, details, timestamped paragraphs, action items', async () => {
  const bytes = await docxNotes(meeting, meta);
  assert.deepEqual([...bytes.subarray(0, 2)], [0x50, 0x4b], 'a zip container');
  const { value } = await mammoth.extractRawText({ buffer: Buffer.from(bytes) });
  const paragraphs = value.split('\n').filter((l) => l.trim() !== '');
  const notes = meetingNotes(meeting, meta);
  assert.deepEqual(paragraphs, [
    'Design review',
    `Date: ${notes.date}`,
    'Duration: 00:00:12',
    'Participants: Kim, Sam',
    'Transcript',
    ...notes.paragraphs.map((p) => `[${hms(p.start)}] ${p.text}`),
    'Action items',
    `Kim will update the mock-ups before Monday. [${hms(notes.actionItems[0]!.start)}]`,
  ]);
  assert.equal(notes.paragraphs.length, 2);

  // The headings and the bullet are real Word structure, not styled text.
  const { value: html } = await mammoth.convertToHtml({ buffer: Buffer.from(bytes) });
  assert.match(html, /<h1>Transcript<\/h1>/);
  assert.match(html, /<ul><li>Kim will update the mock-ups before Monday\./);
});
