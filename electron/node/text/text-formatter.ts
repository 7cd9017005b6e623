/**
 * Recogniser output (upper-case words, as SEW-D writes them) → written text, with the user's settings:
 * replacements → spoken commands → digits → vocabulary and casing → spacing and sentence case.
 *
 *   formatTranscriptText('HELLO WORLD PERIOD NEW LINE HOW ARE YOU QUESTION MARK', DEFAULT_TEXT_SETTINGS)
 *   // 'Hello world.\nHow are you?'
 *   formatTranscriptWords(decoded.words, settings) // { text, words } with each written word's timing
 *
 * Build a TextFormatter once per settings change when formatting often (partials): the tables are reused.
 */
import type { TextSettings } from '../../common/text-settings.ts';
import { DEFAULT_TEXT_SETTINGS } from '../../common/text-settings.ts';
import { TEXT_DEFAULTS } from '../../common/defaults.ts';
import type { DecodedWord } from '../ctc/types.ts';
import type { CommandAction } from '../../common/text-settings.ts';
import type { Item, WordItem } from './items.ts';
import { isPlainWord, wordItem } from './items.ts';
import { convertNumbers, isNumberWord } from './numbers.ts';
import type { PhraseTable } from './phrase-table.ts';
import { render } from './render.ts';
import type { Rendered } from './render.ts';
import { replacePhrases, replacementTable, vocabularyTable } from './replacements.ts';
import { applyCommands, commandTable } from './spoken-commands.ts';
import { fixWordCase } from './casing.ts';

/** Digits over each run of plain words; a run's first word keeps its caps mode and "no space". */
function applyDigits(items: readonly Item[]): Item[] {
  const out: Item[] = [];
  for (let i = 0; i < items.length;) {
    if (!isPlainWord(items[i])) {
      out.push(items[i]!);
      i++;
      continue;
    }
    let j = i;
    // A run is words that were spoken one after the other: a command between them (even one that
    // writes nothing, like "caps on") ends the number, so "thirty caps on first" is not "31st".
    while (
      j < items.length &&
      isPlainWord(items[j]) &&
      (j === i || (!(items[j] as WordItem).glue && items[j]!.from === items[j - 1]!.to))
    )
      j++;
    const run = items.slice(i, j) as WordItem[];
    for (const token of convertNumbers(run.map((w) => w.text.toLowerCase()))) {
      const first = run[token.from]!;
      if (!token.number) {
        out.push(first);
        continue;
      }
      const to = run[token.to - 1]!.to;
      out.push({
        kind: 'word',
        text: token.text,
        from: first.from,
        to,
        verbatim: false,
        number: true,
        ...(first.caseMode ? { caseMode: first.caseMode } : {}),
        ...(first.glue ? { glue: true } : {}),
      });
    }
    i = j;
  }
  return out;
}

/** Commands that change the word after them, so text cannot settle between the two. */
const NEXT_WORD_ACTIONS: ReadonlySet<CommandAction> = new Set([
  'all-caps',
  'no-caps',
  'no-space',
  'literal',
  'caps-on',
  'caps-off',
]);

export class TextFormatter {
  readonly settings: TextSettings;
  readonly #replacements: PhraseTable<string>;
  readonly #vocabulary: PhraseTable<string>;
  readonly #commands: PhraseTable<CommandAction>;

  constructor(settings: TextSettings = DEFAULT_TEXT_SETTINGS) {
    this.settings = settings;
    this.#replacements = replacementTable(settings.replacements);
    this.#vocabulary = vocabularyTable(settings.vocabulary);
    this.#commands = commandTable(settings.commandPhrases);
  }

  /**
   * May live text settle between `words[boundary - 1]` and `words[boundary]` (lower-case recogniser
   * words; `boundary === words.length` when the next word is not heard yet)? Not inside a command,
   * replacement or vocabulary phrase, not right after a command that acts on the next word, and (with
   * digits) not between two words of one spoken number.
   */
  canSettleAt(words: readonly string[], boundary: number): boolean {
    const s = this.settings;
    const tables: PhraseTable<unknown>[] = [this.#replacements];
    if (s.commands) tables.push(this.#commands);
    if (s.casing) tables.push(this.#vocabulary);
    if (tables.some((table) => table.crosses(words, boundary))) return false;
    if (s.commands) {
      const action = this.#commands.endingAt(words, boundary);
      if (action !== null && NEXT_WORD_ACTIONS.has(action)) return false;
    }
    const last = words[boundary - 1];
    const next = words[boundary];
    return !(s.digits && last !== undefined && isNumberWord(last) && (next === undefined || isNumberWord(next)));
  }

  /** Runs every enabled stage on items made from recogniser words. */
  formatItems(items: readonly Item[]): Rendered {
    const s = this.settings;
    let out = replacePhrases(items, this.#replacements);
    if (s.commands) out = applyCommands(out, this.#commands);
    if (s.digits) out = applyDigits(out);
    if (s.casing) {
      out = replacePhrases(out, this.#vocabulary);
      out = out.map((it, i) => {
        const next = out[i + 1];
        return isPlainWord(it)
          ? { ...it, text: fixWordCase(it.text, next?.kind === 'word' ? next.text : undefined) }
          : it;
      });
    }
    return render(out, { casing: s.casing });
  }

  text(raw: string): string {
    const words = raw.split(/\s+/).filter(Boolean);
    return this.formatItems(words.map((w, i) => wordItem(w.toLowerCase(), i))).text;
  }

  /**
   * Written words with timings: each written word spans the recogniser words it came from
   * (punctuation joins the word before it). A pause of `pauseSeconds` or more is a phrase boundary
   * for "scratch that".
   */
  words(
    words: readonly DecodedWord[],
    pauseSeconds: number = TEXT_DEFAULTS.phrasePauseSeconds,
  ): { text: string; words: Array<DecodedWord & { action_item?: true }> } {
    const items: Item[] = [];
    words.forEach((w, i) => {
      if (i > 0 && w.start - words[i - 1]!.end >= pauseSeconds) items.push({ kind: 'pause', from: i, to: i });
      items.push(wordItem(w.word.toLowerCase(), i));
    });
    const { text, pieces } = this.formatItems(items);
    const out = pieces.map((p) => {
      const span = words.slice(p.from, Math.max(p.to, p.from + 1));
      const confidence = span.reduce((sum, w) => sum + w.confidence, 0) / Math.max(1, span.length);
      const word: DecodedWord = { word: p.text, start: span[0]?.start ?? 0, end: span.at(-1)?.end ?? 0, confidence };
      return p.actionItem ? { ...word, action_item: true as const } : word;
    });
    return { text, words: out };
  }
}

/** The text layer in one call; `verba transcribe` and `verba format` use it (skip it for --raw). */
export function formatTranscriptText(raw: string, settings: TextSettings = DEFAULT_TEXT_SETTINGS): string {
  return new TextFormatter(settings).text(raw);
}

/** Words-level variant for transcripts with timings (segments' `words`). */
export function formatTranscriptWords(
  words: readonly DecodedWord[],
  settings: TextSettings = DEFAULT_TEXT_SETTINGS,
): { text: string; words: DecodedWord[] } {
  return new TextFormatter(settings).words(words);
}
