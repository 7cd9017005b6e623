import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VerbaError } from '../../common/result.ts';
import { integrityCheck, openDatabase, transaction } from './database.ts';

const tempDir = async (t: { after: (fn: () => Promise<void>) => void }) => {
  const dir = await mkdtemp(join(tmpdir(), 'verba-db-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
};

test("node:sqlite's SQLite has FTS5 with snippet(), and the file is in WAL mode with FULL sync", async (t) => {
  const db = openDatabase(join(await tempDir(t), 'x.db'));
  t.after(() => db.close());
  db.exec(`CREATE VIRTUAL TABLE notes USING fts5 (body, tokenize = 'unicode61 remove_diacritics 2')`);
  db.prepare('INSERT INTO notes (body) VALUES (?)').run('Le café est prêt pour la réunion');
  const row = db.prepare(`SELECT snippet(notes, 0, '[', ']', '…', 4) AS s FROM notes WHERE notes MATCH 'cafe'`).get();
  assert.equal((row as { s: string }).s, 'Le [café] est prêt…');
  assert.equal((db.prepare('PRAGMA journal_mode').get() as { journal_mode: string }).journal_mode, 'wal');
  assert.equal((db.prepare('PRAGMA synchronous').get() as { synchronous: number }).synchronous, 2);
  assert.equal(integrityCheck(db), 'ok');
});

test('a transaction that throws leaves nothing behind', async (t) => {
  const db = openDatabase(join(await tempDir(t), 'x.db'));
  t.after(() => db.close());
  db.exec('CREATE TABLE t (x INTEGER NOT NULL)');
  assert.throws(() =>
    transaction(db, () => {
      db.prepare('INSERT INTO t VALUES (1)').run();
      db.prepare('INSERT INTO t VALUES (NULL)').run();
    }),
  );
  assert.equal((db.prepare('SELECT count(*) AS n FROM t').get() as { n: number }).n, 0);
  assert.equal(db.isTransaction, false);
});

test('a file that is not a database gets one sentence and is left untouched', async (t) => {
  const path = join(await tempDir(t), 'verba.db');
  const junk = 'this is not SQLite '.repeat(400);
  await writeFile(path, junk);
  assert.throws(
    () => openDatabase(path),
    (e: unknown) => e instanceof VerbaError && e.code === 'LibraryDamaged' && e.message.includes(path),
  );
  const { readFile } = await import('node:fs/promises');
  assert.equal(await readFile(path, 'utf8'), junk);
});
