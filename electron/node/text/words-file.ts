/**
 * The user's words as a file (import/export from Settings, `verba format --replacements FILE`).
 * Format: UTF-8 text, one entry per line, fields separated by TAB characters; blank lines and lines
 * starting with # are ignored.
 *
 *   word      Kubernetes                    a vocabulary word, written as it should appear
 *   replace   btw        by the way         spoken form → written form (whole words, any case)
 *   command   full point period             an extra spoken command (action from COMMANDS.md, or none)
 *
 *   const words = parseWordsFile(readFileSync(path, 'utf8'), 'my-words.tsv');
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { COMMAND_ACTIONS, normalisePhrase } from '../../common/text-settings.ts';
import type { CommandAction, Replacement, TextSettings } from '../../common/text-settings.ts';
import { VerbaError } from '../../common/result.ts';

export type WordsFile = Pick<TextSettings, 'vocabulary' | 'replacements' | 'commandPhrases'>;

export const WORDS_FILE_HEADER = [
  '# Verba words file: one entry per line, fields separated by a TAB.',
  '#   word<TAB>Written form',
  '#   replace<TAB>spoken form<TAB>written form',
  '#   command<TAB>spoken phrase<TAB>action (or none)',
].join('\n');

export function parseWordsFile(text: string, name = 'the words file'): WordsFile {
  const out: WordsFile = { vocabulary: [], replacements: [], commandPhrases: {} };
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((line, i) => {
    const fail = (why: string): never => {
      throw new VerbaError('InvalidWordsFile', `Line ${i + 1} of ${name} ${why}.`);
    };
    if (line.trim() === '' || line.trimStart().startsWith('#')) return;
    const fields = line.split('\t').map((f) => f.trim());
    const kind = fields[0]!.toLowerCase();
    if (kind === 'word') {
      if (fields.length !== 2 || !fields[1]) fail('should be "word", a TAB and the word as it should be written');
      out.vocabulary.push(fields[1]!);
    } else if (kind === 'replace') {
      if (fields.length !== 3 || !normalisePhrase(fields[1]!))
        fail('should be "replace", a TAB, the spoken form, a TAB and the written form');
      out.replacements.push({ find: fields[1]!, replace: fields[2]! });
    } else if (kind === 'command') {
      const action = fields[2] as CommandAction | 'none';
      if (fields.length !== 3 || !normalisePhrase(fields[1]!))
        fail('should be "command", a TAB, the spoken phrase, a TAB and the action');
      if (action !== 'none' && !(COMMAND_ACTIONS as readonly string[]).includes(action))
        fail(`names an unknown command action "${action}"`);
      out.commandPhrases[normalisePhrase(fields[1]!)] = action;
    } else {
      fail(`starts with "${fields[0]!.slice(0, 20)}" where "word", "replace" or "command" and a TAB are expected`);
    }
  });
  return out;
}

export function loadWordsFile(path: string): WordsFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new VerbaError('WordsFileNotFound', `Cannot read the words file ${path}.`, { cause: error });
  }
  return parseWordsFile(text, basename(path));
}

/** The inverse of parseWordsFile, for export (tabs and line breaks inside entries become spaces). */
export function serialiseWordsFile(words: WordsFile): string {
  const clean = (s: string) => s.replace(/[\t\r\n]+/g, ' ').trim();
  const lines = [WORDS_FILE_HEADER];
  for (const w of words.vocabulary) lines.push(`word\t${clean(w)}`);
  for (const r of words.replacements as Replacement[]) lines.push(`replace\t${clean(r.find)}\t${clean(r.replace)}`);
  for (const [phrase, action] of Object.entries(words.commandPhrases))
    lines.push(`command\t${clean(phrase)}\t${action}`);
  return lines.join('\n') + '\n';
}
