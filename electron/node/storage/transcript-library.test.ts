import { test } from 'node:test';
import assert from 'node:assert/strict';
import { access, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VerbaError } from '../../common/result.ts';
import { makeTranscript } from '../testing/transcripts.ts';
import { openDatabase } from './database.ts';
import { DATABASE_FILE } from './library-path.ts';
import { TranscriptLibrary } from './transcript-library.ts';

const DAY = 86_400_000;
const exists = (p: string) =>
  access(p).then(
    () => true,
    () => false,
  );

async function setup(t: { after: (fn: () => unknown) => void }, now?: { value: number }) {
  const root = await mkdtemp(join(tmpdir(), 'verba-library-'));
  const dir = join(root, 'library');
  const spools = join(root, 'spool');
  await mkdir(spools);
  const library = await TranscriptLibrary.open(dir, now ? { now: () => now.value } : {});
  t.after(async () => {
    library.close();
    await rm(root, { recursive: true, force: true });
  });
  let n = 0;
  const spool = async () => {
    const path = join(spools, `spool-${Date.now()}-${process.pid}-${n++}.wav`);
    await writeFile(path, `RIFF fake audio ${n}`);
    return path;
  };
  return { root, dir, spools, library, spool };
}

test('history lists newest first, filters by kind and date, and pages with a total', async (t) => {
  const { library } = await setup(t);
  const base = Date.UTC(2026, 10, 3, 9);
  const ids: number[] = [];
  for (let i = 0; i < 6; i++)
    ids.push(
      await library.add({
        transcript: makeTranscript([`Note number ${i}.`]),
        kind: i % 2 === 0 ? 'dictation' : 'file',
        createdAt: base + i * DAY,
      }),
    );
  const all = await library.list();
  assert.deepEqual(
    all.items.map((s) => s.id),
    [...ids].reverse(),
  );
  assert.equal(all.total, 6);
  assert.equal(all.items[0]!.preview, 'Note number 5.');
  assert.deepEqual(
    (await library.list({ kind: 'file' })).items.map((s) => s.id),
    [ids[5], ids[3], ids[1]],
  );
  assert.deepEqual(
    (await library.list({ from: base + 2 * DAY, to: base + 4 * DAY })).items.map((s) => s.id),
    [ids[3], ids[2]],
  );
  const page = await library.list({ limit: 2, offset: 2 });
  assert.deepEqual(
    page.items.map((s) => s.id),
    [ids[3], ids[2]],
  );
  assert.equal(page.total, 6);
});

test('search finds words and prefixes, highlights them in a snippet, and treats FTS syntax as text', async (t) => {
  const { library } = await setup(t);
  const a = await library.add({
    transcript: makeTranscript(['We reviewed the quarterly budget.', 'Marketing asked for more.']),
    kind: 'file',
    title: 'Finance sync',
  });
  const b = await library.add({ transcript: makeTranscript(['Budgets are tight, said Zoë.']), kind: 'dictation' });
  await library.add({ transcript: makeTranscript(['Nothing about money here.']), kind: 'dictation' });

  const hits = await library.search({ text: 'budget' });
  assert.deepEqual(
    hits.items.map((h) => h.id),
    [b, a],
  );
  assert.equal(hits.total, 2);
  const snippet = hits.items[1]!.snippet;
  assert.deepEqual(
    snippet.filter((p) => p.hit).map((p) => p.text),
    ['budget'],
  );
  assert.equal(snippet.map((p) => p.text).join(''), 'We reviewed the quarterly budget. Marketing asked for more.');
  assert.deepEqual(
    hits.items[0]!.snippet.filter((p) => p.hit).map((p) => p.text),
    ['Budgets'],
  );

  assert.deepEqual(
    (await library.search({ text: 'quarterly budget' })).items.map((h) => h.id),
    [a],
  );
  assert.deepEqual(
    (await library.search({ text: 'zoe' })).items.map((h) => h.id),
    [b],
    'accents fold',
  );
  assert.deepEqual(
    (await library.search({ text: 'finance' })).items.map((h) => h.id),
    [a],
    'titles are searched',
  );
  assert.deepEqual(
    (await library.search({ text: 'budget', kind: 'dictation' })).items.map((h) => h.id),
    [b],
  );
  for (const odd of ['"budget', 'budget*', '(budget', '-budget', 'budget"', 'budget^'])
    assert.equal((await library.search({ text: odd })).total, 2, odd);
  // FTS5 operators are words to look for, not syntax: no error, and "and" must occur.
  assert.equal((await library.search({ text: 'budget AND' })).total, 0);
  assert.equal((await library.search({ text: 'NEAR(budget' })).total, 0);
  assert.equal((await library.search({ text: 'text:budget' })).total, 0);
  assert.equal((await library.search({ text: '  ?! ' })).total, 0);
});

