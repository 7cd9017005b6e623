/**
 * The editor's data side, pure so the renderer, the app and tests share it: a transcript as a list of
 * timed words cut into paragraphs at long pauses, text edits that keep the timings of every word the
 * user did not change (the words are diffed, not the characters, so "the slides" → "the new slides"
 * keeps both old words' times), find and replace, low-confidence marks, and an undo stack.
 *
 *   const model = editorModel(stored.transcript);
 *   const words = editWords(model.words, 'Send the new slides.', { from: 4, to: 7 });
 *   const saved = withWords(stored.transcript, words); // → library.update(id, { transcript: saved })
 */
import { diffArrays } from 'diff';
import { EDITOR_DEFAULTS } from './defaults.ts';
import type { Transcript, TranscriptSegment, TranscriptWord } from './transcript.ts';

export interface Paragraph {
  /** Word indexes [from, to). */
  from: number;
  to: number;
  start: number;
  end: number;
}

export interface EditorModel {
  words: TranscriptWord[];
  paragraphs: Paragraph[];
  /** Indexes of the words to mark for review. */
  lowConfidence: number[];
}

/** A range of words: [from, to). */
export interface WordRange {
  from: number;
  to: number;
}

export const transcriptWords = (t: Transcript): TranscriptWord[] => t.segments.flatMap((s) => s.words);

export const isLowConfidence = (word: TranscriptWord, threshold: number = EDITOR_DEFAULTS.lowConfidence): boolean =>
  word.confidence < threshold;

/** Paragraphs break where the speaker paused at least `pauseSeconds` between two words. */
export function paragraphs(
  words: readonly TranscriptWord[],
  pauseSeconds: number = EDITOR_DEFAULTS.paragraphPauseSeconds,
): Paragraph[] {
  const out: Paragraph[] = [];
  let from = 0;
  for (let i = 1; i <= words.length; i++) {
    if (i === words.length || words[i]!.start - words[i - 1]!.end >= pauseSeconds) {
      out.push({ from, to: i, start: words[from]!.start, end: words[i - 1]!.end });
      from = i;
    }
  }
  return out;
}

export function editorModel(
  t: Transcript,
  options: { pauseSeconds?: number; lowConfidence?: number } = {},
): EditorModel {
  const words = transcriptWords(t);
  const lowConfidence: number[] = [];
  words.forEach((w, i) => {
    if (isLowConfidence(w, options.lowConfidence)) lowConfidence.push(i);
  });
  return { words, paragraphs: paragraphs(words, options.pauseSeconds), lowConfidence };
}

/** Words compare without case and surrounding punctuation, so "slides" → "Slides." keeps its timing. */
const key = (word: string): string => word.toLowerCase().replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
const tokens = (text: string): string[] => text.split(/\s+/).filter(Boolean);
const round = (x: number) => Math.round(x * 1000) / 1000;

/** Typed words spread over [start, end]; what the user typed is certain, and keeps the span's action mark. */
function timed(texts: readonly string[], start: number, end: number, actionItem: boolean): TranscriptWord[] {
  const step = Math.max(0, end - start) / Math.max(1, texts.length);
  return texts.map((word, k) => ({
    word,
    start: round(start + k * step),
    end: round(start + (k + 1) * step),
    confidence: 1,
    ...(actionItem ? { action_item: true as const } : {}),
  }));
}

/**
 * Replaces the words in `range` (all of them by default) with the words of `text`. Words that survive
 * the edit keep their timings and confidence (their spelling follows the new text); a replaced run
 * takes the time span of the words it replaced; an inserted run sits in the gap between its neighbours.
 */
export function editWords(words: readonly TranscriptWord[], text: string, range?: WordRange): TranscriptWord[] {
  const from = range?.from ?? 0;
  const to = range?.to ?? words.length;
  const old = words.slice(from, to);
  const typed = tokens(text);
  const changes = diffArrays(
    old.map((w) => key(w.word)),
    typed.map(key),
  );
  const out: TranscriptWord[] = [];
  let i = 0; // in old
  let j = 0; // in typed
  for (let c = 0; c < changes.length; c++) {
    const change = changes[c]!;
    if (!change.added && !change.removed) {
      for (let k = 0; k < change.count; k++) out.push({ ...old[i + k]!, word: typed[j + k]! });
      i += change.count;
      j += change.count;
      continue;
    }
    // A removal followed by an addition (or the reverse) is one replacement.
    const next = changes[c + 1];
    const paired = next !== undefined && (next.added || next.removed) && next.added !== change.added;
    const removed = change.removed ? change.count : paired ? next.count : 0;
    const added = change.added ? change.count : paired ? next.count : 0;
    if (paired) c++;
    const gone = old.slice(i, i + removed);
    if (added > 0) {
      const before = i + from > 0 ? (i > 0 ? old[i - 1]! : words[from - 1]!) : undefined;
      const after = old[i + removed] ?? words[to];
      const start = gone[0]?.start ?? before?.end ?? after?.start ?? 0;
      const end = gone.at(-1)?.end ?? after?.start ?? start;
      out.push(
        ...timed(
          typed.slice(j, j + added),
          start,
          Math.max(start, end),
          gone.some((w) => w.action_item),
        ),
      );
    }
    i += removed;
    j += added;
  }
  return [...words.slice(0, from), ...out, ...words.slice(to)];
}

