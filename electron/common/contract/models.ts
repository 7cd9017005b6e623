/**
 * Models slice: the catalog of speech models with what is installed, resumable downloads (progress as
 * events, cancellable), importing a model folder the user picked, deleting, and choosing the model that
 * transcription uses when a request names none.
 *
 *   const models = await verba().listModels();
 *   verba().onDidDownloadProgress(({ id, received, total }) => bar(received / total));
 *   await verba().downloadModel('asapp/sew-d-tiny-100k-ft-ls100h'); // resolves when installed
 */
import * as v from 'valibot';
import { type EngineChoice, type EngineReport, engineChoice } from '../engine-choice.ts';
import { absolutePath, event, invoke, returns, type ServicesOf } from './spec.ts';

export interface ModelEntry {
  /** Hub id ('asapp/sew-d-tiny-100k-ft-ls100h'), 'imported/<folder>' for an import, or the demo's catalog id. */
  id: string;
  name: string;
  /** catalog: downloadable from the hub; imported: a folder the user brought; bundled: ships with Verba. */
  source: 'catalog' | 'imported' | 'bundled';
  /** Parameter count; null when not known. */
  parameters: number | null;
  /** Word error rate (%) the model card reports on LibriSpeech test-clean / test-other; null when not known. */
  wer: { testClean: number; testOther: number } | null;
  /** Bytes a download fetches (the catalog's estimate); 0 for imported and bundled models. */
  downloadBytes: number;
  installed: boolean;
  /** Bytes the installed model takes in the model folder (0 when not installed or bundled). */
  diskBytes: number;
  /** Bytes kept from a cancelled or cut download: a new download resumes from here. */
  partialBytes: number;
  downloading: boolean;
  /** The model transcription uses when none is named (the user's choice, else the default, else the demo). */
  selected: boolean;
  /** The catalog's default model (the one a first run offers). */
  isDefault: boolean;
  /** The offline demo model: it understands synthetic (text-to-speech) voices only. */
  demo: boolean;
}

const modelId = v.pipe(v.string(), v.minLength(1, 'must be a model id'), v.maxLength(300, 'must be a model id'));

export const downloadProgressEvent = v.object({
  id: modelId,
  /** Bytes on disk so far (kept bytes of an earlier try included) and bytes in all. */
  received: v.pipe(v.number(), v.minValue(0)),
  total: v.pipe(v.number(), v.minValue(0)),
  /** Over the last few seconds; 0 until measured. */
  bytesPerSecond: v.pipe(v.number(), v.minValue(0)),
  /** Seconds left at that speed; null while unknown. */
  etaSeconds: v.nullable(v.pipe(v.number(), v.minValue(0))),
});
export type DownloadProgressEvent = v.InferOutput<typeof downloadProgressEvent>;

/** Settings → Models → Processor: the choice, what this build can offer, and the last measurement. */
export interface EngineState {
  choice: EngineChoice;
  /** 'auto', 'cpu' and the accelerators this onnxruntime build has (whether this computer can run them is found when a model opens). */
  devices: EngineChoice['device'][];
  /** The model in use measured with the current choice (measureEngine); null until measured. */
  report: EngineReport | null;
}

export const modelsInvokes = {
  listModels: invoke('verba:models:list', [], returns<ModelEntry[]>()),
  /** Resolves with the installed model; fails with DownloadCancelled after cancelDownload (bytes kept). */
  downloadModel: invoke('verba:models:download', [modelId], returns<ModelEntry>()),
  /** False when no download of that model is running. */
  cancelDownload: invoke('verba:models:cancel-download', [modelId], returns<boolean>()),
  /** A converted or Hugging Face checkpoint folder (picked with pickFiles({ purpose: 'model' })), copied in. */
  importModel: invoke('verba:models:import', [absolutePath], returns<ModelEntry>()),
  /** Deletes an installed model or a partial download; a chosen model that is deleted is unchosen. */
  deleteModel: invoke('verba:models:delete', [modelId], returns<true>()),
  selectModel: invoke('verba:models:select', [modelId], returns<true>()),
  getEngine: invoke('verba:models:engine', [], returns<EngineState>()),
  /** Saved for every later file job and dictation (a loaded model is kept for the previous choice's jobs). */
  setEngine: invoke('verba:models:set-engine', [engineChoice], returns<EngineState>()),
  /**
   * Opens the model in use with the chosen processor and precision (converting the variant on first use,
   * in the inference host) and times it on 10 s of audio.
   */
  measureEngine: invoke('verba:models:measure-engine', [], returns<EngineReport>()),
} as const;

export const modelsEvents = {
  onDidDownloadProgress: event('verba:event:models:download', downloadProgressEvent),
} as const;

export type ModelsServices = ServicesOf<typeof modelsInvokes>;
