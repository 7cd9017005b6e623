/**
 * Transcription services: a recording → a written transcript, in the inference host, kept in the
 * transcript library. Jobs are named by the page (a queue cancels one file by its id); a storage
 * failure never loses a transcript: it comes back with a one-sentence warning instead of an id.
 *
 *   const { transcript, savedId } = await services.transcribeFile({ path, jobId: 'file-1' });
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FileTranscription, TranscriptionServices } from '../../common/contract/transcription.ts';
import { VerbaError } from '../../common/result.ts';
import type { Transcript } from '../../common/transcript.ts';
import { audioDurationSeconds } from '../audio/audio-duration.ts';
import { cancelledError } from '../engine/cancelled.ts';
import type { AppContext } from './context.ts';
import { cancelInHost, transcribeInHost } from './host-calls.ts';
import { withChoice } from './models.ts';

/** A cancel can overtake its job's call to the host (both are messages in flight): ask again this often. */
const CANCEL_RETRY_MS = 50;
const CANCEL_TRIES = 20;

interface Job {
  cancelled: boolean;
  /** The host has been asked to run it (before that, a cancel is handled here). */
  inHost: boolean;
}

const firstSentence = (error: unknown) =>
  (error instanceof Error ? error.message : String(error)).split('\n')[0]!.replace(/\.$/, '');

export function transcriptionServices(context: AppContext): TranscriptionServices {
  const jobs = new Map<string, Job>();

  async function keep(transcript: Transcript, audioPath: string): Promise<Omit<FileTranscription, 'transcript'>> {
    try {
      const library = await context.library();
      return { savedId: await library.saveFile({ transcript, audioPath }), warning: null };
    } catch (error) {
      return {
        savedId: null,
        warning: `This transcript could not be saved to Transcripts (${firstSentence(error)}); copy it before you close Verba.`,
      };
    }
  }

  return {
    async transcribeFile(request) {
      const jobId = request.jobId ?? `transcribe-${randomUUID()}`;
      if (jobs.has(jobId)) throw new VerbaError('JobExists', `A transcription with id ${jobId} is already running.`);
      const job: Job = { cancelled: false, inHost: false };
      jobs.set(jobId, job);
      try {
        const [settings, totalSeconds, named] = await Promise.all([
          context.settings.load(),
          audioDurationSeconds(request.path),
          // Models slice: the model and processor chosen in Settings → Models (a request may name its model).
          withChoice(context, request),
        ]);
        // The length, when the header tells it, turns the host's audio seconds into a fraction and an ETA.
        context.emit('onDidProgress', {
          task: 'transcribe',
          jobId,
          fraction: -1,
          seconds: 0,
          ...(totalSeconds !== null ? { totalSeconds } : {}),
          message: 'Starting',
        });
        if (job.cancelled) throw cancelledError();
        job.inHost = true;
        const transcript = await transcribeInHost(context.host, jobId, named, settings);
        return { transcript, ...(await keep(transcript, request.path)) };
      } finally {
        jobs.delete(jobId);
      }
    },

    async cancelTranscription(jobId) {
      const job = jobs.get(jobId);
      if (job === undefined) return false;
      job.cancelled = true;
      if (!job.inHost) return true;
      for (let i = 0; i < CANCEL_TRIES && jobs.get(jobId) === job; i++) {
        if (await cancelInHost(context.host, jobId)) return true;
        await sleep(CANCEL_RETRY_MS);
      }
      return false;
    },
  };
}
