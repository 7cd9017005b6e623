/**
 * System slice: what this computer and Verba's engine are, and the OS file dialog (served by Electron
 * main; a page never types a path).
 *
 *   const info = await verba().getSystemInfo();
 *   const picked = await verba().pickFiles({ purpose: 'transcribe' }); // [] when the user cancels
 */
import * as v from 'valibot';
import { invoke, returns, type ServicesOf } from './spec.ts';

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

/** What the files are for: decides the dialog's title and filters (audio/video, words files, models). */
export const FILE_PURPOSES = ['transcribe', 'words', 'model'] as const;

export const pickFilesRequest = v.strictObject({
  purpose: v.picklist(FILE_PURPOSES),
  /** Several files at once (the transcription queue); one otherwise. */
  multiple: v.optional(v.boolean()),
});
export type PickFilesRequest = v.InferOutput<typeof pickFilesRequest>;

export const systemInvokes = {
  getSystemInfo: invoke('verba:system:info', [], returns<SystemInfo>()),
  /** The OS open dialog; absolute paths of what the user chose, [] when they cancelled. */
  pickFiles: invoke('verba:system:pick-files', [pickFilesRequest], returns<string[]>()),
} as const;

export const systemEvents = {} as const;

export type SystemServices = ServicesOf<typeof systemInvokes>;
