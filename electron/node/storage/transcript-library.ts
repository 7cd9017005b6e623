/**
 * The transcript library: every dictation and file transcript in one SQLite file (library-path.ts says
 * where), with their audio beside it. An async repository, so callers do not care that node:sqlite is
 * synchronous today; it can move to a worker without changing them.
 *
 *   const library = await TranscriptLibrary.open(libraryDir());
 *   const id = await library.add({ transcript, kind: 'dictation', spoolPath }); // spool moved in after commit
 *   const { items } = await library.search({ text: 'budget' });
 *   await library.delete(id); await library.restore(id); // undo
 */
import { basename, extname, join } from 'node:path';
import type {
  DecoderInfo,
  LibraryPage,
  LibraryQuery,
  SearchHit,
  StoredTranscript,
  TranscriptKind,
  TranscriptSummary,
  TranscriptUpdate,
} from '../../common/library.ts';
import { TRANSCRIPT_KINDS } from '../../common/library.ts';
import { LIBRARY_DEFAULTS } from '../../common/defaults.ts';
import { VerbaError } from '../../common/result.ts';
import type { Transcript } from '../../common/transcript.ts';
import { type Database, openDatabase, transaction } from './database.ts';
import { DATABASE_FILE, libraryDir } from './library-path.ts';
import { migrate } from './migrations.ts';
import {
  applyRetention,
  finishMoves,
  recordReference,
  recordSpool,
  recordingPath,
  removeOwnedFiles,
} from './recordings.ts';
import { searchTranscripts } from './search.ts';
import {
  getTranscript,
  insertTranscript,
  listTranscripts,
  missing,
  purgeDeleted,
  setDeleted,
  updateTranscript,
} from './transcripts.ts';

export interface AddTranscript {
  transcript: Transcript;
  kind: TranscriptKind;
  /** Default: the file's name, or a dictation's first words. */
  title?: string;
  createdAt?: number;
  decoder?: DecoderInfo;
  /** A dictation's closed spool: moved into recordings/<id>.wav once the transcript is committed. */
  spoolPath?: string;
  /** A file transcript's audio: referred to, never moved or removed. */
  audioPath?: string;
}

export interface OpenOptions {
  /** The clock, for tests of retention and the trash. */
  now?: () => number;
}

const RETENTION_KEY = 'recordingRetentionDays';
const TITLE_WORDS = 8;

export function defaultTitle(input: Pick<AddTranscript, 'transcript' | 'kind' | 'audioPath'>): string {
  if (input.audioPath !== undefined) return basename(input.audioPath, extname(input.audioPath)) || 'Recording';
  const words = input.transcript.text.split(/\s+/).filter(Boolean);
  if (words.length === 0) return input.kind === 'dictation' ? 'Dictation' : 'Transcript';
  return words.slice(0, TITLE_WORDS).join(' ') + (words.length > TITLE_WORDS ? '…' : '');
}

/** Values from outside (IPC, a JSON file) are checked before anything is written. */
function checkTranscript(t: unknown): asserts t is Transcript {
  const bad = (why: string): never => {
    throw new VerbaError('InvalidTranscript', `The transcript cannot be stored: ${why}.`);
  };
  if (typeof t !== 'object' || t === null) bad('it is not an object');
  const v = t as Record<string, unknown>;
  if (typeof v.text !== 'string') bad('its text is missing');
  if (typeof v.duration_s !== 'number' || !Number.isFinite(v.duration_s) || v.duration_s < 0)
    bad('its duration is invalid');
  if (typeof v.model !== 'string' || typeof v.device !== 'string') bad('its model or device is missing');
  if (!Array.isArray(v.segments)) bad('its segments are missing');
}

export class TranscriptLibrary {
  readonly dir: string;
  readonly path: string;
  readonly #db: Database;
  readonly #now: () => number;

  private constructor(dir: string, db: Database, now: () => number) {
    this.dir = dir;
    this.path = join(dir, DATABASE_FILE);
    this.#db = db;
    this.#now = now;
  }

