/**
 * `verba format`: recogniser output (upper-case words, one utterance per line) on stdin → written text
 * on stdout. TEXT_OPTIONS / textSettingsFromOptions are shared with `verba transcribe`.
 *
 *   echo "HELLO WORLD PERIOD NEW LINE HOW ARE YOU QUESTION MARK" | verba format
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { VerbaError } from '../../common/result.ts';
import { DEFAULT_TEXT_SETTINGS, parseTextSettings } from '../../common/text-settings.ts';
import type { TextSettings } from '../../common/text-settings.ts';
import { TextFormatter } from '../../node/text/text-formatter.ts';
import { loadWordsFile } from '../../node/text/words-file.ts';
import type { CliCommand } from '../cli-types.ts';

/** parseArgs options of the text layer (with allowNegative: --no-commands, --no-casing, --no-digits). */
export const TEXT_OPTIONS = {
  commands: { type: 'boolean' },
  casing: { type: 'boolean' },
  digits: { type: 'boolean' },
  replacements: { type: 'string' },
  'user-words': { type: 'boolean' },
  settings: { type: 'string' },
} as const;

export const TEXT_OPTIONS_USAGE = [
  '  --no-commands        write spoken commands ("comma", "new line", "scratch that") as words',
  '  --no-casing          no sentence case, "I", or vocabulary capitalisation (lower-case words)',
  '  --digits             numbers as digits: 10+, ordinals, years, times, %, money (--no-digits: off)',
  '  --replacements FILE  words file: vocabulary, replacements and extra commands (see COMMANDS.md)',
  '  --no-user-words      ignore the vocabulary and replacements (of --settings and --replacements)',
  "  --settings FILE      text settings as JSON (the app's Settings → Text); flags above override it",
].join('\n');

export interface TextOptionValues {
  commands?: boolean;
  casing?: boolean;
  digits?: boolean;
  replacements?: string;
  'user-words'?: boolean;
  settings?: string;
}

export function textSettingsFromOptions(values: TextOptionValues): TextSettings {
  let settings: TextSettings = { ...DEFAULT_TEXT_SETTINGS, commandPhrases: {}, replacements: [], vocabulary: [] };
  if (values.settings !== undefined) {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(values.settings, 'utf8'));
    } catch (error) {
      throw new VerbaError('InvalidTextSettings', `Cannot read the settings file ${values.settings} as JSON.`, {
        cause: error,
      });
    }
    settings = parseTextSettings(json);
  }
  for (const key of ['commands', 'casing', 'digits'] as const) {
    if (values[key] !== undefined) settings[key] = values[key];
  }
  if (values.replacements !== undefined) {
    const words = loadWordsFile(values.replacements);
    settings.vocabulary = [...settings.vocabulary, ...words.vocabulary];
    settings.replacements = [...settings.replacements, ...words.replacements];
    settings.commandPhrases = { ...settings.commandPhrases, ...words.commandPhrases };
  }
  if (values['user-words'] === false) {
    settings.vocabulary = [];
    settings.replacements = [];
  }
  return settings;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export const command: CliCommand = {
  usage: [
    'Usage: verba format [options] < recognised.txt',
    '',
    'Reads recogniser output (upper-case words as SEW-D writes them, one utterance per line) on stdin and',
    'prints written text: spoken commands, sentence case, punctuation spacing, your words.',
    '',
    'Options:',
    TEXT_OPTIONS_USAGE,
  ].join('\n'),
  async run(args) {
    let values: TextOptionValues;
    try {
      ({ values } = parseArgs({
        args,
        options: TEXT_OPTIONS,
        allowNegative: true,
        strict: true,
        allowPositionals: false,
      }));
    } catch (error) {
      throw new VerbaError(
        'InvalidArguments',
        `${(error as Error).message.split(/\.\s|\n/)[0]}. Run \`verba format --help\` for the options.`,
      );
    }
    const formatter = new TextFormatter(textSettingsFromOptions(values));
    const input = await readStdin();
    const lines = input.split(/\r?\n/);
    if (lines.at(-1) === '') lines.pop();
    const out = lines.map((line) => formatter.text(line));
    process.stdout.write(out.length > 0 ? out.join('\n') + '\n' : '');
    return 0;
  },
};
