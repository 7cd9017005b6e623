/**
 * The transcripts table: rows in and out, history pages, edits and the trash. Synchronous functions over
 * one connection; TranscriptLibrary is the async repository the rest of the app uses.
 *
 *   const id = insertTranscript(db, { transcript, kind: 'file', title: 'Standup', createdAt: Date.now() });
 *   listTranscripts(db, { kind: 'dictation', limit: 50 }).items;
 */
import type { SQLInputValue } from 'node:sqlite';
import type {
  DecoderInfo,
  LibraryPage,
  LibraryQuery,
  StoredTranscript,
  TranscriptKind,
  TranscriptSummary,
} from '../../common/library.ts';
import { LIBRARY_DEFAULTS } from '../../common/defaults.ts';
import { VerbaError } from '../../common/result.ts';
import type { Transcript } from '../../common/transcript.ts';
import type { Database } from './database.ts';
import { PREVIEW_CHARS } from './migrations.ts';

export interface NewTranscript {
  transcript: Transcript;
  kind: TranscriptKind;
  title: string;
  createdAt: number;
  decoder?: DecoderInfo;
}

export const SUMMARY_COLUMNS = 't.id, t.title, t.kind, t.created_at, t.updated_at, t.duration_s, t.model, t.preview';

interface SummaryRow {
  id: number;
  title: string;
  kind: TranscriptKind;
  created_at: number;
  updated_at: number;
  duration_s: number;
  model: string;
  preview: string;
}

export function toSummary(row: SummaryRow): TranscriptSummary {
  return {
    id: row.id,
    title: row.title,
    kind: row.kind,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    duration_s: row.duration_s,
    model: row.model,
    preview: row.preview,
  };
}

/** WHERE terms for the filters shared by history and search (the trash is never listed). */
export function filterTerms(query: LibraryQuery): { sql: string; params: SQLInputValue[] } {
  const terms = ['t.deleted_at IS NULL'];
  const params: SQLInputValue[] = [];
  if (query.kind !== undefined) {
    terms.push('t.kind = ?');
    params.push(query.kind);
  }
  if (query.from !== undefined) {
    terms.push('t.created_at >= ?');
    params.push(query.from);
  }
  if (query.to !== undefined) {
    terms.push('t.created_at < ?');
    params.push(query.to);
  }
  return { sql: terms.join(' AND '), params };
}

export function pageBounds(
  query: LibraryQuery,
  pageSize: number = LIBRARY_DEFAULTS.pageSize,
): { limit: number; offset: number } {
  const limit = Math.max(1, Math.min(1000, Math.floor(query.limit ?? pageSize)));
  return { limit, offset: Math.max(0, Math.floor(query.offset ?? 0)) };
}

