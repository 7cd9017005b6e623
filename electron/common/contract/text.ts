/**
 * Text slice: the text layer's preview and the user's text settings and words.
 *
 *   await verba().formatText({ text: 'HELLO PERIOD', digits: true }); // 'Hello.'
 *   await verba().saveTextSettings({ ...settings, vocabulary: ['Kubernetes'] });
 */
import * as v from 'valibot';
import { COMMAND_ACTIONS, type TextSettings } from '../text-settings.ts';
import { boundedText, invoke, returns, type ServicesOf } from './spec.ts';

export const formatTextRequest = v.strictObject({
  /** Recogniser output: uppercase words as SEW-D emits them. */
  text: boundedText(1_000_000),
  commands: v.optional(v.boolean()),
  digits: v.optional(v.boolean()),
});
export type FormatTextRequest = v.InferOutput<typeof formatTextRequest>;

const phrase = boundedText(200, 'a phrase');
/**
 * The shape a page may send; parseTextSettings (in the service) then normalises phrases and fills
 * defaults, with its own sentences for what only it can judge (an empty phrase).
 */
export const textSettingsInput = v.strictObject({
  commands: v.optional(v.boolean()),
  casing: v.optional(v.boolean()),
  digits: v.optional(v.boolean()),
  commandPhrases: v.optional(
    v.pipe(
      v.record(phrase, v.picklist([...COMMAND_ACTIONS, 'none'])),
      v.check((r) => Object.keys(r).length <= 1000, 'must hold at most 1,000 phrases'),
    ),
  ),
  replacements: v.optional(
    v.pipe(
      v.array(v.strictObject({ find: phrase, replace: boundedText(1000) })),
      v.maxLength(10_000, 'must hold at most 10,000 replacements'),
    ),
  ),
  vocabulary: v.optional(
    v.pipe(v.array(boundedText(200, 'a word')), v.maxLength(100_000, 'must hold at most 100,000 words')),
  ),
});
export type TextSettingsInput = v.InferOutput<typeof textSettingsInput>;
// The stored settings are always a valid input: if TextSettings gains a field the schema lacks, this fails to compile.
const _settingsFitSchema: (s: TextSettings) => TextSettingsInput = (s) => s;
void _settingsFitSchema;

export const textInvokes = {
  formatText: invoke('verba:text:format', [formatTextRequest], returns<string>()),
  /** The user's text settings (Settings → Text and Words); formatText and transcription use them. */
  getTextSettings: invoke('verba:settings:text:get', [], returns<TextSettings>()),
  /** Validated and stored atomically; returns what is now stored. */
  saveTextSettings: invoke('verba:settings:text:save', [textSettingsInput], returns<TextSettings>()),
  /** Merges a words file (its text) into the settings and stores them; a bad line is named by number. */
  importWords: invoke('verba:settings:words:import', [boundedText(5_000_000, 'a words file')], returns<TextSettings>()),
  /** The vocabulary, replacements and command phrases as a words file. */
  exportWords: invoke('verba:settings:words:export', [], returns<string>()),
} as const;

export const textEvents = {} as const;

export type TextServices = ServicesOf<typeof textInvokes>;
