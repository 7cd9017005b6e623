/**
 * Audio beside the transcripts. A dictation's spool is moved (renamed: instant, atomic) into
 * recordings/<id>.wav only after its transcript row is committed, and its row says 'moving' until the
 * move is done, so a crash at any point leaves either the spool in place (recovered as unsaved audio
 * if no row names it) or a row that the next open finishes moving. A file transcript refers to the
 * user's file and never touches it. Retention removes old dictation audio but keeps the transcript.
 *
 *   recordSpool(db, id, spoolPath); await finishMoves(db, dir);
 */
import { constants } from 'node:fs';
import { access, copyFile, mkdir, open, rename, rm } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import type { Database } from './database.ts';
import { RECORDINGS_FOLDER } from './library-path.ts';

export const ownedRecordingPath = (id: number): string => join(RECORDINGS_FOLDER, `${id}.wav`);

const exists = (path: string) =>
  access(path, constants.F_OK).then(
    () => true,
    () => false,
  );

/** In the transaction that inserts the transcript: the spool is claimed, to be moved after the commit. */
export function recordSpool(db: Database, id: number, spoolPath: string): void {
  db.prepare(
    `INSERT INTO recordings (transcript_id, path, owned, state, spool_path) VALUES (?, ?, 1, 'moving', ?)`,
  ).run(id, ownedRecordingPath(id), spoolPath);
}

/** A file transcript keeps a reference to the user's audio. */
export function recordReference(db: Database, id: number, audioPath: string): void {
  db.prepare(`INSERT INTO recordings (transcript_id, path, owned, state) VALUES (?, ?, 0, 'stored')`).run(
    id,
    audioPath,
  );
}

/**
 * Rename, or on another file system copy to a temporary name, fsync and rename, so `to` existing always
 * means the whole file is there; the source is removed last.
 */
async function moveFile(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
    return;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
  }
  const temp = `${to}.partial`;
  await copyFile(from, temp);
  const handle = await open(temp, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, to);
  await rm(from, { force: true });
}

/** Completes every 'moving' recording (the ones just committed, or ones a crash interrupted). */
export async function finishMoves(db: Database, dir: string): Promise<void> {
  const pending = db
    .prepare(`SELECT transcript_id AS id, path, spool_path FROM recordings WHERE state = 'moving'`)
    .all() as Array<{ id: number; path: string; spool_path: string | null }>;
  if (pending.length === 0) return;
  await mkdir(join(dir, RECORDINGS_FOLDER), { recursive: true });
  for (const row of pending) {
    const to = join(dir, row.path);
    let state: 'stored' | 'removed' = 'stored';
    if (!(await exists(to))) {
      if (row.spool_path !== null && (await exists(row.spool_path))) await moveFile(row.spool_path, to);
      else state = 'removed';
    } else if (row.spool_path !== null) await rm(row.spool_path, { force: true });
    db.prepare('UPDATE recordings SET state = ?, spool_path = NULL WHERE transcript_id = ?').run(state, row.id);
  }
}

/** The audio of a transcript as an absolute path, or null when it was not kept or has gone. */
export async function recordingPath(db: Database, dir: string, id: number): Promise<string | null> {
  const row = db.prepare(`SELECT path, owned, state FROM recordings WHERE transcript_id = ?`).get(id) as
    { path: string; owned: number; state: string } | undefined;
  if (row === undefined || row.state !== 'stored') return null;
  const path = row.owned === 1 || !isAbsolute(row.path) ? join(dir, row.path) : row.path;
  return (await exists(path)) ? path : null;
}

/**
 * Removes the audio of dictations older than `days` (the transcripts stay, without audio). A file
 * transcript's audio is the user's own file and is never removed.
 */
export async function applyRetention(db: Database, dir: string, days: number | null, now: number): Promise<number> {
  if (days === null) return 0;
  const rows = db
    .prepare(
      `SELECT r.transcript_id AS id, r.path FROM recordings r JOIN transcripts t ON t.id = r.transcript_id
       WHERE r.owned = 1 AND r.state = 'stored' AND t.created_at < ?`,
    )
    .all(now - days * 86_400_000) as Array<{ id: number; path: string }>;
  for (const row of rows) {
    // The row changes first: a crash after it leaves a stray file, never a row naming a missing one.
    db.prepare(`UPDATE recordings SET state = 'removed' WHERE transcript_id = ?`).run(row.id);
    await rm(join(dir, row.path), { force: true });
  }
  return rows.length;
}

export async function removeOwnedFiles(dir: string, paths: readonly string[]): Promise<void> {
  for (const path of paths) await rm(join(dir, path), { force: true });
}
