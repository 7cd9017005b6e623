/**
 * What the inference host serves (HostServices, from electron/common/host-contract.ts). Each method runs
 * inside the host process, which owns every ONNX session: transcribers stay loaded between calls.
 *
 *   const services = createHostMethods((name, payload) => post({ event: name, payload }));
 *   await services.transcribeFile('job-1', { path: '/talk.wav' }, null);
 */
import type { EngineChoice } from '../common/engine-choice.ts';
import type { HostBeamOption, HostEmit, HostServices } from '../common/host-contract.ts';
import { DEFAULT_TEXT_SETTINGS, parseTextSettings, type TextSettings } from '../common/text-settings.ts';
import { VerbaError } from '../common/result.ts';
import type { CaptureBackend } from '../node/audio/capture-backend.ts';
import { naudiodonBackend } from '../node/audio/naudiodon-backend.ts';
import { defaultSpoolDir } from '../node/audio/spool.ts';
import { DictationSession } from '../node/dictation/session.ts';
import { measureEngine, openEngine } from '../node/engine/engine.ts';
import { FileTranscriber } from '../node/engine/file-transcriber.ts';
import { Recognizer } from '../node/engine/recognizer.ts';
import { TextFormatter } from '../node/text/text-formatter.ts';
import { availableBackends, onnxRuntimeVersion } from '../node/onnx/ort.ts';
import { SILERO_VAD_MODEL } from '../node/audio/vad.ts';
import { existsSync } from 'node:fs';

/** A request without a processor choice (the CLI, older callers): the CPU in the variant the model folder holds. */
const engineKey = (engine: EngineChoice | undefined) =>
  engine === undefined ? 'cpu' : `${engine.device}/${engine.variant}`;

/** Drops a cached model and releases it once its load settles (a failed load has nothing to release). */
function unload<T extends { release(): Promise<void> }>(cache: Map<string, Promise<T>>, key: string): void {
  const loading = cache.get(key);
  cache.delete(key);
  void loading?.then(
    (loaded) => loaded.release(),
    () => undefined,
  );
}

const clock = (seconds: number) => `${Math.floor(seconds / 60)}:${String(Math.floor(seconds % 60)).padStart(2, '0')}`;

export interface HostMethodsOptions {
  /** Where dictation spools go (defaultSpoolDir() in the app). */
  spoolDir?: string;
  /** The capture worker of a bundled app; the sources' worker otherwise. */
  captureWorkerPath?: string;
  /** Microphones (tests may pass another backend); PortAudio in a worker process otherwise. */
  captureBackend?: CaptureBackend;
}

