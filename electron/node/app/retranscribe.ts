/**
 * Re-transcription of a stored transcript: which installed models it can use (and whether each ships a
 * language model), the decoder a choice means, and the run in the inference host on the stored audio.
 * Only this side knows the audio's and the model's paths; the page names a transcript id and a model id.
 *
 *   const again = retranscriber(context);
 *   const models = await again.models();                                  // installed, with hasLm
 *   const stored = await again.run({ id: 12, jobId: 'again-1', model: models[0].id, decoder: 'beam' });
 *   await again.cancel('again-1');                                         // run() fails with Cancelled
 */
import type { EngineChoice } from '../../common/engine-choice.ts';
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RetranscribeModel, RetranscribeRequest } from '../../common/contract/library.ts';
import { CTC_DECODING_DEFAULTS } from '../../common/defaults.ts';
import type { HostBeamOption } from '../../common/host-contract.ts';
import type { DecoderInfo, StoredTranscript } from '../../common/library.ts';
import { VerbaError } from '../../common/result.ts';
import { cancelledError } from '../engine/cancelled.ts';
import type { AppContext } from './context.ts';
import { installedFolders } from './models.ts';

/** A cancel can overtake its job's call to the host (both are messages in flight): ask again this often. */
const CANCEL_RETRY_MS = 50;
const CANCEL_TRIES = 20;

/** An installed model with where the host loads it from and its language model, if it ships one. */
export interface ModelChoice extends RetranscribeModel {
  folder: string;
  lm: string | null;
}

/** What a decoder choice asks the host for, and what the library records about it. */
export function decoderChoice(
  decoder: RetranscribeRequest['decoder'],
  lm: string | null,
  width: number = CTC_DECODING_DEFAULTS.beamWidth,
): { beam: HostBeamOption | null; info: DecoderInfo } {
  if (decoder === 'greedy') return { beam: null, info: { decoder: 'greedy' } };
  return {
    beam: lm === null ? { width } : { width, lm },
    info: { decoder: 'beam', beamWidth: width, ...(lm === null ? {} : { lm }) },
  };
}

/** The decoder as the page sees it: the language model by its file name, never its path. */
export const decoderForPage = ({ lm, ...info }: DecoderInfo): DecoderInfo =>
  lm === undefined ? info : { ...info, lm: basename(lm) };

/** The first .arpa file (by name) in the first of these folders that has one, or null. */
export async function findLm(folders: readonly (string | null)[]): Promise<string | null> {
  for (const folder of folders) {
    if (folder === null) continue;
    const names = await readdir(folder).catch(() => [] as string[]);
    const arpa = names.filter((n) => n.toLowerCase().endsWith('.arpa')).sort()[0];
    if (arpa !== undefined) return join(folder, arpa);
  }
  return null;
}

/** Installed models with their folders and language models (the models slice's list, resolved here). */
export async function modelChoices(context: AppContext): Promise<ModelChoice[]> {
  return (await resolveChoices(context)).choices;
}

/** The choices, with the processor choice their folders were picked for (one read of each source). */
async function resolveChoices(context: AppContext): Promise<{ choices: ModelChoice[]; engine: EngineChoice }> {
  const { models, engine } = await installedFolders(context);
  const choices: ModelChoice[] = [];
  for (const { entry, folder, checkpointDir } of models) {
    const lm = await findLm([folder, checkpointDir]);
    choices.push({
      id: entry.id,
      name: entry.name,
      selected: entry.selected,
      demo: entry.demo,
      hasLm: lm !== null,
      folder,
      lm,
    });
  }
  return { choices, engine };
}

interface Job {
  cancelled: boolean;
  /** The host has been asked to run it (before that, a cancel is handled here). */
  inHost: boolean;
}

export function retranscriber(context: AppContext) {
  const jobs = new Map<string, Job>();

  /** The stored audio's path, or one sentence saying why there is none to transcribe. */
  function audioOf(stored: StoredTranscript): string {
    if (stored.deletedAt !== null)
      throw new VerbaError('TranscriptDeleted', 'This transcript is in the trash; restore it to transcribe it again.');
    // The library reads a file that has gone as null too; the check here covers one that went since.
    if (stored.audioPath === null || !existsSync(stored.audioPath))
      throw new VerbaError(
        'NoAudio',
        'The audio of this transcript was not kept or has been moved, so it cannot be transcribed again.',
      );
    return stored.audioPath;
  }

  async function run({ id, jobId, model, decoder }: RetranscribeRequest): Promise<StoredTranscript> {
    if (jobs.has(jobId)) throw new VerbaError('JobExists', `A transcription with id ${jobId} is already running.`);
    const job: Job = { cancelled: false, inHost: false };
    jobs.set(jobId, job);
    try {
      const library = await context.library();
      const stored = await library.get(id);
      const path = audioOf(stored);
      const { choices, engine } = await resolveChoices(context);
      const choice = choices.find((m) => m.id === model);
      if (choice === undefined)
        throw new VerbaError('ModelNotInstalled', `${model} is not installed; choose an installed model.`);
      const { beam, info } = decoderChoice(decoder, choice.lm);
      const settings = await context.settings.load();
      context.emit('onDidProgress', {
        task: 'retranscribe',
        jobId,
        fraction: -1,
        seconds: 0,
        totalSeconds: stored.duration_s,
        message: 'Starting',
      });
      if (job.cancelled) throw cancelledError();
      job.inHost = true;
      const request = { path, model: choice.folder, engine, ...(beam === null ? {} : { beam }) };
      const result = await context.host.call('transcribeFile', jobId, request, settings);
      if (!result.ok) throw new VerbaError(result.error.name, result.error.message);
      // A cancel that arrived as the host finished still wins: the user asked for the old text.
      if (job.cancelled) throw cancelledError();
      return await library.update(id, { transcript: result.value, decoder: info });
    } finally {
      jobs.delete(jobId);
    }
  }

  async function cancel(jobId: string): Promise<boolean> {
    const job = jobs.get(jobId);
    if (job === undefined) return false;
    job.cancelled = true;
    if (!job.inHost) return true;
    for (let i = 0; i < CANCEL_TRIES && jobs.get(jobId) === job; i++) {
      const answer = await context.host.call('cancel', jobId);
      if (answer.ok && answer.value) return true;
      await sleep(CANCEL_RETRY_MS);
    }
    // The host finished first: run() sees the flag and stores nothing.
    return true;
  }

  return { models: modelChoices.bind(null, context), run, cancel };
}