test('rename, a re-transcription and an edit are saved; an empty title is refused', async (t) => {
  const { library } = await setup(t);
  const id = await library.add({
    transcript: makeTranscript(['First take.']),
    kind: 'file',
    audioPath: '/music/take.flac',
  });
  assert.equal((await library.get(id)).title, 'take');
  assert.equal((await library.update(id, { title: '  Interview  ' })).title, 'Interview');
  const again = await library.update(id, {
    transcript: makeTranscript(['Second take, better.'], { model: 'sew-d-mid-400k-ft-ls100h' }),
    decoder: { decoder: 'beam', beamWidth: 32 },
  });
  assert.equal(again.transcript.text, 'Second take, better.');
  assert.equal(again.model, 'sew-d-mid-400k-ft-ls100h');
  assert.deepEqual(again.decoder, { decoder: 'beam', beamWidth: 32 });
  assert.ok(again.updatedAt >= again.createdAt);
  assert.equal((await library.search({ text: 'first' })).total, 0, 'the old text is no longer found');
  assert.equal((await library.search({ text: 'better' })).total, 1);
  await assert.rejects(
    library.update(id, { title: ' ' }),
    (e: unknown) => e instanceof VerbaError && e.code === 'BadTitle',
  );
  await assert.rejects(
    library.update(999, { title: 'x' }),
    (e: unknown) => e instanceof VerbaError && e.code === 'TranscriptNotFound',
  );
  // The index still agrees with the rows after renames and edits (FTS5 checks it against its content).
  await library.delete(id);
  await new Promise((resolve) => setTimeout(resolve, 5)); // the trash is emptied of what is older than now
  await library.purgeTrash(0);
  const raw = openDatabase(library.path);
  raw.exec(`INSERT INTO transcripts_fts (transcripts_fts, rank) VALUES ('integrity-check', 1)`);
  assert.equal((raw.prepare('SELECT count(*) AS n FROM transcript_bodies').get() as { n: number }).n, 0);
  raw.close();
});

test('delete moves to the trash and restore undoes it; the trash is emptied after its days, audio included', async (t) => {
  const now = { value: Date.UTC(2026, 0, 1) };
  const { library, dir, spool } = await setup(t, now);
  const id = await library.add({
    transcript: makeTranscript(['Secret plans.']),
    kind: 'dictation',
    spoolPath: await spool(),
  });
  const audio = (await library.get(id)).audioPath!;
  await library.delete(id);
  assert.equal((await library.list()).total, 0);
  assert.equal((await library.search({ text: 'secret' })).total, 0);
  assert.ok((await library.get(id)).deletedAt !== null);
  await library.restore(id);
  assert.equal((await library.search({ text: 'secret' })).total, 1);
  await library.delete(id);
  now.value += 31 * DAY;
  library.close();
  const reopened = await TranscriptLibrary.open(dir, { now: () => now.value });
  t.after(() => reopened.close());
  await assert.rejects(reopened.get(id), (e: unknown) => e instanceof VerbaError && e.code === 'TranscriptNotFound');
  assert.equal(await exists(audio), false);
});