export function insertTranscript(db: Database, input: NewTranscript): number {
  const { transcript: t } = input;
  const result = db
    .prepare(
      `INSERT INTO transcripts (title, kind, created_at, updated_at, duration_s, model, device, preview, decoder)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      input.title,
      input.kind,
      input.createdAt,
      input.createdAt,
      t.duration_s,
      t.model,
      t.device,
      t.text.slice(0, PREVIEW_CHARS),
      JSON.stringify(input.decoder ?? { decoder: 'greedy' }),
    );
  const id = Number(result.lastInsertRowid);
  db.prepare('INSERT INTO transcript_bodies (transcript_id, text, segments) VALUES (?, ?, ?)').run(
    id,
    t.text,
    JSON.stringify(t.segments),
  );
  return id;
}

/** Newest first. */
export function listTranscripts(db: Database, query: LibraryQuery): LibraryPage<TranscriptSummary> {
  const where = filterTerms(query);
  const { limit, offset } = pageBounds(query);
  const rows = db
    .prepare(
      `SELECT ${SUMMARY_COLUMNS} FROM transcripts t WHERE ${where.sql} ORDER BY t.created_at DESC, t.id DESC LIMIT ? OFFSET ?`,
    )
    .all(...where.params, limit, offset) as unknown as SummaryRow[];
  const { n } = db.prepare(`SELECT count(*) AS n FROM transcripts t WHERE ${where.sql}`).get(...where.params) as {
    n: number;
  };
  return { items: rows.map(toSummary), total: n };
}

interface FullRow extends SummaryRow {
  device: string;
  text: string;
  segments: string;
  decoder: string;
  deleted_at: number | null;
}

/** The whole transcript (including the trash, for "undo"), without its audio path; null when unknown. */
export function getTranscript(db: Database, id: number): Omit<StoredTranscript, 'audioPath'> | null {
  const row = db
    .prepare(
      `SELECT ${SUMMARY_COLUMNS}, t.device, b.text, b.segments, t.decoder, t.deleted_at
       FROM transcripts t JOIN transcript_bodies b ON b.transcript_id = t.id WHERE t.id = ?`,
    )
    .get(id) as FullRow | undefined;
  if (row === undefined) return null;
  return {
    ...toSummary(row),
    transcript: {
      text: row.text,
      duration_s: row.duration_s,
      model: row.model,
      device: row.device,
      segments: JSON.parse(row.segments) as Transcript['segments'],
    },
    decoder: JSON.parse(row.decoder) as DecoderInfo,
    deletedAt: row.deleted_at,
  };
}

export function missing(id: number): VerbaError {
  return new VerbaError('TranscriptNotFound', `There is no transcript #${id} in the library.`);
}

export function updateTranscript(
  db: Database,
  id: number,
  update: { title?: string; transcript?: Transcript; decoder?: DecoderInfo },
  now: number,
): void {
  const sets: string[] = ['updated_at = ?'];
  const params: SQLInputValue[] = [now];
  if (update.title !== undefined) {
    const title = update.title.trim();
    if (title === '') throw new VerbaError('BadTitle', 'A transcript needs a title; it was left as it was.');
    sets.push('title = ?');
    params.push(title);
  }
  if (update.transcript !== undefined) {
    const t = update.transcript;
    sets.push('preview = ?', 'duration_s = ?', 'model = ?', 'device = ?');
    params.push(t.text.slice(0, PREVIEW_CHARS), t.duration_s, t.model, t.device);
  }
  if (update.decoder !== undefined) {
    sets.push('decoder = ?');
    params.push(JSON.stringify(update.decoder));
  }
  const { changes } = db.prepare(`UPDATE transcripts SET ${sets.join(', ')} WHERE id = ?`).run(...params, id);
  if (changes === 0) throw missing(id);
  if (update.transcript !== undefined)
    db.prepare('UPDATE transcript_bodies SET text = ?, segments = ? WHERE transcript_id = ?').run(
      update.transcript.text,
      JSON.stringify(update.transcript.segments),
      id,
    );
}

/** Moves to the trash (deleted: true) or back out of it. */
export function setDeleted(db: Database, id: number, deletedAt: number | null): void {
  const { changes } = db.prepare('UPDATE transcripts SET deleted_at = ? WHERE id = ?').run(deletedAt, id);
  if (changes === 0) throw missing(id);
}

/**
 * Deletes for good what has been in the trash since before `before` (their recording rows go with them);
 * returns the library-relative paths of the audio files they owned, to be removed after the commit.
 */
export function purgeDeleted(db: Database, before: number): string[] {
  const owned = db
    .prepare(
      `SELECT r.path FROM recordings r JOIN transcripts t ON t.id = r.transcript_id
       WHERE t.deleted_at IS NOT NULL AND t.deleted_at < ? AND r.owned = 1 AND r.state = 'stored'`,
    )
    .all(before) as Array<{ path: string }>;
  db.prepare('DELETE FROM transcripts WHERE deleted_at IS NOT NULL AND deleted_at < ?').run(before);
  return owned.map((r) => r.path);
}
