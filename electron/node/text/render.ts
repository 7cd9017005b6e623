/**
 * Joins items into written text: spacing around punctuation, sentence case, caps modes. Also returns
 * the written words ("pieces": text between spaces) with the span of source words each came from.
 *
 *   render(items, { casing: true }).text // 'Hello, world.'
 */
import type { Item, WordItem } from './items.ts';
import { capitaliseFirst } from './casing.ts';

export interface Piece {
  text: string;
  /** What separates it from the previous piece in `text`: '', ' ', or line breaks. */
  before: string;
  /** Source word span [from, to) of the words in this piece (marks only count when it has no word). */
  from: number;
  to: number;
  /** A word in it carries the "action item" mark. */
  actionItem?: true;
}

export interface Rendered {
  text: string;
  pieces: Piece[];
}

type Prev = 'start' | 'word' | 'open' | 'close' | 'end' | 'clause' | 'joiner' | 'break';

function caseWord(item: WordItem, capitalise: boolean): string {
  if (item.caseMode === 'upper') return item.text.toUpperCase();
  if (item.caseMode === 'lower') return item.text.toLowerCase();
  if (item.caseMode === 'title')
    return item.text.replace(/(^|[\s-])(\p{Ll})/gu, (_, a: string, b: string) => a + b.toUpperCase());
  return capitalise && !item.number ? capitaliseFirst(item.text) : item.text;
}

export function render(items: readonly Item[], options: { casing: boolean }): Rendered {
  let text = '';
  const pieces: Array<Piece & { hasWord: boolean }> = [];
  let piece: (Piece & { hasWord: boolean }) | null = null;
  let prev: Prev = 'start';
  let capitalise = options.casing;
  let breaks = '';
  const emit = (s: string, spaceBefore: boolean, item: Item, isWord: boolean) => {
    if (spaceBefore || piece === null) {
      if (spaceBefore) text += ' ';
      piece = { text: '', before: spaceBefore ? ' ' : breaks, from: item.from, to: item.to, hasWord: false };
      breaks = '';
      pieces.push(piece);
    }
    text += s;
    piece.text += s;
    if (item.kind === 'word' && item.actionItem) piece.actionItem = true;
    if (isWord && !piece.hasWord) Object.assign(piece, { from: item.from, to: item.to, hasWord: true });
    else if (isWord) piece.to = Math.max(piece.to, item.to);
  };
  for (const item of items) {
    if (item.kind === 'pause') continue;
    const spaced = (prev === 'word' || prev === 'close' || prev === 'end' || prev === 'clause') && !item.glue;
    if (item.kind === 'word') {
      emit(caseWord(item, capitalise), spaced, item, true);
      capitalise = false;
      prev = 'word';
      continue;
    }
    switch (item.role) {
      case 'open':
        emit(item.text, spaced, item, false);
        // A quotation starts its own sentence: `she said "Hello."`.
        if (item.text === '"') capitalise = options.casing;
        break;
      case 'break':
        text = text.replace(/[ \t]+$/, '') + item.text;
        breaks += item.text;
        piece = null;
        capitalise = options.casing;
        break;
      case 'end':
        // An abbreviation's full stop ends the sentence too: "3 p.m." + "period" → "3 p.m.", not "p.m..".
        if (!(item.text === '.' && text.endsWith('.') && prev === 'word')) emit(item.text, false, item, false);
        capitalise = options.casing;
        break;
      default:
        emit(item.text, false, item, false);
    }
    prev = item.role;
  }
  return { text: text.replace(/^[ \t]+|[ \t]+$/g, ''), pieces: pieces.map(({ hasWord: _, ...p }) => p) };
}
