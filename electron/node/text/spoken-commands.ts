/**
 * Spoken commands, Dragon / macOS Dictation style: "comma", "new paragraph", "scratch that",
 * "caps on" … "caps off", "all caps", "no space", "literal <command>" to write the word itself, and
 * "action item", which marks the sentence it is said in (a flag on one of its words: see markActionItem).
 *
 *   const table = commandTable(settings.commandPhrases);
 *   const items = applyCommands(words.map((w, i) => wordItem(w, i)), table);
 */
import type { CommandAction } from '../../common/text-settings.ts';
import type { CaseMode, Item, MarkItem, MarkRole } from './items.ts';
import { isPlainWord, wordItem } from './items.ts';
import { PhraseTable } from './phrase-table.ts';

/** The default spoken forms (COMMANDS.md lists them for users; keep the two in step). */
export const DEFAULT_COMMAND_PHRASES: ReadonlyArray<readonly [string, CommandAction]> = [
  ['period', 'period'],
  ['full stop', 'period'],
  ['comma', 'comma'],
  ['question mark', 'question-mark'],
  ['exclamation mark', 'exclamation-mark'],
  ['exclamation point', 'exclamation-mark'],
  ['colon', 'colon'],
  ['semicolon', 'semicolon'],
  ['semi colon', 'semicolon'],
  ['new line', 'new-line'],
  ['newline', 'new-line'],
  ['new paragraph', 'new-paragraph'],
  ['open quote', 'open-quote'],
  ['begin quote', 'open-quote'],
  ['close quote', 'close-quote'],
  ['end quote', 'close-quote'],
  ['unquote', 'close-quote'],
  ['open paren', 'open-paren'],
  ['open parenthesis', 'open-paren'],
  ['left paren', 'open-paren'],
  ['close paren', 'close-paren'],
  ['close parenthesis', 'close-paren'],
  ['right paren', 'close-paren'],
  ['dash', 'dash'],
  ['em dash', 'dash'],
  ['hyphen', 'hyphen'],
  ['scratch that', 'scratch-that'],
  ['caps on', 'caps-on'],
  ['caps off', 'caps-off'],
  ['all caps', 'all-caps'],
  ['no caps', 'no-caps'],
  ['no space', 'no-space'],
  ['literal', 'literal'],
  ['action item', 'action-item'],
];

const MARKS: Partial<Record<CommandAction, readonly [string, MarkRole]>> = {
  period: ['.', 'end'],
  'question-mark': ['?', 'end'],
  'exclamation-mark': ['!', 'end'],
  comma: [',', 'clause'],
  colon: [':', 'clause'],
  semicolon: [';', 'clause'],
  'new-line': ['\n', 'break'],
  'new-paragraph': ['\n\n', 'break'],
  'open-quote': ['"', 'open'],
  'close-quote': ['"', 'close'],
  'open-paren': ['(', 'open'],
  'close-paren': [')', 'close'],
  dash: ['—', 'joiner'],
  hyphen: ['-', 'joiner'],
};

/** The default phrases with the user's changes applied ('none' removes a phrase). */
export function commandTable(
  overrides: Readonly<Record<string, CommandAction | 'none'>> = {},
): PhraseTable<CommandAction> {
  const table = new PhraseTable<CommandAction>(DEFAULT_COMMAND_PHRASES);
  for (const [phrase, action] of Object.entries(overrides)) {
    if (action === 'none') table.delete(phrase);
    else table.set(phrase, action);
  }
  return table;
}

const isBoundary = (item: Item): boolean =>
  item.kind === 'pause' ||
  (item.kind === 'mark' && (item.role === 'end' || item.role === 'clause' || item.role === 'break'));

/**
 * "Scratch that" removes the phrase being spoken: back to the last punctuation, line break or pause.
 * Said right after a boundary, it removes that boundary and the phrase before it.
 */
function scratch(out: Item[]): void {
  const last = out.at(-1);
  if (last === undefined) return;
  if (isBoundary(last)) {
    while (out.at(-1)?.kind === 'pause') out.pop();
    if (out.length > 0) out.pop();
  }
  while (out.length > 0 && !isBoundary(out.at(-1)!)) out.pop();
}

/**
 * "Action item" marks its sentence, wherever in it the words were said: the flag goes on the last word
 * already written in the sentence, or (said first) on the sentence's next word.
 */
function markActionItem(out: Item[]): boolean {
  for (let k = out.length - 1; k >= 0; k--) {
    const item = out[k]!;
    if (item.kind === 'mark' && (item.role === 'end' || item.role === 'break')) return false;
    if (item.kind === 'word') {
      item.actionItem = true;
      return true;
    }
  }
  return false;
}

/** Turns command phrases among plain words into marks and word flags; other items pass through. */
export function applyCommands(items: readonly Item[], table: PhraseTable<CommandAction>): Item[] {
  const words = items.map((it) => (isPlainWord(it) ? it.text.toLowerCase() : ''));
  const usable = (k: number) => isPlainWord(items[k]);
  const out: Item[] = [];
  let pendingCase: CaseMode | undefined;
  let capsOn = false;
  let glue = false;
  let pendingAction = false;
  const push = (item: Item) => {
    if (glue && item.kind !== 'pause') item.glue = true;
    if (item.kind === 'word') {
      const mode = pendingCase ?? (capsOn ? 'title' : undefined);
      if (mode) item.caseMode = mode;
      pendingCase = undefined;
      if (pendingAction) item.actionItem = true;
      pendingAction = false;
    }
    if (item.kind !== 'pause') glue = false;
    out.push(item);
  };
  for (let i = 0; i < items.length;) {
    const item = items[i]!;
    const m = usable(i) ? table.match(words, i, usable) : null;
    if (!m) {
      push({ ...item });
      i++;
      continue;
    }
    const { from } = item;
    const to = items[i + m.length - 1]!.to;
    const action = m.value;
    if (action === 'literal') {
      const next = table.match(words, i + m.length, usable);
      if (!next) {
        push({ ...item });
        i++;
        continue;
      }
      for (let k = i + m.length; k < i + m.length + next.length; k++)
        push(wordItem(words[k]!, items[k]!.from, items[k]!.to));
      i += m.length + next.length;
      continue;
    }
    i += m.length;
    const mark = MARKS[action];
    if (mark) {
      const markItem: MarkItem = { kind: 'mark', text: mark[0], role: mark[1], from, to };
      push(markItem);
    } else if (action === 'scratch-that') {
      scratch(out);
      pendingCase = undefined;
      glue = false;
    } else if (action === 'caps-on') capsOn = true;
    else if (action === 'caps-off') capsOn = false;
    else if (action === 'all-caps') pendingCase = 'upper';
    else if (action === 'no-caps') pendingCase = 'lower';
    else if (action === 'no-space') glue = true;
    else if (action === 'action-item') pendingAction ||= !markActionItem(out);
  }
  return out;
}
