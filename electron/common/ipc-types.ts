/** Payload types of the IPC contract and their run-time guards (IPC payloads are untrusted input). */

export interface SystemInfo {
  appVersion: string;
  platform: string;
  arch: string;
  /** Node.js version of the process that serves the call. */
  node: string;
  onnxRuntime: string;
  /** Execution providers this onnxruntime build offers ('cpu', 'webgpu', …). */
  backends: string[];
}

export interface InputDevice {
  /** PortAudio device index; -1 in requests means the system default. */
  id: number;
  name: string;
  channels: number;
  defaultSampleRate: number;
  hostApi: string;
  isDefault: boolean;
}

export interface FormatTextRequest {
  /** Recogniser output: uppercase words as SEW-D emits them. */
  text: string;
  commands?: boolean;
  digits?: boolean;
}

export interface TranscribeFileRequest {
  /** An audio or video file on this computer: an absolute path. */
  path: string;
  /** A converted model dir, a Hugging Face checkpoint dir or a hub id; the default model when absent. */
  model?: string;
  /** Numbers as digits in the written text. */
  digits?: boolean;
  /** The recogniser's words without the text layer. */
  raw?: boolean;
}

/** Audio kept on disk by a recording that ended without its transcript being stored (a crash). */
export interface UnsavedRecording {
  path: string;
  /** Recording start, ms since the epoch. */
  startedAt: number;
  /** Seconds of audio. */
  duration: number;
}

export interface ProgressEvent {
  task: string;
  /** The job this is progress of (two transcriptions never share one). */
  jobId?: string;
  /** 0..1, or -1 while the total is not known yet. */
  fraction: number;
  message: string;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const optionalBoolean = (value: unknown) => value === undefined || typeof value === 'boolean';

export function isFormatTextRequest(value: unknown): value is FormatTextRequest {
  return (
    isRecord(value) &&
    typeof value.text === 'string' &&
    value.text.length <= 1_000_000 &&
    optionalBoolean(value.commands) &&
    optionalBoolean(value.digits)
  );
}

const optionalString = (value: unknown) =>
  value === undefined || (typeof value === 'string' && value.length > 0 && value.length <= 4096);

/** POSIX, Windows drive or UNC absolute path: a page never names files relative to a process's folder. */
export const isAbsolutePath = (path: string) =>
  path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path) || path.startsWith('\\\\');

export function isTranscribeFileRequest(value: unknown): value is TranscribeFileRequest {
  return (
    isRecord(value) &&
    typeof value.path === 'string' &&
    isAbsolutePath(value.path) &&
    value.path.length <= 4096 &&
    optionalString(value.model) &&
    optionalBoolean(value.digits) &&
    optionalBoolean(value.raw)
  );
}

export function isProgressEvent(value: unknown): value is ProgressEvent {
  return (
    isRecord(value) &&
    typeof value.task === 'string' &&
    (value.jobId === undefined || typeof value.jobId === 'string') &&
    typeof value.fraction === 'number' &&
    typeof value.message === 'string'
  );
}
