/**
 * The text layer over recogniser words with timings (what `verba transcribe` applies unless --raw):
 * all words are formatted as one stream, so a sentence or a "scratch that" can cross pauses, and each
 * written word keeps the span and mean confidence of the spoken words it came from. The engine groups
 * the written words into segments afterwards (engine/segments.ts), so nothing is segmented twice.
 *
 *   const { text, words } = writeWords(decoded.words, new TextFormatter(settings));
 */
import { TEXT_DEFAULTS } from '../../common/defaults.ts';
import type { DecodedWord } from '../ctc/types.ts';
import type { Item } from './items.ts';
import { wordItem } from './items.ts';
import type { TextFormatter } from './text-formatter.ts';

/** A written word ('world,', '$20', 'I') with its timing, and what the text puts before it (' ', '\n', ''). */
export interface WrittenWord extends DecodedWord {
  before: string;
  /**
   * Seconds of silence before its first spoken word. Not `start` minus the previous written word's end:
   * spoken commands ("question mark new line") write no word of their own but take time.
   */
  pause: number;
  /** Part of a sentence the speaker marked with the spoken command "action item". */
  action_item?: true;
}

/**
 * Formats recogniser words; a silence of `pauseSeconds` or more between two of them is a phrase
 * boundary ("scratch that" removes back to it).
 */
export function writeWords(
  words: readonly DecodedWord[],
  formatter: TextFormatter,
  pauseSeconds: number = TEXT_DEFAULTS.phrasePauseSeconds,
): { text: string; words: WrittenWord[] } {
  const items: Item[] = [];
  words.forEach((w, i) => {
    if (i > 0 && w.start - words[i - 1]!.end >= pauseSeconds) items.push({ kind: 'pause', from: i, to: i });
    items.push(wordItem(w.word.toLowerCase(), i));
  });
  const { text, pieces } = formatter.formatItems(items);
  const written = pieces.map((p): WrittenWord => {
    const first = Math.min(p.from, words.length - 1);
    const span = words.slice(first, Math.max(p.to, first + 1));
    return {
      word: p.text,
      before: p.before,
      pause: first > 0 ? words[first]!.start - words[first - 1]!.end : 0,
      start: span[0]?.start ?? 0,
      end: span.at(-1)?.end ?? 0,
      confidence: span.reduce((sum, w) => sum + w.confidence, 0) / Math.max(1, span.length),
      ...(p.actionItem ? { action_item: true as const } : {}),
    };
  });
  return { text, words: written };
}