/**
 * The transcript with its words replaced: each word goes to the original segment its start falls in
 * (or the one before), so segment spans and the subtitle cues built on them stay where they were.
 */
export function withWords(t: Transcript, words: readonly TranscriptWord[]): Transcript {
  const segments: TranscriptSegment[] = t.segments.map((s) => ({ ...s, text: '', words: [] }));
  if (segments.length === 0 && words.length > 0)
    segments.push({ start: words[0]!.start, end: words.at(-1)!.end, text: '', words: [] });
  let s = 0;
  for (const word of words) {
    while (s + 1 < segments.length && word.start >= segments[s + 1]!.start) s++;
    segments[s]!.words.push(word);
  }
  const kept = segments.filter((seg) => seg.words.length > 0);
  for (const seg of kept) {
    seg.text = seg.words.map((w) => w.word).join(' ');
    seg.start = Math.min(seg.start, seg.words[0]!.start);
    seg.end = Math.max(seg.end, seg.words.at(-1)!.end);
  }
  return { ...t, text: kept.map((seg) => seg.text).join(' '), segments: kept };
}

export interface FindOptions {
  matchCase?: boolean;
  /** Only whole words (the default) or any part of a word. */
  wholeWord?: boolean;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Where `query` occurs, as word ranges (a match may span several words); in order. */
export function findWords(words: readonly TranscriptWord[], query: string, options: FindOptions = {}): WordRange[] {
  const needle = tokens(query).map(escape).join('\\s+');
  if (needle === '') return [];
  const edge = options.wholeWord === false ? '' : '(?<![\\p{L}\\p{N}])';
  const tail = options.wholeWord === false ? '' : '(?![\\p{L}\\p{N}])';
  const re = new RegExp(`${edge}${needle}${tail}`, options.matchCase ? 'gu' : 'giu');
  // Character offset of each word in the text the words make when joined by spaces.
  const starts: number[] = [];
  let text = '';
  for (const w of words) {
    starts.push(text.length + (text === '' ? 0 : 1));
    text += (text === '' ? '' : ' ') + w.word;
  }
  const wordAt = (offset: number): number => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  return [...text.matchAll(re)].map((m) => ({ from: wordAt(m.index), to: wordAt(m.index + m[0].length - 1) + 1 }));
}

/**
 * Replaces every match (or only `only`, one of findWords' ranges) with `replacement`; words outside
 * the matches keep their timings, and so do matched words the replacement keeps.
 */
export function replaceWords(
  words: readonly TranscriptWord[],
  query: string,
  replacement: string,
  options: FindOptions & { only?: WordRange } = {},
): TranscriptWord[] {
  const re = new RegExp(tokens(query).map(escape).join('\\s+'), options.matchCase ? 'u' : 'iu');
  const matches = options.only ? [options.only] : findWords(words, query, options);
  let out = [...words];
  // From the end, so earlier ranges keep their indexes.
  for (const m of [...matches].reverse()) {
    const span = out
      .slice(m.from, m.to)
      .map((w) => w.word)
      .join(' ');
    out = editWords(
      out,
      span.replace(re, () => replacement),
      m,
    );
  }
  return out;
}

/** Undo and redo over immutable states (the editor keeps word arrays; each edit pushes one). */
export class UndoStack<T> {
  #past: T[] = [];
  #future: T[] = [];
  #present: T;
  readonly #limit: number;

  constructor(initial: T, limit = 200) {
    this.#present = initial;
    this.#limit = limit;
  }

  get current(): T {
    return this.#present;
  }
  get canUndo(): boolean {
    return this.#past.length > 0;
  }
  get canRedo(): boolean {
    return this.#future.length > 0;
  }

  push(state: T): T {
    this.#past.push(this.#present);
    if (this.#past.length > this.#limit) this.#past.shift();
    this.#future = [];
    return (this.#present = state);
  }

  undo(): T {
    const previous = this.#past.pop();
    if (previous === undefined) return this.#present;
    this.#future.push(this.#present);
    return (this.#present = previous);
  }

  redo(): T {
    const next = this.#future.pop();
    if (next === undefined) return this.#present;
    this.#past.push(this.#present);
    return (this.#present = next);
  }
}
