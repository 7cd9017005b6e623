/**
 * Microphones, and recordings a crash left on disk (offered at start-up; handed to Files, or deleted
 * once the user confirms).
 *
 *   await recordings.loadUnsaved();
 *   recordings.transcribe(recordings.unsaved[0]); // to Files, with its Transcribe button focused
 */
import type { UnsavedRecording } from '../../../../electron/common/ipc-types.ts';
import { AsyncCall } from '../async-call.svelte.ts';
import { verba } from '../verba.ts';
import { navigation } from './navigation.svelte.ts';
import { transcription } from './transcription.svelte.ts';

class RecordingsState {
  readonly microphones = new AsyncCall(() => verba().listInputDevices());
  readonly unsavedCall = new AsyncCall(() => verba().listUnsavedRecordings());
  readonly discardCall = new AsyncCall((path: string) => verba().discardUnsavedRecording(path));

  get unsaved(): UnsavedRecording[] {
    return this.unsavedCall.value ?? [];
  }

  get error(): string | null {
    return this.unsavedCall.error ?? this.discardCall.error;
  }

  loadUnsaved = () => this.unsavedCall.run();

  transcribe(recording: UnsavedRecording) {
    transcription.add([recording.path]);
    navigation.go('files', 'files-start');
  }

  async discard(recording: UnsavedRecording) {
    if ((await this.discardCall.run(recording.path)) !== null) await this.loadUnsaved();
  }
}

export const recordings = new RecordingsState();
