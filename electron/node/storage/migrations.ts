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
/** History rows show the first characters of the text. */
export const PREVIEW_CHARS = 160;

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
  // 4: search speed. Search joins each hit to its row for the filters and the sort, so rows hold only
  // the small columns (and a stored preview) and the text and words move to transcript_bodies: 10,000
  // rows then fit in a few hundred pages instead of one page each. FTS reads title and text through a
  // view; prefix indexes make search-as-you-type ("bu" → budget) cheap. SQLite cannot drop or reorder
  // columns in place, so the table is rebuilt (SQLite's 12-step procedure: migrate() turns foreign keys
  // off around it so recordings are not cascaded away); ids, and with them the FTS rowids, are kept.
  `DROP TRIGGER transcripts_fts_insert;
   DROP TRIGGER transcripts_fts_delete;
   DROP TRIGGER transcripts_fts_update;
   DROP TABLE transcripts_fts;
   CREATE TABLE transcripts_v4 (
     id INTEGER PRIMARY KEY,
     kind TEXT NOT NULL CHECK (kind IN ('dictation', 'file')),
     created_at INTEGER NOT NULL,
     deleted_at INTEGER,
     updated_at INTEGER NOT NULL,
     duration_s REAL NOT NULL,
     title TEXT NOT NULL,
     model TEXT NOT NULL,
     device TEXT NOT NULL,
     decoder TEXT NOT NULL,
     preview TEXT NOT NULL
   );
   INSERT INTO transcripts_v4 (id, kind, created_at, deleted_at, updated_at, duration_s, title, model, device, decoder, preview)
     SELECT id, kind, created_at, deleted_at, updated_at, duration_s, title, model, device, decoder, substr(text, 1, ${PREVIEW_CHARS})
     FROM transcripts;
   CREATE TABLE transcript_bodies (
     transcript_id INTEGER PRIMARY KEY REFERENCES transcripts (id) ON DELETE CASCADE,
     text TEXT NOT NULL,
     segments TEXT NOT NULL
   );
   INSERT INTO transcript_bodies (transcript_id, text, segments) SELECT id, text, segments FROM transcripts;
   DROP TABLE transcripts;
   ALTER TABLE transcripts_v4 RENAME TO transcripts;
   CREATE INDEX transcripts_by_date ON transcripts (deleted_at, created_at);
   CREATE VIEW transcript_search AS
     SELECT t.id AS id, t.title AS title, b.text AS text FROM transcripts t JOIN transcript_bodies b ON b.transcript_id = t.id;
   CREATE VIRTUAL TABLE transcripts_fts USING fts5 (title, text, content = 'transcript_search', content_rowid = 'id', prefix = '2 3', ${TOKENIZER});
   INSERT INTO transcripts_fts (transcripts_fts) VALUES ('rebuild');
   -- The body is written after its row, and the row is deleted before its body (cascade): so the index
   -- gains a transcript when its body arrives and loses it just before its row goes.
   CREATE TRIGGER transcripts_fts_insert AFTER INSERT ON transcript_bodies BEGIN
     INSERT INTO transcripts_fts (rowid, title, text)
       VALUES (new.transcript_id, (SELECT title FROM transcripts WHERE id = new.transcript_id), new.text);
   END;
   CREATE TRIGGER transcripts_fts_text AFTER UPDATE OF text ON transcript_bodies BEGIN
     INSERT INTO transcripts_fts (transcripts_fts, rowid, title, text)
       VALUES ('delete', old.transcript_id, (SELECT title FROM transcripts WHERE id = old.transcript_id), old.text);
     INSERT INTO transcripts_fts (rowid, title, text)
       VALUES (new.transcript_id, (SELECT title FROM transcripts WHERE id = new.transcript_id), new.text);
   END;
   CREATE TRIGGER transcripts_fts_title AFTER UPDATE OF title ON transcripts BEGIN
     INSERT INTO transcripts_fts (transcripts_fts, rowid, title, text)
       VALUES ('delete', old.id, old.title, (SELECT text FROM transcript_bodies WHERE transcript_id = old.id));
     INSERT INTO transcripts_fts (rowid, title, text)
       VALUES (new.id, new.title, (SELECT text FROM transcript_bodies WHERE transcript_id = new.id));
   END;
   CREATE TRIGGER transcripts_fts_delete BEFORE DELETE ON transcripts BEGIN
     INSERT INTO transcripts_fts (transcripts_fts, rowid, title, text)
       VALUES ('delete', old.id, old.title, (SELECT text FROM transcript_bodies WHERE transcript_id = old.id));
   END;`,
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
  if (current >= target) return ran;
  // Table rebuilds must not cascade; foreign keys can only be switched outside a transaction, and each
  // migration checks them itself before it commits.
  db.exec('PRAGMA foreign_keys = OFF');
  try {
    for (let v = current; v < target; v++) {
      transaction(db, () => {
        db.exec(MIGRATIONS[v]!);
        const broken = db.prepare('PRAGMA foreign_key_check').all();
        if (broken.length > 0) throw new Error(`migration ${v + 1} broke ${broken.length} foreign keys`);
        db.exec(`PRAGMA user_version = ${v + 1}`);
      });
      ran.push(v + 1);
    }
  } finally {
    db.exec('PRAGMA foreign_keys = ON');
  }
  return ran;
}
