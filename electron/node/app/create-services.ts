/**
 * The Node-side implementation of the IPC contract, merged from one factory per capability slice
 * (system, text, recordings, transcription, dictation, library, models). Electron main and the e2e
 * test transport both serve exactly this object, so what the tests exercise is what the app runs.
 *
 *   const services = createServices({ appVersion: '0.1.0', emit, host, spoolDir, settingsPath });
 *   await services.getSystemInfo();
 *
 * Nothing here loads onnxruntime: every ONNX question goes to the inference host (host-calls.ts).
 */
import type { VerbaServices } from '../../common/ipc-contract.ts';
import type { AppContext, ServiceContext } from './context.ts';
import { SettingsStore } from './settings-store.ts';
import { systemServices } from './system.ts';
import { textServices } from './text.ts';
import { recordingsServices } from './recordings.ts';
import { transcriptionServices } from './transcription.ts';
import { dictationServices } from './dictation.ts';
import { libraryServices } from './library.ts';
import { modelsServices } from './models.ts';
import { createLibraryService, type LibraryService } from './library-service.ts';
import { TranscriptLibrary } from '../storage/transcript-library.ts';

export type { ServiceContext } from './context.ts';

export function createServices(context: ServiceContext): VerbaServices {
  let library: Promise<LibraryService> | null = null;
  const app: AppContext = {
    ...context,
    settings: new SettingsStore(context.settingsPath),
    // A library that failed to open (not a database, from a newer Verba) is retried on the next call.
    library: () =>
      (library ??= TranscriptLibrary.open(context.libraryDir).then(createLibraryService, (error: unknown) => {
        library = null;
        throw error;
      })),
  };
  return {
    ...systemServices(app),
    ...textServices(app),
    ...recordingsServices(app),
    ...transcriptionServices(app),
    ...dictationServices(app),
    ...libraryServices(app),
    ...modelsServices(app),
  };
}
