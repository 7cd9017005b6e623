/**
 * Opens the library's SQLite file through node:sqlite (built into Node 24 and Electron 45: no native
 * addon to rebuild per Electron version, and its SQLite has FTS5 compiled in; database.test.ts checks).
 * WAL lets readers (history, search) run while a transcript is written; synchronous=FULL makes every
 * COMMIT durable before it returns, so a crash or power cut right after a final text cannot lose it.
 *
 *   const db = openDatabase('/path/verba.db');
 *   transaction(db, () => db.prepare('INSERT …').run(…));
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { VerbaError } from '../../common/result.ts';

export type Database = DatabaseSync;

/** SQLite's own error text is for logs; the user gets one sentence naming the file. */
function openFailure(path: string, error: unknown): VerbaError {
  const message = error instanceof Error ? error.message : String(error);
  if (/not a database|malformed|file is encrypted/i.test(message))
    return new VerbaError(
      'LibraryDamaged',
      `The transcript library ${path} is damaged (${message}); Verba left it untouched.`,
      { cause: error },
    );
  return new VerbaError('LibraryUnavailable', `Verba could not open the transcript library ${path} (${message}).`, {
    cause: error,
  });
}

export function openDatabase(path: string): Database {
  let db: DatabaseSync | undefined;
  try {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    db = new DatabaseSync(path, { enableForeignKeyConstraints: true, timeout: 5000 });
    db.exec('PRAGMA journal_mode = WAL');
    db.exec('PRAGMA synchronous = FULL');
    // Reading a page proves the file is a database: a damaged header fails here, not mid-write later.
    db.prepare('SELECT count(*) FROM sqlite_schema').get();
    return db;
  } catch (error) {
    db?.close();
    throw openFailure(path, error);
  }
}

/** Runs `fn` in one IMMEDIATE transaction: all of it is committed or none (an exception rolls back). */
export function transaction<T>(db: Database, fn: () => T): T {
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = fn();
    db.exec('COMMIT');
    return result;
  } catch (error) {
    if (db.isTransaction) db.exec('ROLLBACK');
    throw error;
  }
}

/** "ok" when SQLite finds nothing wrong with the file's structure. */
export function integrityCheck(db: Database): string {
  const rows = db.prepare('PRAGMA integrity_check').all() as Array<{ integrity_check: string }>;
  return rows.map((r) => r.integrity_check).join('; ');
}

const statements = new WeakMap<Database, Map<string, StatementSync>>();

/** A prepared statement reused across calls (hot paths such as search: compiling costs ~0.1 ms each). */
export function statement(db: Database, sql: string): StatementSync {
  let cache = statements.get(db);
  if (cache === undefined) statements.set(db, (cache = new Map()));
  let prepared = cache.get(sql);
  if (prepared === undefined) cache.set(sql, (prepared = db.prepare(sql)));
  return prepared;
}
