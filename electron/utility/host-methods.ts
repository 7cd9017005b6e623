/**
 * What the inference host serves. Each method runs inside the host process, which owns every ONNX
 * session: transcribers stay loaded between calls (one per model and text choice).
 */
import type { HostEvent } from '../common/host-client.ts';
import type { TranscribeFileRequest } from '../common/ipc-types.ts';
import { DEFAULT_TEXT_SETTINGS, parseTextSettings, type TextSettings } from '../common/text-settings.ts';
import type { Result } from '../common/result.ts';
import type { Transcript } from '../common/transcript.ts';
import { FileTranscriber } from '../node/engine/file-transcriber.ts';
import { availableBackends, onnxRuntimeVersion } from '../node/onnx/ort.ts';
import { SILERO_VAD_MODEL } from '../node/audio/vad.ts';
import { existsSync } from 'node:fs';

export interface HostRequest {
  id: number;
  method: string;
  args: unknown[];
}

export interface HostResponse {
  id: number;
  result: Result<unknown>;
}

export function createHostMethods(emit: (event: HostEvent) => void) {
  const transcribers = new Map<string, Promise<FileTranscriber>>();

  function transcriberFor(
    request: TranscribeFileRequest,
    userSettings: TextSettings | undefined,
  ): Promise<FileTranscriber> {
    const base = userSettings === undefined ? DEFAULT_TEXT_SETTINGS : parseTextSettings(userSettings);
    const settings = { ...base, digits: request.digits ?? base.digits };
    const key = JSON.stringify([request.model ?? null, settings, request.raw ?? false]);
    let transcriber = transcribers.get(key);
    if (transcriber === undefined) {
      transcriber = FileTranscriber.open({
        ...(request.model !== undefined ? { model: request.model } : {}),
        settings,
        raw: request.raw ?? false,
      });
      // A failed load is not cached: the next call tries again (e.g. after the user fixed the path).
      transcriber.catch(() => transcribers.delete(key));
      transcribers.set(key, transcriber);
      // Each one holds a model in memory: keep the two most recent choices, release older ones.
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

  return {
    /** Liveness and what this host can do: its runtime, providers, and whether its shipped models are found. */
    async ping(): Promise<{ pid: number; onnxRuntime: string; backends: string[]; vadModel: boolean }> {
      return {
        pid: process.pid,
        onnxRuntime: onnxRuntimeVersion(),
        backends: availableBackends(),
        vadModel: existsSync(SILERO_VAD_MODEL),
      };
    },

    async transcribeFile(request: TranscribeFileRequest, settings?: TextSettings): Promise<Transcript> {
      const transcriber = await transcriberFor(request, settings);
      const progress = (seconds: number) =>
        emit({
          event: 'progress',
          payload: {
            task: 'transcribe',
            fraction: -1,
            message: `${Math.floor(seconds / 60)}:${String(Math.floor(seconds % 60)).padStart(2, '0')} transcribed`,
          },
        });
      const transcript = await transcriber.transcribe(request.path, progress);
      emit({
        event: 'progress',
        payload: { task: 'transcribe', fraction: 1, message: `Transcribed ${transcript.duration_s.toFixed(1)} s` },
      });
      return transcript;
    },

    async release(): Promise<void> {
      const all = [...transcribers.values()];
      transcribers.clear();
      await Promise.allSettled(all.map(async (t) => (await t).release()));
    },
  };
}
