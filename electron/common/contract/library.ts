/**
 * Library slice: every dictation and file transcript, kept, searched, corrected and exported. The
 * values are common/library.ts's (numeric ids); the page never sees or names a file path: audio is
 * played from a URL main hands out per transcript id (verba-audio://transcript/<id> in the app).
 *
 *   const { items } = await verba().searchTranscripts({ text: 'budget', limit: 50 });
 *   const { stored, model } = await verba().openTranscript(items[0].id); // words, paragraphs, marks
 *   await verba().exportTranscript({ id: stored.id, format: 'srt' }); // main asks where to save
 */
import * as v from 'valibot';
import type { LibraryPage, SearchHit, StoredTranscript, TranscriptSummary } from '../library.ts';
import { TRANSCRIPT_KINDS } from '../library.ts';
import type { EditorModel } from '../transcript-edit.ts';
import { TRANSCRIPT_FORMATS } from '../transcript-format.ts';
import { boundedText, invoke, returns, type ServicesOf } from './spec.ts';

/** A stored transcript as the page sees it: whether there is audio to play, never where it is. */
export type LibraryTranscript = Omit<StoredTranscript, 'audioPath'> & { hasAudio: boolean };

export interface OpenedTranscript {
  stored: LibraryTranscript;
  model: EditorModel;
}

/** Where the page's <audio> plays a transcript from, and what it is. */
export interface TranscriptAudio {
  url: string;
  mimeType: string;
}

/** The custom scheme Electron main serves stored audio on (see main/audio-protocol.ts). */
export const AUDIO_SCHEME = 'verba-audio';
export const transcriptAudioUrl = (id: number): string => `${AUDIO_SCHEME}://transcript/${id}`;
/** The id in a transcript audio URL's path ('/12' → 12), or null for anything else. */
export function audioIdOfPath(pathname: string): number | null {
  const m = /^\/([1-9]\d{0,14})$/.exec(pathname);
  return m === null ? null : Number(m[1]);
}

export const transcriptId = v.pipe(
  v.number(),
  v.integer('must be a transcript id'),
  v.minValue(1, 'must be a transcript id'),
  v.maxValue(Number.MAX_SAFE_INTEGER, 'must be a transcript id'),
);
const seconds = v.pipe(v.number(), v.minValue(0, 'must be a time of at least 0 seconds'), v.finite());
const time = v.pipe(v.number(), v.finite());
const count = (max: number) => v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(max));

const word = v.strictObject({
  word: boundedText(1000),
  start: seconds,
  end: seconds,
  confidence: v.pipe(v.number(), v.minValue(0), v.maxValue(1)),
  action_item: v.optional(v.literal(true)),
});
const segment = v.strictObject({
  start: seconds,
  end: seconds,
  text: boundedText(1_000_000),
  words: v.pipe(v.array(word), v.maxLength(1_000_000)),
});
const transcript = v.strictObject({
  text: boundedText(10_000_000),
  duration_s: seconds,
  model: boundedText(1000),
  device: boundedText(100),
  segments: v.pipe(v.array(segment), v.maxLength(100_000, 'must hold at most 100,000 segments')),
});

const query = {
  kind: v.optional(v.picklist(TRANSCRIPT_KINDS)),
  /** Created at or after (ms since the epoch). */
  from: v.optional(time),
  /** Created before (ms since the epoch). */
  to: v.optional(time),
  limit: v.optional(v.pipe(count(500), v.minValue(1))),
  offset: v.optional(count(10_000_000)),
};
export const listTranscriptsRequest = v.strictObject(query);
export const searchTranscriptsRequest = v.strictObject({
  ...query,
  /** Words to find in titles and text (FTS5; the library quotes them, so no query syntax leaks in). */
  text: v.pipe(boundedText(1000), v.minLength(1, 'must be the words to search for')),
});
export const updateTranscriptRequest = v.strictObject({
  id: transcriptId,
  title: v.optional(
    v.pipe(
      boundedText(500),
      v.check((t) => t.trim() !== '', 'must not be empty'),
    ),
  ),
  /** The edited transcript (transcript-edit.ts keeps the timings of the words the user did not change). */
  transcript: v.optional(transcript),
});
export const exportTranscriptRequest = v.strictObject({
  id: transcriptId,
  format: v.picklist(TRANSCRIPT_FORMATS),
  /** Markdown meeting notes list them under "Participants". */
  participants: v.optional(v.pipe(v.array(boundedText(200, 'a name')), v.maxLength(100))),
});

export const libraryInvokes = {
  /** History: newest first, paged, with the kind and date filters. */
  listTranscripts: invoke('verba:library:list', [listTranscriptsRequest], returns<LibraryPage<TranscriptSummary>>()),
  /** Full-text search; each hit's snippet marks the matched words. */
  searchTranscripts: invoke('verba:library:search', [searchTranscriptsRequest], returns<LibraryPage<SearchHit>>()),
  getTranscript: invoke('verba:library:get', [transcriptId], returns<LibraryTranscript>()),
  /** For the editor: the transcript with its timed words, paragraphs and low-confidence marks. */
  openTranscript: invoke('verba:library:open', [transcriptId], returns<OpenedTranscript>()),
  /** Rename and autosaved edits; returns what is now stored. */
  updateTranscript: invoke('verba:library:update', [updateTranscriptRequest], returns<LibraryTranscript>()),
  /** Moves to the trash (restorable for LIBRARY_DEFAULTS.trashDays). */
  deleteTranscript: invoke('verba:library:delete', [transcriptId], returns<true>()),
  /** Undo of a delete. */
  restoreTranscript: invoke('verba:library:restore', [transcriptId], returns<true>()),
  /** Main asks where to save with the OS dialog; the saved path, or null when the user cancelled. */
  exportTranscript: invoke('verba:library:export', [exportTranscriptRequest], returns<string | null>()),
  /** Where to play the transcript's audio from, or null when none was kept or the file has gone. */
  transcriptAudio: invoke('verba:library:audio', [transcriptId], returns<TranscriptAudio | null>()),
} as const;

export const libraryEvents = {} as const;

export type LibraryServices = ServicesOf<typeof libraryInvokes>;
