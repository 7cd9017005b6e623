/**
 * The user's text settings (commands, casing, digits, vocabulary, replacements) in one JSON file,
 * validated on every read and write. Writes go to a temporary file that is renamed over the old one, so
 * a crash or a full disk leaves the previous settings intact.
 *
 *   const store = new SettingsStore('/home/ada/.config/Verba/text-settings.json');
 *   await store.save({ ...(await store.load()), vocabulary: ['Kubernetes'] });
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { DEFAULT_TEXT_SETTINGS, parseTextSettings, type TextSettings } from '../../common/text-settings.ts';
import { VerbaError } from '../../common/result.ts';

export class SettingsStore {
  readonly path: string;
  #cached: TextSettings | null = null;

  constructor(path: string) {
    this.path = path;
  }

  async load(): Promise<TextSettings> {
    if (this.#cached !== null) return this.#cached;
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch {
      return (this.#cached = { ...DEFAULT_TEXT_SETTINGS, commandPhrases: {}, replacements: [], vocabulary: [] });
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new VerbaError(
        'InvalidTextSettings',
        `The settings file ${this.path} is damaged (not JSON); Verba left it untouched.`,
      );
    }
    return (this.#cached = parseTextSettings(json));
  }

  /** Validates, writes atomically, and returns what is now stored. */
  async save(value: unknown): Promise<TextSettings> {
    const settings = parseTextSettings(value);
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
        `Verba could not save your settings (${why}); the previous settings are kept.`,
        { cause: error },
      );
    }
    return (this.#cached = settings);
  }
}
