/**
 * The transcript library's values as every side sees them: history rows, search hits with their
 * highlighted snippet, one stored transcript, and the query and update shapes. Times are ms since the
 * epoch; durations are seconds.
 *
 *   for (const day of groupByDay(page.items)) list.section(day.label, day.items);
 */
import type { Transcript } from './transcript.ts';

/** A dictation keeps its own recording (the spool, moved); a file transcript refers to the user's file. */
export type TranscriptKind = 'dictation' | 'file';
export const TRANSCRIPT_KINDS: readonly TranscriptKind[] = ['dictation', 'file'];

/** How the text was decoded, so "re-transcribe with another model or decoder" can say what it was. */
export interface DecoderInfo {
  decoder: 'greedy' | 'beam';
  beamWidth?: number;
  /** The language model file, when one was used. */
  lm?: string;
}

export interface TranscriptSummary {
  id: number;
  title: string;
  kind: TranscriptKind;
  createdAt: number;
  updatedAt: number;
  duration_s: number;
  model: string;
  /** The first words of the text (history rows without a search). */
  preview: string;
}

/** A piece of a snippet: `hit` pieces are the words that matched (the renderer highlights them). */
export interface SnippetPart {
  text: string;
  hit: boolean;
}

export interface SearchHit extends TranscriptSummary {
  snippet: SnippetPart[];
}

export interface StoredTranscript extends TranscriptSummary {
  transcript: Transcript;
  decoder: DecoderInfo;
  /** Where the audio is, or null when it was not kept (retention) or the file has gone. */
  audioPath: string | null;
  /** Set while the transcript is in the trash (deleted, still restorable). */
  deletedAt: number | null;
}

export interface LibraryQuery {
  /** Full-text search over titles and text; empty or absent lists everything. */
  text?: string;
  kind?: TranscriptKind;
  /** Created at or after (ms). */
  from?: number;
  /** Created before (ms). */
  to?: number;
  limit?: number;
  offset?: number;
}

export interface LibraryPage<T> {
  items: T[];
  /** How many match in all (for "showing 50 of 812"). */
  total: number;
}

export interface TranscriptUpdate {
  title?: string;
  /** An edited or re-transcribed transcript; replaces text, words and duration. */
  transcript?: Transcript;
  decoder?: DecoderInfo;
}

export interface DayGroup<T> {
  /** Local calendar day, YYYY-MM-DD. */
  day: string;
  label: string;
  items: T[];
}

const pad = (n: number) => String(n).padStart(2, '0');
export const localDay = (ms: number): string => {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
};

/**
 * Groups rows that are already newest first into local calendar days, labelled "Today", "Yesterday" or
 * the date, as a history list shows them.
 */
export function groupByDay<T extends { createdAt: number }>(
  items: readonly T[],
  now: number = Date.now(),
): DayGroup<T>[] {
  const today = localDay(now);
  const yesterdayDate = new Date(now);
  yesterdayDate.setDate(yesterdayDate.getDate() - 1);
  const yesterday = localDay(yesterdayDate.getTime());
  const groups: DayGroup<T>[] = [];
  for (const item of items) {
    const day = localDay(item.createdAt);
    let group = groups.at(-1);
    if (group?.day !== day) {
      const label =
        day === today
          ? 'Today'
          : day === yesterday
            ? 'Yesterday'
            : new Date(item.createdAt).toLocaleDateString(undefined, {
                weekday: 'long',
                year: 'numeric',
                month: 'long',
                day: 'numeric',
              });
      group = { day, label, items: [] };
      groups.push(group);
    }
    group.items.push(item);
  }
  return groups;
}