export function createHostMethods(emit: HostEmit, options: HostMethodsOptions = {}): HostServices {
  const transcribers = new Map<string, Promise<FileTranscriber>>();
  /** Live dictation has its own recognizer per (model, device): its runs never queue behind a file's windows. */
  const liveRecognizers = new Map<string, Promise<Recognizer>>();
  const sessions = new Map<string, DictationSession>();
  /**
   * onnxruntime-node runs a session on the JS thread (its async run() wraps a blocking call), so a file
   * window and a live step cannot overlap in this process: file windows wait while any dictation is
   * open, and a release never waits behind a 20 s window. Resolved when the last session ends.
   */
  let dictationIdle: { promise: Promise<void>; resolve: () => void } | null = null;
  const fileTurn = () => dictationIdle?.promise ?? Promise.resolve();
  const sessionOpened = () => {
    if (dictationIdle === null) {
      let resolve = () => undefined as void;
      const promise = new Promise<void>((r) => (resolve = r));
      dictationIdle = { promise, resolve };
    }
  };
  const sessionClosed = () => {
    if (sessions.size > 0 || starting > 0) return;
    dictationIdle?.resolve();
    dictationIdle = null;
  };
  let starting = 0;
  const spoolDir = options.spoolDir ?? defaultSpoolDir();
  const backend =
    options.captureBackend ??
    naudiodonBackend(options.captureWorkerPath !== undefined ? { workerPath: options.captureWorkerPath } : {});

  /** The live model key of each open dictation (so a change of model never unloads one in use). */
  const liveKeys = new Map<string, string>();

  const liveKey = (model: string | undefined, engine: EngineChoice | undefined) =>
    JSON.stringify([model ?? null, engineKey(engine)]);

  function liveRecognizerFor(model: string | undefined, engine: EngineChoice | undefined): Promise<Recognizer> {
    const key = liveKey(model, engine);
    let recognizer = liveRecognizers.get(key);
    if (recognizer === undefined) {
      // No processor choice (the CLI, older callers): the CPU in the variant the folder holds.
      recognizer = openEngine(model, engine ?? { device: 'cpu' }).then((opened) => opened.recognizer);
      recognizer.catch(() => liveRecognizers.delete(key));
      liveRecognizers.set(key, recognizer);
    }
    // Another model or processor was chosen: the previous live models go, unless a dictation still uses one.
    const inUse = new Set(liveKeys.values());
    for (const oldKey of [...liveRecognizers.keys()])
      if (oldKey !== key && !inUse.has(oldKey)) unload(liveRecognizers, oldKey);
    return recognizer;
  }

  const parseSettings = (settings: TextSettings | null) =>
    settings === null ? DEFAULT_TEXT_SETTINGS : parseTextSettings(settings);
  const sessionOf = (sessionId: string) => {
    const session = sessions.get(sessionId);
    if (session === undefined) throw new VerbaError('NotListening', 'That dictation is not running.');
    return session;
  };
  /** Running jobs, so cancel(jobId) can stop them. */
  const jobs = new Map<string, AbortController>();

  /**
   * One transcriber (model + VAD) per (model, device, decoder): the text layer is applied per call, with
   * that call's settings. A beam request (a re-transcription) gets its own, so greedy jobs keep theirs.
   */
  function transcriberFor(
    model: string | undefined,
    beam: HostBeamOption | undefined,
    engine: EngineChoice | undefined,
  ): Promise<FileTranscriber> {
    const key = JSON.stringify([model ?? null, engineKey(engine), beam ?? null]);
    let transcriber = transcribers.get(key);
    if (transcriber === undefined) {
      transcriber = FileTranscriber.open({
        ...(model !== undefined ? { model } : {}),
        ...(engine !== undefined ? { engine } : { device: 'cpu' as const }),
        ...(beam !== undefined ? { beam } : {}),
      });
      // A failed load is not cached: the next call tries again (e.g. after the user fixed the path).
      transcriber.catch(() => transcribers.delete(key));
      transcribers.set(key, transcriber);
      // Each one holds a model in memory: keep the two most recent models, release older ones.
      for (const oldKey of [...transcribers.keys()].slice(0, Math.max(0, transcribers.size - 2)))
        unload(transcribers, oldKey);
    }
    return transcriber;
  }

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
        const base = parseSettings(settings);
        const transcriber = await transcriberFor(request.model, request.beam, request.engine);
        const progress = (seconds: number) =>
          emit('progress', { jobId, fraction: -1, seconds, message: `${clock(seconds)} transcribed` });
        const transcript = await transcriber.transcribe(request.path, {
          settings: { ...base, digits: request.digits ?? base.digits },
          raw: request.raw ?? false,
          onProgress: progress,
          signal: controller.signal,
          yieldTo: fileTurn,
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

    async measureEngine(request) {
      const transcriber = await transcriberFor(request.model, undefined, request.engine);
      await fileTurn(); // a dictation's steps go first; the timing would be wrong beside them anyway
      return measureEngine(transcriber.recognizer, transcriber.fallbackReason);
    },

    async cancel(jobId) {
      const job = jobs.get(jobId);
      job?.abort();
      return job !== undefined;
    },

    async startDictation(request, settings) {
      if (sessions.has(request.sessionId))
        throw new VerbaError('SessionExists', `A dictation with id ${request.sessionId} is already running.`);
      const formatter = new TextFormatter(parseSettings(settings));
      const { sessionId } = request;
      starting++;
      sessionOpened();
      let session: DictationSession;
      try {
        // Claimed before the (slow) load, so a start with another choice meanwhile cannot unload it.
        liveKeys.set(sessionId, liveKey(request.model, request.engine));
        const recognizer = await liveRecognizerFor(request.model, request.engine);
        session = await DictationSession.start({
          sessionId,
          recognizer,
          formatter,
          spoolDir,
          backend,
          ...(request.deviceId !== undefined ? { deviceId: request.deviceId } : {}),
          ...(request.keepAudio !== undefined ? { keepAudio: request.keepAudio } : {}),
          events: {
            partial: (p) => emit('partial', p),
            level: (l) => emit('level', l),
            state: (s) => emit('dictationState', s),
          },
        });
        sessions.set(sessionId, session);
      } finally {
        if (!sessions.has(sessionId)) liveKeys.delete(sessionId); // it did not start
        starting--;
        sessionClosed();
      }
      return {
        sessionId,
        microphone: session.microphone,
        spool: session.spoolPath,
        audioAfterStopMs: session.audioAfterStopMs,
      };
    },

    async stopDictation(sessionId) {
      const session = sessionOf(sessionId);
      try {
        return await session.stop();
      } finally {
        sessions.delete(sessionId);
        liveKeys.delete(sessionId);
        sessionClosed();
      }
    },

    async holdDictation(sessionId, hold) {
      const session = sessions.get(sessionId);
      if (session === undefined) return false;
      session.holdSteps(hold);
      return true;
    },

    async cancelDictation(sessionId) {
      const session = sessions.get(sessionId);
      if (session === undefined) return false;
      try {
        await session.cancel();
      } finally {
        sessions.delete(sessionId);
        liveKeys.delete(sessionId);
        sessionClosed();
      }
      return true;
    },

    async release() {
      const all = [...transcribers.values(), ...liveRecognizers.values()];
      transcribers.clear();
      liveRecognizers.clear();
      await Promise.allSettled(all.map(async (t) => (await t).release()));
    },
  };
}
