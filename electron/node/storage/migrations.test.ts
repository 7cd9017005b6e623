import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VerbaError } from '../../common/result.ts';
import { integrityCheck, openDatabase } from './database.ts';
import { DATABASE_FILE } from './library-path.ts';
import { SCHEMA_VERSION, migrate, schemaVersion } from './migrations.ts';
import { TranscriptLibrary } from './transcript-library.ts';

const segments = JSON.stringify([
  {
    start: 0,
    end: 1,
    text: 'Quarterly budget review',
    words: [{ word: 'Quarterly', start: 0, end: 0.4, confidence: 0.9 }],
  },
]);

/** A library file as version `version` of Verba left it, with one transcript written the way that version wrote it. */
async function olderLibrary(dir: string, version: number): Promise<void> {
  const db = openDatabase(join(dir, DATABASE_FILE));
  migrate(db, { to: version });
  assert.equal(schemaVersion(db), version);
  const columns = ['title', 'kind', 'created_at', 'duration_s', 'model', 'device', 'text', 'segments'];
  const values: Array<string | number> = [
    'Budget',
    'file',
    1_700_000_000_000,
    12.5,
    'tiny',
    'cpu',
    'Quarterly budget review',
    segments,
  ];
  if (version >= 2) {
    columns.push('updated_at');
    values.push(1_700_000_000_000);
  }
  db.prepare(`INSERT INTO transcripts (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`).run(
    ...values,
  );
  if (version >= 2) {
    await writeFile(join(dir, 'budget.m4a'), 'audio');
    db.prepare(`INSERT INTO recordings VALUES (1, ?, 0, 'stored', NULL)`).run(join(dir, 'budget.m4a'));
  }
  db.close();
}

test('an empty file migrates to the latest schema, and opening it again runs nothing', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'verba-migrate-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const db = openDatabase(join(dir, DATABASE_FILE));
  assert.deepEqual(
    migrate(db),
    Array.from({ length: SCHEMA_VERSION }, (_, i) => i + 1),
  );
  assert.deepEqual(migrate(db), []);
  assert.equal(integrityCheck(db), 'ok');
  db.close();
});

for (let version = 1; version < SCHEMA_VERSION; version++) {
  test(`a version ${version} library migrates with its transcript kept, searchable by text and title`, async (t) => {
    const dir = await mkdtemp(join(tmpdir(), 'verba-migrate-'));
    t.after(() => rm(dir, { recursive: true, force: true }));
    await olderLibrary(dir, version);
    const library = await TranscriptLibrary.open(dir);
    t.after(() => library.close());
    const stored = await library.get(1);
    assert.equal(stored.title, 'Budget');
    assert.equal(stored.transcript.text, 'Quarterly budget review');
    assert.equal(stored.transcript.segments[0]!.words[0]!.word, 'Quarterly');
    assert.equal(stored.updatedAt, 1_700_000_000_000);
    assert.deepEqual(stored.decoder, { decoder: 'greedy' });
    assert.equal(stored.deletedAt, null);
    // The audio reference survives the table rebuild (foreign keys do not cascade during migrations).
    assert.equal(stored.audioPath, version >= 2 ? join(dir, 'budget.m4a') : null);
    assert.deepEqual(
      (await library.search({ text: 'budg' })).items.map((h) => h.id),
      [1],
    );
    assert.deepEqual((await library.search({ text: 'budget' })).total, 1); // title and text: one hit, not two
    // New rows after the migration are indexed by the new triggers.
    const id = await library.add({ transcript: { ...stored.transcript, text: 'Hiring plan' }, kind: 'dictation' });
    assert.deepEqual(
      (await library.search({ text: 'hiring' })).items.map((h) => h.id),
      [id],
    );
  });
}

test('a library from a newer Verba is refused in one sentence, untouched', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'verba-migrate-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const db = openDatabase(join(dir, DATABASE_FILE));
  db.exec(`PRAGMA user_version = ${SCHEMA_VERSION + 1}`);
  db.close();
  await assert.rejects(
    TranscriptLibrary.open(dir),
    (e: unknown) => e instanceof VerbaError && e.code === 'LibraryTooNew',
  );
  const again = openDatabase(join(dir, DATABASE_FILE));
  assert.equal(schemaVersion(again), SCHEMA_VERSION + 1);
  again.close();
});
