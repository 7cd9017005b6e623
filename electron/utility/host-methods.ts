/**
 * What the inference host serves (HostServices, from electron/common/host-contract.ts). Each method runs
 * inside the host process, which owns every ONNX session: transcribers stay loaded between calls.
 *
 *   const services = createHostMethods((name, payload) => post({ event: name, payload }));
 *   await services.transcribeFile('job-1', { path: '/talk.wav' }, null);
 */
import type { HostEmit, HostServices } from '../common/host-contract.ts';
import { DEFAULT_TEXT_SETTINGS, parseTextSettings } from '../common/text-settings.ts';
import { VerbaError } from '../common/result.ts';
import { FileTranscriber } from '../node/engine/file-transcriber.ts';
import { availableBackends, onnxRuntimeVersion } from '../node/onnx/ort.ts';
import { SILERO_VAD_MODEL } from '../node/audio/vad.ts';
import { existsSync } from 'node:fs';

/** File jobs run on the CPU until the model manager lets the user choose a device. */
const FILE_DEVICE = 'cpu';

const clock = (seconds: number) => `${Math.floor(seconds / 60)}:${String(Math.floor(seconds % 60)).padStart(2, '0')}`;

export function createHostMethods(emit: HostEmit): HostServices {
  const transcribers = new Map<string, Promise<FileTranscriber>>();
  /** Running jobs, so cancel(jobId) can stop them. */
  const jobs = new Map<string, AbortController>();

  /** One transcriber (model + VAD) per (model, device): the text layer is applied per call, with that call's settings. */
  function transcriberFor(model: string | undefined): Promise<FileTranscriber> {
    const key = JSON.stringify([model ?? null, FILE_DEVICE]);
    let transcriber = transcribers.get(key);
    if (transcriber === undefined) {
      transcriber = FileTranscriber.open({ ...(model !== undefined ? { model } : {}), device: FILE_DEVICE });
      // A failed load is not cached: the next call tries again (e.g. after the user fixed the path).
      transcriber.catch(() => transcribers.delete(key));
      transcribers.set(key, transcriber);
      // Each one holds a model in memory: keep the two most recent models, release older ones.
      for (const [oldKey, old] of transcribers) {
        if (transcribers.size <= 2) break;
        transcribers.delete(oldKey);
        void old.then(
          (t) => t.release(),
          () => undefined,
        );
      }
    }
    return transcriber;
  }

  const notYet = async (): Promise<never> => {
    throw new VerbaError('NotAvailable', 'Dictation is not available in this build yet.');
  };

  return {
    async ping() {
      return {
        pid: process.pid,
        onnxRuntime: onnxRuntimeVersion(),
        backends: availableBackends(),
        vadModel: existsSync(SILERO_VAD_MODEL),
      };
    },

    async transcribeFile(jobId, request, settings) {
      if (jobs.has(jobId)) throw new VerbaError('JobExists', `A transcription with id ${jobId} is already running.`);
      const controller = new AbortController();
      jobs.set(jobId, controller);
      try {
        const base = settings === null ? DEFAULT_TEXT_SETTINGS : parseTextSettings(settings);
        const transcriber = await transcriberFor(request.model);
        const progress = (seconds: number) =>
          emit('progress', { jobId, fraction: -1, seconds, message: `${clock(seconds)} transcribed` });
        const transcript = await transcriber.transcribe(request.path, {
          settings: { ...base, digits: request.digits ?? base.digits },
          raw: request.raw ?? false,
          onProgress: progress,
          signal: controller.signal,
        });
        emit('progress', {
          jobId,
          fraction: 1,
          seconds: transcript.duration_s,
          message: `Transcribed ${transcript.duration_s.toFixed(1)} s`,
        });
        return transcript;
      } finally {
        jobs.delete(jobId);
      }
    },

    async cancel(jobId) {
      const job = jobs.get(jobId);
      job?.abort();
      return job !== undefined;
    },

    startDictation: notYet,
    stopDictation: notYet,
    cancelDictation: notYet,

    async release() {
      const all = [...transcribers.values()];
      transcribers.clear();
      await Promise.allSettled(all.map(async (t) => (await t).release()));
    },
  };
}
