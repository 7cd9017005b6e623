/**
 * The text layer's working form: recogniser words become items (words and marks) that each stage
 * rewrites, then render.ts joins them with spacing and casing. `from`/`to` is the span of source words
 * an item came from, so formatted words keep the recogniser's timings.
 */

/** upper: "all caps"; title: "caps on"; lower: "no caps". */
export type CaseMode = 'upper' | 'title' | 'lower';

export interface WordItem {
  kind: 'word';
  text: string;
  from: number;
  to: number;
  /** Written exactly as is (a replacement or vocabulary form): no command, number or casing rule touches it. */
  verbatim: boolean;
  /** Produced from number words (digits). */
  number?: boolean;
  caseMode?: CaseMode;
  /** No space before this item ("no space"). */
  glue?: boolean;
  /** Its sentence was marked with "action item". */
  actionItem?: boolean;
}

/**
 * end: . ? ! (sentence end); clause: , : ; ; open/close: quotes and brackets;
 * joiner: dash and hyphen (no space either side); break: new line / new paragraph.
 */
export type MarkRole = 'end' | 'clause' | 'open' | 'close' | 'joiner' | 'break';

export interface MarkItem {
  kind: 'mark';
  text: string;
  role: MarkRole;
  from: number;
  to: number;
  glue?: boolean;
}

/** A pause in speech (words-level formatting): a phrase boundary for "scratch that"; renders nothing. */
export interface PauseItem {
  kind: 'pause';
  from: number;
  to: number;
}

export type Item = WordItem | MarkItem | PauseItem;

export const isPlainWord = (item: Item | undefined): item is WordItem =>
  item !== undefined && item.kind === 'word' && !item.verbatim && !item.number;

export function wordItem(text: string, from: number, to: number = from + 1): WordItem {
  return { kind: 'word', text, from, to, verbatim: false };
}
