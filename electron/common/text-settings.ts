/**
 * What the text layer does to recogniser output (spoken commands, casing, digits, the user's words).
 * Pure data shared by the engine, the CLI and the renderer's Settings; validated once at the boundary.
 *
 *   const settings = parseTextSettings(JSON.parse(json)); // throws VerbaError on a bad value
 */
import { VerbaError } from './result.ts';

/**
 * What a spoken command does; `literal` makes the next spoken command a plain word ("literal period");
 * `action-item` writes nothing and marks the sentence it is said in (meeting notes list it as an action item).
 */
export const COMMAND_ACTIONS = [
  'period',
  'comma',
  'question-mark',
  'exclamation-mark',
  'colon',
  'semicolon',
  'new-line',
  'new-paragraph',
  'open-quote',
  'close-quote',
  'open-paren',
  'close-paren',
  'dash',
  'hyphen',
  'scratch-that',
  'caps-on',
  'caps-off',
  'all-caps',
  'no-caps',
  'no-space',
  'literal',
  'action-item',
] as const;
export type CommandAction = (typeof COMMAND_ACTIONS)[number];

/** Find → replace on spoken words: whole words, case-insensitive, `find` may be several words. */
export interface Replacement {
  find: string;
  replace: string;
}

export interface TextSettings {
  /** Interpret spoken commands ("comma", "new line", "scratch that"…). */
  commands: boolean;
  /**
   * Changes to the default spoken forms: lower-case phrase → action, or 'none' to stop a default
   * phrase from being a command (it is then written as words).
   */
  commandPhrases: Record<string, CommandAction | 'none'>;
  /** Sentence case, "I", contractions, and the vocabulary's capitalisation. */
  casing: boolean;
  /** Numbers as digits: cardinals from 10, ordinals, years, times, percentages, money. */
  digits: boolean;
  replacements: Replacement[];
  /** The user's words, written as they should appear ("Kubernetes", "iPhone", "New York"); also decoder hotwords. */
  vocabulary: string[];
}

export const DEFAULT_TEXT_SETTINGS: Readonly<TextSettings> = Object.freeze({
  commands: true,
  commandPhrases: {},
  casing: true,
  digits: false,
  replacements: [],
  vocabulary: [],
});

/** Lower-case, single-spaced form used to compare spoken phrases. */
export function normalisePhrase(phrase: string): string {
  return phrase.trim().toLowerCase().split(/\s+/).filter(Boolean).join(' ');
}

function fail(what: string): never {
  throw new VerbaError('InvalidTextSettings', `The text settings are invalid: ${what}.`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks a value from outside (IPC payload, JSON file) and fills missing fields with the defaults. */
export function parseTextSettings(value: unknown): TextSettings {
  if (!isRecord(value)) fail('expected an object');
  const out: TextSettings = { ...DEFAULT_TEXT_SETTINGS, commandPhrases: {}, replacements: [], vocabulary: [] };
  for (const key of ['commands', 'casing', 'digits'] as const) {
    const v = value[key];
    if (v === undefined) continue;
    if (typeof v !== 'boolean') fail(`"${key}" must be true or false`);
    out[key] = v;
  }
  if (value.commandPhrases !== undefined) {
    if (!isRecord(value.commandPhrases)) fail('"commandPhrases" must be an object of phrase to action');
    for (const [phrase, action] of Object.entries(value.commandPhrases)) {
      const p = normalisePhrase(phrase);
      if (!p) fail('a command phrase is empty');
      if (action !== 'none' && !(COMMAND_ACTIONS as readonly unknown[]).includes(action)) {
        fail(`"${phrase}" has an unknown command action "${String(action)}"`);
      }
      out.commandPhrases[p] = action as CommandAction | 'none';
    }
  }
  if (value.replacements !== undefined) {
    if (!Array.isArray(value.replacements)) fail('"replacements" must be a list');
    for (const r of value.replacements as unknown[]) {
      if (!isRecord(r) || typeof r.find !== 'string' || typeof r.replace !== 'string')
        fail('each replacement needs a "find" and a "replace" text');
      if (!normalisePhrase(r.find)) fail('a replacement has an empty "find"');
      out.replacements.push({ find: r.find, replace: r.replace });
    }
  }
  if (value.vocabulary !== undefined) {
    if (!Array.isArray(value.vocabulary)) fail('"vocabulary" must be a list of words');
    for (const w of value.vocabulary as unknown[]) {
      if (typeof w !== 'string' || !w.trim()) fail('each vocabulary entry must be a non-empty text');
      out.vocabulary.push(w.trim());
    }
  }
  return out;
}
