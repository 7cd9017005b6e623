/**
 * Library slice: every dictation and file transcript, kept, searched, corrected and exported.
 * The entries are typed now so the storage work fills node/app/library.ts and the screens only.
 *
 *   const hits = await verba().listTranscripts({ search: 'budget', limit: 50 });
 *   await verba().exportTranscript({ id: hits[0].id, format: 'srt' }); // main asks where to save
 */
import * as v from 'valibot';
import type { Transcript } from '../transcript.ts';
import { boundedText, invoke, returns, type ServicesOf } from './spec.ts';

export const TRANSCRIPT_KINDS = ['dictation', 'file'] as const;
export const EXPORT_FORMATS = ['txt', 'md', 'srt', 'vtt', 'json', 'docx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface TranscriptSummary {
  id: string;
  title: string;
  kind: (typeof TRANSCRIPT_KINDS)[number];
  /** ms since the epoch. */
  createdAt: number;
  /** Seconds of audio. */
  duration: number;
  /** A short extract; with a search, the hit with «marks» around the matched words. */
  snippet: string;
}

export interface StoredTranscript extends TranscriptSummary {
  transcript: Transcript;
}

const id = v.pipe(v.string(), v.minLength(1, 'must be a transcript id'), v.maxLength(100));
const seconds = v.pipe(v.number(), v.minValue(0));
const word = v.strictObject({
  word: boundedText(1000),
  start: seconds,
  end: seconds,
  confidence: v.pipe(v.number(), v.minValue(0), v.maxValue(1)),
});
const segment = v.strictObject({ start: seconds, end: seconds, text: boundedText(1_000_000), words: v.array(word) });

export const listTranscriptsRequest = v.strictObject({
  search: v.optional(boundedText(1000)),
  kind: v.optional(v.picklist(TRANSCRIPT_KINDS)),
  /** Only transcripts created before this time (ms since the epoch): the next page. */
  before: v.optional(v.number()),
  limit: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(500))),
});
export const updateTranscriptRequest = v.strictObject({
  id,
  title: v.optional(boundedText(500)),
  /** The edited text as segments of timed words (the editor keeps the timings of unchanged words). */
  segments: v.optional(v.pipe(v.array(segment), v.maxLength(100_000))),
});
export const exportTranscriptRequest = v.strictObject({ id, format: v.picklist(EXPORT_FORMATS) });

export const libraryInvokes = {
  listTranscripts: invoke('verba:library:list', [listTranscriptsRequest], returns<TranscriptSummary[]>()),
  getTranscript: invoke('verba:library:get', [id], returns<StoredTranscript>()),
  updateTranscript: invoke('verba:library:update', [updateTranscriptRequest], returns<StoredTranscript>()),
  deleteTranscript: invoke('verba:library:delete', [id], returns<true>()),
  /** Main asks where to save with the OS dialog; the saved path, or null when the user cancelled. */
  exportTranscript: invoke('verba:library:export', [exportTranscriptRequest], returns<string | null>()),
} as const;

export const libraryEvents = {} as const;

export type LibraryServices = ServicesOf<typeof libraryInvokes>;
