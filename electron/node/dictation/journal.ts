/**
 * Never lose a word: every final dictation text is appended to a journal file and fsync'ed before
 * Verba tries to insert it anywhere. One JSON object per line, append-only, so a crash mid-write costs
 * at most the torn last line, which readJournal skips. (The library database will take these over.)
 *
 *   const journal = await DictationJournal.open(defaultJournalPath());
 *   await journal.append({ id: 'd-1', kind: 'final', text: 'Hello world.', spool: '/…/spool/x.wav' });  // on disk now
 *   await journal.close();
 *   for (const e of await readJournal(path)) show(e.text);
 */
import { mkdir, open, readFile, type FileHandle } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { VerbaError } from '../../common/result.ts';

export interface JournalEntry {
  /** Dictation id (unique per process run and time). */
  id: string;
  /** started: recording began (its spool is named); final: the text; cancelled: Esc, audio kept;
   *  dropped: a tap; recovered: the text of a dictation a crash interrupted. Absent means final. */
  kind?: 'started' | 'final' | 'cancelled' | 'dropped' | 'recovered';
  text: string;
  /** ISO time the text became final. */
  at?: string;
  /** The recogniser's raw words, when they differ from the written text. */
  raw?: string;
  /** The spool file of the dictation's audio, if it was kept. */
  spool?: string;
  model?: string;
}

export function defaultJournalPath(): string {
  const override = process.env.VERBA_JOURNAL;
  if (override) return override;
  if (process.platform === 'win32')
    return join(process.env.LOCALAPPDATA ?? join(homedir(), 'AppData', 'Local'), 'Verba', 'dictations.jsonl');
  if (process.platform === 'darwin')
    return join(homedir(), 'Library', 'Application Support', 'Verba', 'dictations.jsonl');
  return join(process.env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'verba', 'dictations.jsonl');
}

export class DictationJournal {
  readonly path: string;
  #file: FileHandle;
  #tail: Promise<void> = Promise.resolve();

  private constructor(path: string, file: FileHandle) {
    this.path = path;
    this.#file = file;
  }

  static async open(path: string = defaultJournalPath()): Promise<DictationJournal> {
    try {
      await mkdir(dirname(path), { recursive: true, mode: 0o700 });
      return new DictationJournal(path, await open(path, 'a', 0o600));
    } catch (error) {
      throw new VerbaError('JournalUnavailable', `Verba cannot open its dictation journal ${path}: ${String(error)}.`, {
        cause: error,
      });
    }
  }

  /** Resolves once the entry is on disk (fdatasync); appends are written in call order. */
  append(entry: JournalEntry): Promise<void> {
    const line = JSON.stringify({ at: new Date().toISOString(), ...entry }) + '\n';
    const done = this.#tail.then(async () => {
      try {
        await this.#file.write(line);
        await this.#file.datasync();
      } catch (error) {
        throw new VerbaError(
          'JournalWriteFailed',
          `Verba could not save the dictation to ${this.path} (${String(error)}); the text is still on screen.`,
          { cause: error },
        );
      }
    });
    this.#tail = done.catch(() => undefined);
    return done;
  }

  async close(): Promise<void> {
    await this.#tail;
    await this.#file.close();
  }
}

/** Every complete entry, oldest first; a torn last line (crash mid-append) is skipped. */
export async function readJournal(path: string): Promise<JournalEntry[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const entries: JournalEntry[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const value = JSON.parse(line) as JournalEntry;
      if (typeof value.text === 'string' && typeof value.id === 'string') entries.push(value);
    } catch {
      // a torn line: the crash happened while it was written, before insertion was tried
    }
  }
  return entries;
}

/** Dictations that started and never ended (the process died): their spools still hold the audio. */
export function unfinishedDictations(entries: readonly JournalEntry[]): Array<{ id: string; spool: string }> {
  const open = new Map<string, string>();
  for (const e of entries) {
    if (e.kind === 'started' && e.spool) open.set(e.id, e.spool);
    else open.delete(e.id);
  }
  return [...open].map(([id, spool]) => ({ id, spool }));
}
