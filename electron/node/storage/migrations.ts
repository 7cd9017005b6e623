/**
 * The library's schema as a list of versioned migrations. The file's PRAGMA user_version says how many
 * have run; each runs in its own transaction together with the version bump, so a crash mid-migration
 * leaves the previous version intact. Never edit a migration that has shipped: add the next one.
 *
 *   migrate(db);            // to the latest version
 *   migrate(db, { to: 1 }); // tests build the older files they migrate from
 */
import { VerbaError } from '../../common/result.ts';
import { type Database, transaction } from './database.ts';

const ftsTriggers = (columns: readonly string[]) => {
  const cols = columns.join(', ');
  const news = columns.map((c) => `new.${c}`).join(', ');
  const olds = columns.map((c) => `old.${c}`).join(', ');
  return `
    CREATE TRIGGER transcripts_fts_insert AFTER INSERT ON transcripts BEGIN
      INSERT INTO transcripts_fts(rowid, ${cols}) VALUES (new.id, ${news});
    END;
    CREATE TRIGGER transcripts_fts_delete AFTER DELETE ON transcripts BEGIN
      INSERT INTO transcripts_fts(transcripts_fts, rowid, ${cols}) VALUES ('delete', old.id, ${olds});
    END;
    CREATE TRIGGER transcripts_fts_update AFTER UPDATE OF ${cols} ON transcripts BEGIN
      INSERT INTO transcripts_fts(transcripts_fts, rowid, ${cols}) VALUES ('delete', old.id, ${olds});
      INSERT INTO transcripts_fts(rowid, ${cols}) VALUES (new.id, ${news});
    END;`;
};

/** Unicode word tokens, accents folded ("café" finds "cafe"), for dictation in any Latin-script language. */
const TOKENIZER = `tokenize = 'unicode61 remove_diacritics 2'`;

/** MIGRATIONS[k] takes a file from version k to k + 1. */
export const MIGRATIONS: readonly string[] = [
  // 1: transcripts with their segments (JSON, DESIGN contract 2) and full-text search over the text.
  `CREATE TABLE transcripts (
     id INTEGER PRIMARY KEY,
     title TEXT NOT NULL,
     kind TEXT NOT NULL CHECK (kind IN ('dictation', 'file')),
     created_at INTEGER NOT NULL,
     duration_s REAL NOT NULL,
     model TEXT NOT NULL,
     device TEXT NOT NULL,
     text TEXT NOT NULL,
     segments TEXT NOT NULL
   );
   CREATE INDEX transcripts_by_date ON transcripts (created_at);
   CREATE VIRTUAL TABLE transcripts_fts USING fts5 (text, content = 'transcripts', content_rowid = 'id', ${TOKENIZER});
   ${ftsTriggers(['text'])}`,
  // 2: audio beside the transcript, edits' time, the trash (soft delete), and library settings.
  `ALTER TABLE transcripts ADD COLUMN updated_at INTEGER NOT NULL DEFAULT 0;
   UPDATE transcripts SET updated_at = created_at;
   ALTER TABLE transcripts ADD COLUMN deleted_at INTEGER;
   DROP INDEX transcripts_by_date;
   CREATE INDEX transcripts_by_date ON transcripts (deleted_at, created_at);
   CREATE TABLE recordings (
     transcript_id INTEGER PRIMARY KEY REFERENCES transcripts (id) ON DELETE CASCADE,
     -- owned: relative to the library folder (recordings/<id>.wav); a reference: the user's absolute path.
     path TEXT NOT NULL,
     owned INTEGER NOT NULL CHECK (owned IN (0, 1)),
     -- 'moving': committed, the spool not yet renamed into place (finished on the next open).
     state TEXT NOT NULL CHECK (state IN ('moving', 'stored', 'removed')),
     spool_path TEXT
   );
   CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);`,
  // 3: how the text was decoded (re-transcription), and titles searchable with the text.
  `ALTER TABLE transcripts ADD COLUMN decoder TEXT NOT NULL DEFAULT '{"decoder":"greedy"}';
   DROP TRIGGER transcripts_fts_insert;
   DROP TRIGGER transcripts_fts_delete;
   DROP TRIGGER transcripts_fts_update;
   DROP TABLE transcripts_fts;
   CREATE VIRTUAL TABLE transcripts_fts USING fts5 (title, text, content = 'transcripts', content_rowid = 'id', ${TOKENIZER});
   INSERT INTO transcripts_fts (transcripts_fts) VALUES ('rebuild');
   ${ftsTriggers(['title', 'text'])}`,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

export function schemaVersion(db: Database): number {
  return (db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version;
}

/** Brings the file to version `to` (default: the latest); returns the versions it went through. */
export function migrate(db: Database, options: { to?: number; path?: string } = {}): number[] {
  const target = options.to ?? SCHEMA_VERSION;
  const current = schemaVersion(db);
  if (current > SCHEMA_VERSION)
    throw new VerbaError(
      'LibraryTooNew',
      `The transcript library ${options.path ?? ''} was written by a newer Verba (schema ${current}, this one knows ${SCHEMA_VERSION}); update Verba to open it.`.replace(
        '  ',
        ' ',
      ),
    );
  const ran: number[] = [];
  for (let v = current; v < target; v++) {
    transaction(db, () => {
      db.exec(MIGRATIONS[v]!);
      db.exec(`PRAGMA user_version = ${v + 1}`);
    });
    ran.push(v + 1);
  }
  return ran;
}
