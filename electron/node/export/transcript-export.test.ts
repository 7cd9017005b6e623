import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VerbaError } from '../../common/result.ts';
import { TRANSCRIPT_FORMATS, TRANSCRIPT_FORMAT_INFO } from '../../common/transcript-format.ts';
import { makeTranscript } from '../testing/transcripts.ts';
import { exportTranscript } from './transcript-export.ts';
import { writeExport } from './write-export.ts';

const t = makeTranscript(['Hello there.', 'Send the notes.'], { actionItems: [1] });

test('every listed format exports; binary ones as bytes, JSON as DESIGN contract 2', async () => {
  for (const format of TRANSCRIPT_FORMATS) {
    const body = await exportTranscript(t, format, { title: 'Hi' });
    assert.equal(typeof body !== 'string', TRANSCRIPT_FORMAT_INFO[format].binary, format);
    assert.ok(body.length > 0, format);
  }
  const json = JSON.parse((await exportTranscript(t, 'json')) as string);
  assert.deepEqual(Object.keys(json).sort(), ['device', 'duration_s', 'model', 'segments', 'text']);
  assert.deepEqual(Object.keys(json.segments[0]).sort(), ['end', 'start', 'text', 'words']);
  assert.deepEqual(json.segments[1].words[0], {
    word: 'Send',
    start: t.segments[1]!.words[0]!.start,
    end: t.segments[1]!.words[0]!.end,
    confidence: 0.9,
    action_item: true,
  });
  assert.equal(await exportTranscript(t, 'txt'), 'Hello there. Send the notes.\n');
});

test('an existing file is not replaced without force, in one sentence; with force it is', async (t2) => {
  const dir = await mkdtemp(join(tmpdir(), 'verba-export-'));
  t2.after(() => rm(dir, { recursive: true, force: true }));
  const path = join(dir, 'notes.md');
  await writeFile(path, 'mine');
  await assert.rejects(
    writeExport(path, 'new'),
    (e: unknown) => e instanceof VerbaError && e.code === 'FileExists' && e.message.includes(path),
  );
  assert.equal(await readFile(path, 'utf8'), 'mine');
  await writeExport(path, 'new', { force: true });
  assert.equal(await readFile(path, 'utf8'), 'new');
  await assert.rejects(writeExport(join(dir, 'no/such/dir/x.md'), 'x'), /its folder does not exist/);
});
