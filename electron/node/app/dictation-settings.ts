/**
 * The user's push-to-talk settings (hotkey, mode, microphone, insertion, start at login, sounds) in one
 * JSON file, validated against the contract's schema (SettingsFile: written atomically, a damaged file
 * left untouched).
 *
 *   const store = new DictationSettingsStore(join(userData, 'dictation-settings.json'));
 *   await store.save({ ...(await store.load()), mode: 'toggle' });
 */
import * as v from 'valibot';
import { DICTATION_DEFAULTS } from '../../common/defaults.ts';
import { type DictationSettings, dictationSettings } from '../../common/contract/dictation.ts';
import { describeIssue } from '../../common/contract/spec.ts';
import { VerbaError } from '../../common/result.ts';
import { SettingsFile } from './settings-file.ts';

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

export class DictationSettingsStore extends SettingsFile<DictationSettings> {
  constructor(path: string) {
    super(path, {
      noun: 'dictation settings',
      damagedCode: 'InvalidDictationSettings',
      defaults: () => DEFAULT_DICTATION_SETTINGS,
      // Settings written by an older Verba lack newer keys: those take their defaults.
      parse: (value, where) =>
        parseDictationSettings(
          where === 'were refused' || typeof value !== 'object' || value === null
            ? value
            : { ...DEFAULT_DICTATION_SETTINGS, ...value },
          where,
        ),
    });
  }
}
