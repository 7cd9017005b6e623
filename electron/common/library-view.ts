/**
 * What the Transcripts screen computes, pure so it is tested without a browser: the date filter as a
 * library query range, the word being spoken at a playback time, and a transcript's text with its
 * paragraphs for the clipboard.
 *
 *   const { from, to } = dateRange('week', Date.now());      // → listTranscripts({ from, to })
 *   const current = wordAt(words, audio.currentTime);         // index to highlight, or -1
 */
import type { Paragraph } from './transcript-edit.ts';
import type { TranscriptWord } from './transcript.ts';

export const DATE_FILTERS = [
  { id: 'any', label: 'Any time' },
  { id: 'today', label: 'Today' },
  { id: 'week', label: 'Past 7 days' },
  { id: 'month', label: 'Past 30 days' },
  { id: 'year', label: 'Past year' },
] as const;
export type DateFilter = (typeof DATE_FILTERS)[number]['id'];

/** The filter as created-at bounds (ms; `from` inclusive), from local midnight so "today" is the calendar day. */
export function dateRange(filter: DateFilter, now: number): { from?: number } {
  if (filter === 'any') return {};
  const midnight = new Date(now);
  midnight.setHours(0, 0, 0, 0);
  const days = { today: 0, week: 6, month: 29, year: 364 }[filter];
  midnight.setDate(midnight.getDate() - days);
  return { from: midnight.getTime() };
}

/**
 * The word being spoken at `time` seconds: the last word that has started, while it lasts or until the
 * next one starts (a pause keeps the previous word lit); -1 before the first word. Binary search, as a
 * player asks several times a second over thousands of words.
 */
export function wordAt(words: readonly TranscriptWord[], time: number): number {
  let lo = 0;
  let hi = words.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (words[mid]!.start <= time) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** Paragraphs as lines separated by a blank line (what Copy text puts on the clipboard). */
export function paragraphText(words: readonly TranscriptWord[], paragraphs: readonly Paragraph[]): string {
  return paragraphs
    .map((p) =>
      words
        .slice(p.from, p.to)
        .map((w) => w.word)
        .join(' '),
    )
    .join('\n\n');
}
