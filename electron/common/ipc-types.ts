/**
 * Payload types of the IPC contract, gathered from the capability slices in contract/ (kept as one
 * import for the engine and host code that names them), plus guards derived from the same schemas.
 */
import * as v from 'valibot';
import { progressEvent, transcribeFileRequest, type TranscribeFileRequest } from './contract/transcription.ts';

export type { SystemInfo, PickFilesRequest } from './contract/system.ts';
export type { FormatTextRequest } from './contract/text.ts';
export type { InputDevice, UnsavedRecording } from './contract/recordings.ts';
export type { TranscribeFileRequest, ProgressEvent } from './contract/transcription.ts';
export type {
  DictationStatus,
  DictationStateEvent,
  PartialTextEvent,
  LevelEvent,
  FinalTextEvent,
} from './contract/dictation.ts';
export { isAbsolutePath } from './contract/spec.ts';

export const isProgressEvent = (value: unknown) => v.is(progressEvent, value);
export const isTranscribeFileRequest = (value: unknown): value is TranscribeFileRequest =>
  v.is(transcribeFileRequest, value);
