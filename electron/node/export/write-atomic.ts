/**
 * Writes a finished output (a transcript, an export) so that a crash at any moment leaves either the old
 * file or the complete new one at `path`, never a half-written one: a temporary file beside it is
 * written, synced and renamed over the target.
 *
 *   await writeFileAtomic('notes.md', markdown);
 */
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';

export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  // Same folder as the target: rename is atomic only within one file system.
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}-${randomBytes(3).toString('hex')}.tmp`);
  try {
    const file = await open(temp, 'wx');
    try {
      await file.writeFile(data);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw error;
  }
}
