/**
 * What the Markdown and Word exports share: a transcript read as meeting notes — a title, the date,
 * the duration, participants, timestamped paragraphs (a new one at each long pause) and the sentences
 * the speaker marked with "action item".
 *
 *   const notes = meetingNotes(transcript, { title: 'Standup', createdAt, participants: ['Ada', 'Lin'] });
 */
import { paragraphs } from '../../common/transcript-edit.ts';
import type { Transcript, TranscriptWord } from '../../common/transcript.ts';

export interface ExportMeta {
  title?: string;
  /** When it was recorded (ms since the epoch). */
  createdAt?: number;
  participants?: readonly string[];
}

export interface TimedText {
  start: number;
  text: string;
}

export interface MeetingNotes {
  title: string;
  /** Local date and time, YYYY-MM-DD HH:MM; null when unknown. */
  date: string | null;
  duration: string;
  participants: readonly string[];
  paragraphs: TimedText[];
  actionItems: TimedText[];
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** hh:mm:ss, from seconds (rounded down: a timestamp points at the moment the paragraph starts). */
export function hms(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  return `${pad(Math.floor(s / 3600))}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}`;
}

export function localDateTime(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A word that ends a sentence: . ? ! possibly followed by closing quotes or brackets. */
const endsSentence = (word: string) => /[.?!…]["'”’)\]]*$/u.test(word);

/** Sentences as word runs; the last one may lack its full stop. */
export function sentences(words: readonly TranscriptWord[]): TranscriptWord[][] {
  const out: TranscriptWord[][] = [];
  let current: TranscriptWord[] = [];
  for (const w of words) {
    current.push(w);
    if (endsSentence(w.word)) {
      out.push(current);
      current = [];
    }
  }
  if (current.length > 0) out.push(current);
  return out;
}

const join = (ws: readonly TranscriptWord[]) => ws.map((w) => w.word).join(' ');

export function meetingNotes(t: Transcript, meta: ExportMeta = {}): MeetingNotes {
  const words = t.segments.flatMap((s) => s.words);
  // Segments without word timings (older files, raw imports) are paragraphs of their own.
  const paras: TimedText[] =
    words.length > 0
      ? paragraphs(words).map((p) => ({ start: p.start, text: join(words.slice(p.from, p.to)) }))
      : t.segments.filter((s) => s.text.trim() !== '').map((s) => ({ start: s.start, text: s.text.trim() }));
  const actionItems = sentences(words)
    .filter((s) => s.some((w) => w.action_item))
    .map((s) => ({ start: s[0]!.start, text: join(s) }));
  return {
    title: meta.title?.trim() || 'Transcript',
    date: meta.createdAt === undefined ? null : localDateTime(meta.createdAt),
    duration: hms(t.duration_s),
    participants: meta.participants ?? [],
    paragraphs: paras,
    actionItems,
  };
}
