/**
 * Library slice: every dictation and file transcript, kept, searched, corrected and exported. The
 * values are common/library.ts's (numeric ids); the page never sees or names a file path: audio is
 * played from a URL main hands out per transcript id (verba-audio://transcript/<id> in the app).
 *
 *   const { items } = await verba().searchTranscripts({ text: 'budget', limit: 50 });
 *   const { stored, model } = await verba().openTranscript(items[0].id); // words, paragraphs, marks
 *   await verba().exportTranscript({ id: stored.id, format: 'srt' }); // main asks where to save
 *   const again = await verba().retranscribeTranscript({ id, jobId: 'again-1', model, decoder: 'beam' });
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

/** An installed model a transcript can be transcribed again with. */
export interface RetranscribeModel {
  /** The id listModels gives it (hub id, 'imported/<folder>' or the demo's catalog id). */
  id: string;
  name: string;
  /** The model transcription uses when none is named. */
  selected: boolean;
  /** The offline demo model: it understands synthetic (text-to-speech) voices only. */
  demo: boolean;
  /** It ships an n-gram language model (an .arpa file), which beam search then uses. */
  hasLm: boolean;
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
/** Job ids: short printable tokens chosen by the page (the host contract's task ids). */
export const retranscribeJobId = v.pipe(
  v.string(),
  v.regex(/^[\w.:-]{1,100}$/, 'must be a job id of 1 to 100 letters, digits, ".", ":", "_" or "-"'),
);
export const RETRANSCRIBE_DECODERS = ['greedy', 'beam'] as const;
export const retranscribeRequest = v.strictObject({
  id: transcriptId,
  /** Names the job in onDidProgress events and in cancelRetranscription. */
  jobId: retranscribeJobId,
  /** An installed model's id (from retranscribeModels). */
  model: v.pipe(boundedText(300, 'a model id'), v.minLength(1, 'must be a model id')),
  /** 'beam': beam search, with the model's language model when it has one. */
  decoder: v.picklist(RETRANSCRIBE_DECODERS),
});
export type RetranscribeRequest = v.InferOutput<typeof retranscribeRequest>;

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
  /** The installed models a transcript can be transcribed again with, and which have a language model. */
  retranscribeModels: invoke('verba:library:retranscribe-models', [], returns<RetranscribeModel[]>()),
  /**
   * Transcribes the stored audio again in the inference host (progress: onDidProgress with this jobId,
   * task 'retranscribe' then 'transcribe') and stores the result with the model and decoder that made it.
   */
  retranscribeTranscript: invoke('verba:library:retranscribe', [retranscribeRequest], returns<LibraryTranscript>()),
  /** Stops a re-transcription (its call then fails with Cancelled; nothing is stored); false when none runs. */
  cancelRetranscription: invoke('verba:library:retranscribe-cancel', [retranscribeJobId], returns<boolean>()),
} as const;

export const libraryEvents = {} as const;

export type LibraryServices = ServicesOf<typeof libraryInvokes>;