test("a dictation's spool is moved into recordings/<id>.wav; a file is only referred to", async (t) => {
  const { library, dir, spool, root } = await setup(t);
  const path = await spool();
  const bytes = await readFile(path, 'utf8');
  const id = await library.add({ transcript: makeTranscript(['Hello.']), kind: 'dictation', spoolPath: path });
  const stored = await library.get(id);
  assert.equal(stored.audioPath, join(dir, 'recordings', `${id}.wav`));
  assert.equal(await readFile(stored.audioPath, 'utf8'), bytes);
  assert.equal(await exists(path), false, 'the spool is gone once the transcript is stored');

  const file = join(root, 'meeting.m4a');
  await writeFile(file, 'not really m4a');
  const fid = await library.add({ transcript: makeTranscript(['Hi all.']), kind: 'file', audioPath: file });
  assert.equal((await library.get(fid)).audioPath, file);
  assert.equal((await library.get(fid)).title, 'meeting');
  await rm(file);
  assert.equal((await library.get(fid)).audioPath, null, 'a moved or deleted source file is reported as missing');
});

test('the spool stays when the transcript cannot be stored', async (t) => {
  const { library, spool } = await setup(t);
  const path = await spool();
  const bad = { ...makeTranscript(['x']), duration_s: Number.NaN };
  await assert.rejects(
    library.add({ transcript: bad, kind: 'dictation', spoolPath: path }),
    (e: unknown) => e instanceof VerbaError && e.code === 'InvalidTranscript',
  );
  library.close();
  await assert.rejects(library.add({ transcript: makeTranscript(['y']), kind: 'dictation', spoolPath: path }));
  assert.equal(await exists(path), true);
});

test('a move interrupted after the commit is finished when the library opens', async (t) => {
  const { library, dir, spool } = await setup(t);
  const path = await spool();
  library.close();
  // What a crash between COMMIT and rename leaves: a committed row in 'moving', the spool in place.
  const db = openDatabase(join(dir, DATABASE_FILE));
  db.prepare(
    `INSERT INTO transcripts (title, kind, created_at, updated_at, duration_s, model, device, preview, decoder) VALUES ('x', 'dictation', 1, 1, 1, 'm', 'cpu', 'Crash text', '{"decoder":"greedy"}')`,
  ).run();
  db.prepare(`INSERT INTO transcript_bodies VALUES (1, 'Crash text', '[]')`).run();
  db.prepare(`INSERT INTO recordings VALUES (1, 'recordings/1.wav', 1, 'moving', ?)`).run(path);
  db.close();
  const reopened = await TranscriptLibrary.open(dir);
  t.after(() => reopened.close());
  assert.equal((await reopened.get(1)).audioPath, join(dir, 'recordings', '1.wav'));
  assert.equal(await exists(path), false);
});

test('retention removes old dictation audio but keeps every transcript and the user’s own files', async (t) => {
  const now = { value: Date.UTC(2026, 5, 1) };
  const { library, spool, root } = await setup(t, now);
  const old = await library.add({
    transcript: makeTranscript(['Old.']),
    kind: 'dictation',
    spoolPath: await spool(),
    createdAt: now.value - 40 * DAY,
  });
  const fresh = await library.add({
    transcript: makeTranscript(['New.']),
    kind: 'dictation',
    spoolPath: await spool(),
  });
  const file = join(root, 'talk.wav');
  await writeFile(file, 'x');
  const ref = await library.add({
    transcript: makeTranscript(['Talk.']),
    kind: 'file',
    audioPath: file,
    createdAt: now.value - 90 * DAY,
  });
  assert.equal(await library.retentionDays(), null, 'kept for ever unless the user chooses');
  const oldAudio = (await library.get(old)).audioPath!;
  assert.equal(await library.setRetentionDays(30), 1);
  assert.equal(await library.retentionDays(), 30);
  assert.equal((await library.get(old)).audioPath, null);
  assert.equal(await exists(oldAudio), false);
  assert.equal((await library.get(old)).transcript.text, 'Old.');
  assert.notEqual((await library.get(fresh)).audioPath, null);
  assert.equal((await library.get(ref)).audioPath, file);
  await assert.rejects(library.setRetentionDays(0), (e: unknown) => e instanceof VerbaError && e.code === 'BadSetting');
});
