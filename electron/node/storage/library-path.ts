/**
 * Where the transcript library lives, decided in one place for the app and the CLI alike, so
 * `verba transcribe --save` lands in the history the app shows:
 *
 *   $VERBA_DATA_DIR/library                               when set (tests, portable installs)
 *   Linux:   $XDG_DATA_HOME/verba/library (~/.local/share/verba/library)
 *   macOS:   ~/Library/Application Support/Verba/library
 *   Windows: %LOCALAPPDATA%\Verba\library
 *
 * It sits beside the spool folder (audio/spool.ts) on purpose: a dictation's spool is renamed into
 * library/recordings/, which is instant and atomic on one file system.
 *
 *   const library = await TranscriptLibrary.open(libraryDir());
 */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export function dataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.VERBA_DATA_DIR) return resolve(env.VERBA_DATA_DIR);
  if (platform === 'win32') return join(env.LOCALAPPDATA ?? join(homedir(), 'AppData', 'Local'), 'Verba');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Verba');
  return join(env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'verba');
}

export function libraryDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  return join(dataDir(env, platform), 'library');
}

export const DATABASE_FILE = 'verba.db';
export const RECORDINGS_FOLDER = 'recordings';
