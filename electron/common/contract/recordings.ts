/**
 * Recordings slice: microphones, and the audio a crash left on disk (offered for recovery, deleted
 * only when the user says so).
 *
 *   const mics = await verba().listInputDevices();
 *   const unsaved = await verba().listUnsavedRecordings();
 */
import { absolutePath, invoke, returns, type ServicesOf } from './spec.ts';

export interface InputDevice {
  /** PortAudio device index; -1 in requests means the system default. */
  id: number;
  name: string;
  channels: number;
  defaultSampleRate: number;
  hostApi: string;
  isDefault: boolean;
}

/** Audio kept on disk by a recording that ended without its transcript being stored (a crash). */
export interface UnsavedRecording {
  path: string;
  /** Recording start, ms since the epoch. */
  startedAt: number;
  /** Seconds of audio. */
  duration: number;
}

export const recordingsInvokes = {
  listInputDevices: invoke('verba:audio:input-devices', [], returns<InputDevice[]>()),
  /** Recordings a crash left on disk, offered for recovery at start-up (audio is never deleted unasked). */
  listUnsavedRecordings: invoke('verba:recordings:unsaved', [], returns<UnsavedRecording[]>()),
  /** Deletes one of them; only paths listUnsavedRecordings returned are accepted. */
  discardUnsavedRecording: invoke('verba:recordings:discard', [absolutePath], returns<true>()),
} as const;

export const recordingsEvents = {} as const;

export type RecordingsServices = ServicesOf<typeof recordingsInvokes>;
