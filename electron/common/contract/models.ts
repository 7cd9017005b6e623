/**
 * Models slice: the catalog of speech models, downloads (with progress, cancellable) and importing a
 * checkpoint folder the user picked. Typed now; node/app/models.ts fills them.
 *
 *   const models = await verba().listModels();
 *   verba().onDidDownloadProgress(({ id, received, total }) => bar(received / total));
 */
import * as v from 'valibot';
import { absolutePath, event, invoke, returns, type ServicesOf } from './spec.ts';

export interface ModelEntry {
  /** Hub id ('asapp/sew-d-tiny-100k-ft-ls100h') or the folder name of an imported model. */
  id: string;
  name: string;
  /** Parameters, in millions. */
  parameters: number;
  /** Word error rate on LibriSpeech test-clean, %. */
  wer: number | null;
  /** Bytes to download; 0 for an imported model. */
  size: number;
  installed: boolean;
  /** The model transcription and dictation use when none is named. */
  selected: boolean;
}

const modelId = v.pipe(v.string(), v.minLength(1, 'must be a model id'), v.maxLength(300));

export const downloadProgressEvent = v.object({
  id: modelId,
  received: v.pipe(v.number(), v.minValue(0)),
  total: v.pipe(v.number(), v.minValue(0)),
});
export type DownloadProgressEvent = v.InferOutput<typeof downloadProgressEvent>;

export const modelsInvokes = {
  listModels: invoke('verba:models:list', [], returns<ModelEntry[]>()),
  downloadModel: invoke('verba:models:download', [modelId], returns<ModelEntry>()),
  cancelDownload: invoke('verba:models:cancel-download', [modelId], returns<true>()),
  /** A Hugging Face checkpoint folder (picked with pickFiles({ purpose: 'model' })), converted in the host. */
  importModel: invoke('verba:models:import', [absolutePath], returns<ModelEntry>()),
  selectModel: invoke('verba:models:select', [modelId], returns<true>()),
} as const;

export const modelsEvents = {
  onDidDownloadProgress: event('verba:event:models:download', downloadProgressEvent),
} as const;

export type ModelsServices = ServicesOf<typeof modelsInvokes>;
