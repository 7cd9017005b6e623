/**
 * Transcription slice: a recording on this computer → a written transcript, in the inference host.
 *
 *   const [path] = await verba().pickFiles({ purpose: 'transcribe' });
 *   const transcript = await verba().transcribeFile({ path, digits: true });
 */
import * as v from 'valibot';
import type { Transcript } from '../transcript.ts';
import { absolutePath, boundedText, event, invoke, returns, type ServicesOf } from './spec.ts';

export const transcribeFileRequest = v.strictObject({
  /** An audio or video file on this computer: an absolute path (from the file dialog or a drop). */
  path: absolutePath,
  /** A converted model dir, a Hugging Face checkpoint dir or a hub id; the default model when absent. */
  model: v.optional(v.pipe(boundedText(4096, 'a model'), v.minLength(1, 'must name a model'))),
  /** Numbers as digits in the written text. */
  digits: v.optional(v.boolean()),
  /** The recogniser's words without the text layer. */
  raw: v.optional(v.boolean()),
});
export type TranscribeFileRequest = v.InferOutput<typeof transcribeFileRequest>;

export const progressEvent = v.object({
  task: v.string(),
  /** The job this is progress of (two transcriptions never share one). */
  jobId: v.optional(v.string()),
  /** 0..1, or -1 while the total is not known yet. */
  fraction: v.number(),
  message: v.string(),
});
export type ProgressEvent = v.InferOutput<typeof progressEvent>;

export const transcriptionInvokes = {
  /** Runs in the inference host; progress arrives as onDidProgress events (task 'transcribe'). */
  transcribeFile: invoke('verba:transcribe:file', [transcribeFileRequest], returns<Transcript>()),
} as const;

export const transcriptionEvents = {
  onDidProgress: event('verba:event:progress', progressEvent),
} as const;

export type TranscriptionServices = ServicesOf<typeof transcriptionInvokes>;
