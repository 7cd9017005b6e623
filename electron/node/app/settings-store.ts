/**
 * The user's text settings (commands, casing, digits, vocabulary, replacements) in one JSON file
 * (SettingsFile: validated, written atomically, a damaged file left untouched).
 *
 *   const store = new SettingsStore('/home/ada/.config/Verba/text-settings.json');
 *   await store.save({ ...(await store.load()), vocabulary: ['Kubernetes'] });
 */
import { DEFAULT_TEXT_SETTINGS, parseTextSettings, type TextSettings } from '../../common/text-settings.ts';
import { SettingsFile } from './settings-file.ts';

export class SettingsStore extends SettingsFile<TextSettings> {
  constructor(path: string) {
    super(path, {
      noun: 'settings',
      damagedCode: 'InvalidTextSettings',
      defaults: () => ({ ...DEFAULT_TEXT_SETTINGS, commandPhrases: {}, replacements: [], vocabulary: [] }),
      parse: (value) => parseTextSettings(value),
    });
  }
}
