/**
 * Transcription slice: a recording on this computer → a written transcript, in the inference host,
 * stored in the transcript library. The page names each job, so its progress events and a cancel
 * reach the right file of a queue.
 *
 *   const [path] = await verba().pickFiles({ purpose: 'transcribe' });
 *   const done = await verba().transcribeFile({ path, jobId: 'file-1', digits: true });
 *   await verba().cancelTranscription('file-1'); // the call above then fails with Cancelled
 */
import * as v from 'valibot';
import type { Transcript } from '../transcript.ts';
import { absolutePath, boundedText, event, invoke, returns, type ServicesOf } from './spec.ts';

/** Job ids: short printable tokens chosen by the page (the host contract's task ids). */
export const transcriptionJobId = v.pipe(
  v.string(),
  v.regex(/^[\w.:-]{1,100}$/, 'must be a job id of 1 to 100 letters, digits, ".", ":", "_" or "-"'),
);

export const transcribeFileRequest = v.strictObject({
  /** An audio or video file on this computer: an absolute path (from the file dialog or a drop). */
  path: absolutePath,
  /** Names this job in progress events and in cancelTranscription; one is made up when absent. */
  jobId: v.optional(transcriptionJobId),
  /** A converted model dir, a Hugging Face checkpoint dir or a hub id; the default model when absent. */
  model: v.optional(v.pipe(boundedText(4096, 'a model'), v.minLength(1, 'must name a model'))),
  /** Numbers as digits in the written text. */
  digits: v.optional(v.boolean()),
  /** The recogniser's words without the text layer. */
  raw: v.optional(v.boolean()),
});
export type TranscribeFileRequest = v.InferOutput<typeof transcribeFileRequest>;

/** A finished file: its transcript, and where the library keeps it. */
export interface FileTranscription {
  transcript: Transcript;
  /** The transcript's id in the library; null when it could not be stored (see `warning`). */
  savedId: number | null;
  /** One sentence when the transcript is shown but could not be kept; else null. */
  warning: string | null;
}

export const progressEvent = v.object({
  task: v.string(),
  /** The job this is progress of (two transcriptions never share one). */
  jobId: v.optional(v.string()),
  /** 0..1, or -1 while the total is not known yet. */
  fraction: v.number(),
  /** Seconds of audio done so far. */
  seconds: v.optional(v.number()),
  /** The recording's length in seconds, when known before it is decoded (sent once, as the job starts). */
  totalSeconds: v.optional(v.number()),
  message: v.string(),
});
export type ProgressEvent = v.InferOutput<typeof progressEvent>;

export const transcriptionInvokes = {
  /** Runs in the inference host; progress arrives as onDidProgress events (task 'transcribe'). */
  transcribeFile: invoke('verba:transcribe:file', [transcribeFileRequest], returns<FileTranscription>()),
  /** Stops job `jobId` within a window of audio; false when no such job is running. */
  cancelTranscription: invoke('verba:transcribe:cancel', [transcriptionJobId], returns<boolean>()),
} as const;

export const transcriptionEvents = {
  onDidProgress: event('verba:event:progress', progressEvent),
} as const;

export type TranscriptionServices = ServicesOf<typeof transcriptionInvokes>;
