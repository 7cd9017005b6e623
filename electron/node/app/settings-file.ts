/**
 * One JSON settings file, validated on every read and write. Writes go to a temporary file that is renamed
 * over the old one, so a crash or a full disk leaves the previous settings intact; a damaged file is
 * reported in one sentence and left untouched. The text and the dictation settings are each one of these.
 *
 *   class DictationSettingsStore extends SettingsFile<DictationSettings> { … }
 *   await store.save({ ...(await store.load()), mode: 'toggle' });
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { VerbaError } from '../../common/result.ts';

export interface SettingsKind<T> {
  /** How the user calls these settings in a sentence: 'settings', 'dictation settings'. */
  noun: string;
  /** The error code of a file that is not JSON. */
  damagedCode: string;
  /** What a missing file means. */
  defaults(): T;
  /** Validates what was read (`where` = 'in <path>') or is to be saved (`where` = 'were refused'); throws one sentence. */
  parse(value: unknown, where: string): T;
}

export class SettingsFile<T> {
  readonly path: string;
  readonly #kind: SettingsKind<T>;
  #cached: T | null = null;

  constructor(path: string, kind: SettingsKind<T>) {
    this.path = path;
    this.#kind = kind;
  }

  async load(): Promise<T> {
    if (this.#cached !== null) return this.#cached;
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch {
      return (this.#cached = this.#kind.defaults());
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new VerbaError(
        this.#kind.damagedCode,
        `The ${this.#kind.noun} file ${this.path} is damaged (not JSON); Verba left it untouched.`,
      );
    }
    return (this.#cached = this.#kind.parse(json, `in ${this.path}`));
  }

  /** Validates, writes atomically, and returns what is now stored. */
  async save(value: unknown): Promise<T> {
    const settings = this.#kind.parse(value, 'were refused');
    const temp = `${this.path}.${process.pid}.tmp`;
    try {
      await mkdir(dirname(this.path), { recursive: true });
      await writeFile(temp, `${JSON.stringify(settings, null, 2)}\n`);
      await rename(temp, this.path);
    } catch (error) {
      await rm(temp, { force: true });
      const code = (error as NodeJS.ErrnoException).code;
      const why = code === 'ENOSPC' || code === 'EDQUOT' ? 'the disk is full' : (code ?? String(error));
      throw new VerbaError(
        'SettingsNotSaved',
        `Verba could not save your ${this.#kind.noun} (${why}); the previous settings are kept.`,
        { cause: error },
      );
    }
    return (this.#cached = settings);
  }
}
