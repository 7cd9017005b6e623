/**
 * The user's push-to-talk settings (hotkey, mode, microphone, insertion, start at login, sounds) in one
 * JSON file, validated against the contract's schema on every read and write. Writes go to a temporary
 * file renamed over the old one, so a crash or a full disk leaves the previous settings intact.
 *
 *   const store = new DictationSettingsStore(join(userData, 'dictation-settings.json'));
 *   await store.save({ ...(await store.load()), mode: 'toggle' });
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import * as v from 'valibot';
import { DICTATION_DEFAULTS } from '../../common/defaults.ts';
import { type DictationSettings, dictationSettings } from '../../common/contract/dictation.ts';
import { describeIssue } from '../../common/contract/spec.ts';
import { VerbaError } from '../../common/result.ts';

export const DEFAULT_DICTATION_SETTINGS: DictationSettings = {
  hotkey: DICTATION_DEFAULTS.hotkey,
  mode: 'hold',
  microphone: null,
  insert: 'paste',
  openAtLogin: false,
  sounds: false,
};

export function parseDictationSettings(value: unknown, where: string): DictationSettings {
  const parsed = v.safeParse(dictationSettings, value, { abortEarly: true });
  if (parsed.success) return parsed.output;
  throw new VerbaError(
    'InvalidDictationSettings',
    `The dictation settings ${where}: ${describeIssue(parsed.issues[0])}.`,
  );
}

export class DictationSettingsStore {
  readonly path: string;
  #cached: DictationSettings | null = null;

  constructor(path: string) {
    this.path = path;
  }

  async load(): Promise<DictationSettings> {
    if (this.#cached !== null) return this.#cached;
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch {
      return (this.#cached = DEFAULT_DICTATION_SETTINGS);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new VerbaError(
        'InvalidDictationSettings',
        `The dictation settings file ${this.path} is damaged (not JSON); Verba left it untouched.`,
      );
    }
    // Settings written by an older Verba lack newer keys: those take their defaults.
    const known = typeof json === 'object' && json !== null ? json : {};
    return (this.#cached = parseDictationSettings({ ...DEFAULT_DICTATION_SETTINGS, ...known }, `in ${this.path}`));
  }

  /** Validates, writes atomically, and returns what is now stored. */
  async save(value: unknown): Promise<DictationSettings> {
    const settings = parseDictationSettings(value, 'were refused');
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
        `Verba could not save your dictation settings (${why}); the previous settings are kept.`,
        { cause: error },
      );
    }
    return (this.#cached = settings);
  }
}