  /** Opens (creating or migrating) the library, finishes interrupted moves, empties the old trash. */
  static async open(dir: string = libraryDir(), options: OpenOptions = {}): Promise<TranscriptLibrary> {
    const path = join(dir, DATABASE_FILE);
    const db = openDatabase(path);
    try {
      migrate(db, { path });
      const library = new TranscriptLibrary(dir, db, options.now ?? Date.now);
      await finishMoves(db, dir);
      await library.purgeTrash();
      await applyRetention(db, dir, await library.retentionDays(), library.#now());
      return library;
    } catch (error) {
      db.close();
      throw error;
    }
  }

  /** Stores a transcript and returns its id; the COMMIT is durable (fsync'ed) before the spool is moved. */
  async add(input: AddTranscript): Promise<number> {
    checkTranscript(input.transcript);
    if (!TRANSCRIPT_KINDS.includes(input.kind))
      throw new VerbaError('InvalidTranscript', `A transcript is a dictation or a file, not "${String(input.kind)}".`);
    const createdAt = input.createdAt ?? this.#now();
    const title = input.title?.trim() || defaultTitle(input);
    const id = transaction(this.#db, () => {
      const id = insertTranscript(this.#db, { ...input, title, createdAt });
      if (input.spoolPath !== undefined) recordSpool(this.#db, id, input.spoolPath);
      else if (input.audioPath !== undefined) recordReference(this.#db, id, input.audioPath);
      return id;
    });
    if (input.spoolPath !== undefined) await finishMoves(this.#db, this.dir);
    return id;
  }

  /** One transcript with its words and audio; the trash included (its `deletedAt` is set). */
  async get(id: number): Promise<StoredTranscript> {
    const stored = getTranscript(this.#db, id);
    if (stored === null) throw missing(id);
    return { ...stored, audioPath: await recordingPath(this.#db, this.dir, id) };
  }

  /** History: newest first, with the filters; a query with text is a search. */
  async list(query: LibraryQuery = {}): Promise<LibraryPage<TranscriptSummary>> {
    return listTranscripts(this.#db, query);
  }

  async search(query: LibraryQuery & { text: string }): Promise<LibraryPage<SearchHit>> {
    return searchTranscripts(this.#db, query);
  }

  /** Rename, save an edit, or store a re-transcription (with the model and decoder that made it). */
  async update(id: number, update: TranscriptUpdate): Promise<StoredTranscript> {
    if (update.transcript !== undefined) checkTranscript(update.transcript);
    transaction(this.#db, () => updateTranscript(this.#db, id, update, this.#now()));
    return this.get(id);
  }

  /** Moves to the trash; restore() undoes it until the trash is emptied (LIBRARY_DEFAULTS.trashDays). */
  async delete(id: number): Promise<void> {
    setDeleted(this.#db, id, this.#now());
  }

  async restore(id: number): Promise<void> {
    setDeleted(this.#db, id, null);
  }

  /** Deletes for good what has been in the trash longer than `days`; returns how many. */
  async purgeTrash(days: number = LIBRARY_DEFAULTS.trashDays): Promise<number> {
    const before = this.#now() - days * 86_400_000;
    const count = (
      this.#db
        .prepare('SELECT count(*) AS n FROM transcripts WHERE deleted_at IS NOT NULL AND deleted_at < ?')
        .get(before) as {
        n: number;
      }
    ).n;
    if (count === 0) return 0;
    const files = transaction(this.#db, () => purgeDeleted(this.#db, before));
    await removeOwnedFiles(this.dir, files);
    return count;
  }

  /** Days a dictation's audio is kept (null: for ever). */
  async retentionDays(): Promise<number | null> {
    const row = this.#db.prepare('SELECT value FROM settings WHERE key = ?').get(RETENTION_KEY) as
      { value: string } | undefined;
    return row === undefined ? LIBRARY_DEFAULTS.recordingRetentionDays : (JSON.parse(row.value) as number | null);
  }

  /** Sets the retention and applies it at once; returns how many recordings it removed. */
  async setRetentionDays(days: number | null): Promise<number> {
    if (days !== null && !(Number.isInteger(days) && days >= 1))
      throw new VerbaError(
        'BadSetting',
        `Recordings are kept for a whole number of days (at least 1) or for ever, not ${days}.`,
      );
    this.#db
      .prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
      .run(RETENTION_KEY, JSON.stringify(days));
    return applyRetention(this.#db, this.dir, days, this.#now());
  }

  close(): void {
    if (this.#db.isOpen) this.#db.close();
  }
}
