/**
 * What every service slice is built from: the process's wiring (given by Electron main or the e2e
 * transport) plus the pieces slices share (one settings store, so a save is seen by every slice).
 */
import type { HostClient } from '../../common/host-client.ts';
import type { EmitEvent } from '../../common/ipc-contract.ts';
import type { PickFilesRequest } from '../../common/ipc-types.ts';
import { VerbaError } from '../../common/result.ts';
import type { SettingsStore } from './settings-store.ts';
import type { LibraryService } from './library-service.ts';
import type { DictationWiring } from './dictation-runtime.ts';

export interface ServiceContext {
  appVersion: string;
  emit: EmitEvent;
  /** The compiled capture worker in a bundled app (out/main/naudiodon-worker.js); sources otherwise. */
  captureWorkerPath?: string;
  /** The inference host process, which owns the ONNX sessions (utilityProcess in the app). */
  host: HostClient;
  /** Where recordings are spooled while they are made (defaultSpoolDir() in the app and the CLI). */
  spoolDir: string;
  /** The JSON file of the user's text settings. */
  settingsPath: string;
  /** The OS open dialog (Electron main's dialog.showOpenDialog; the e2e harness answers for the user). */
  pickFiles?: (request: PickFilesRequest) => Promise<string[]>;
  /** The OS save dialog: the path the user chose (they already agreed to replace it), or null on cancel. */
  pickSavePath?: (request: SavePathRequest) => Promise<string | null>;
  /** The transcript library's folder (libraryDir() in the app and the CLI; a temporary one in tests). */
  libraryDir: string;
  /** Downloaded and converted models (cacheDir() in the app; what the inference host's VERBA_CACHE_DIR says). */
  cacheDir: string;
  /** Where the page plays transcript `id`'s audio (default verba-audio://transcript/<id>; the e2e transport's route). */
  audioUrl?: (id: number) => string;
  /** Push-to-talk: the journal and settings files, the host's events, main's hotkeys and insertion. */
  dictation?: DictationWiring;
}

/** What the save dialog is for: main picks the title and the filter from it. */
export interface SavePathRequest {
  title: string;
  /** The file name offered, e.g. 'Standup.md'. */
  defaultName: string;
  /** Extensions without the dot, e.g. ['md']. */
  extensions: string[];
}

export interface AppContext extends ServiceContext {
  settings: SettingsStore;
  /** The one transcript library of this process, opened on first use (every slice shares it). */
  library: () => Promise<LibraryService>;
}

/** The answer of a contract entry whose feature is not built yet: one sentence, nothing touched. */
export function notAvailable(what: string): never {
  throw new VerbaError('NotAvailableYet', `${what} is not available in this version of Verba yet.`);
}
