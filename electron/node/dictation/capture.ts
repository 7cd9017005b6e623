/**
 * The one home of the microphone → spool glue, used by `verba record` and by dictation sessions: the
 * spool exists before the microphone opens (no early frame finds nowhere to go), the pre-roll is
 * written first, every frame reaches the spool before any listener, and a failing disk or a lost
 * device ends the capture with one sentence while everything already captured stays on disk.
 *
 *   const capture = await Capture.start({ spoolDir, onAudio: (f) => live.accept(f), onEnd: (e) => … });
 *   const { spoolPath, samples } = await capture.stop();   // the spool is kept: discardSpool() once stored
 */
import { SAMPLE_RATE } from '../../common/defaults.ts';
import { VerbaError } from '../../common/result.ts';
import type { CaptureBackend } from '../audio/capture-backend.ts';
import { type Level, Microphone } from '../audio/microphone.ts';
import { SpoolWriter, discardSpool } from '../audio/spool.ts';

/** Why a capture ended on its own (not by stop()). */
export type CaptureEnd =
  { reason: 'limit' } | { reason: 'lost'; message: string } | { reason: 'failed'; error: VerbaError };

export interface CaptureOptions {
  spoolDir: string;
  /** PortAudio device id; -1 or absent: the system default. */
  deviceId?: number;
  backend?: CaptureBackend;
  /** Take no more than this many samples (`verba record --seconds`); then onEnd({ reason: 'limit' }). */
  maxSamples?: number;
  /** Each piece of audio, once it is in the spool (the pre-roll first). */
  onAudio?: (samples: Float32Array) => void;
  onLevel?: (level: Level) => void;
  /** Called at most once, when the capture ended by itself; stop() is still to be called. */
  onEnd?: (end: CaptureEnd) => void;
}

export interface CaptureResult {
  spoolPath: string;
  /** Samples in the spool (16 kHz mono). */
  samples: number;
  ended: CaptureEnd | null;
}

export class Capture {
  readonly microphone: Microphone;
  readonly #spool: SpoolWriter;
  #samples = 0;
  #ended: CaptureEnd | null = null;
  #stopping: Promise<CaptureResult> | null = null;

  private constructor(microphone: Microphone, spool: SpoolWriter) {
    this.microphone = microphone;
    this.#spool = spool;
  }

  static async start(options: CaptureOptions): Promise<Capture> {
    const spool = await SpoolWriter.create(options.spoolDir);
    let mic: Microphone;
    try {
      mic = await Microphone.open({
        ...(options.deviceId !== undefined ? { deviceId: options.deviceId } : {}),
        ...(options.backend ? { backend: options.backend } : {}),
      });
    } catch (error) {
      await discardSpool(await spool.close());
      throw error;
    }
    const capture = new Capture(mic, spool);
    const limit = options.maxSamples ?? Infinity;
    const end = (why: CaptureEnd) => {
      if (capture.#ended !== null) return;
      capture.#ended = why;
      options.onEnd?.(why);
    };
    const take = (frame: Float32Array) => {
      if (capture.#ended !== null || capture.#samples >= limit) return;
      const part = frame.length > limit - capture.#samples ? frame.subarray(0, limit - capture.#samples) : frame;
      try {
        capture.#spool.append(part);
      } catch (error) {
        // Disk full or gone: stop taking audio and keep what is already on disk rather than crash.
        return end({
          reason: 'failed',
          error:
            error instanceof VerbaError
              ? error
              : new VerbaError('SpoolWriteFailed', `Verba could not write the recording: ${String(error)}.`),
        });
      }
      capture.#samples += part.length;
      options.onAudio?.(part);
      if (capture.#samples >= limit) end({ reason: 'limit' });
    };
    // A microphone that was already open (kept warm) holds the moments before the start: they come first.
    const before = mic.preRoll();
    if (before.length > 0 && mic.duration > 0) take(before);
    mic.on('frame', take);
    if (options.onLevel) mic.on('level', options.onLevel);
    mic.on('lost', (message) => end({ reason: 'lost', message }));
    return capture;
  }

  /** The spool this capture writes (a crash leaves it for recovery: recoverSpool repairs its header). */
  get spoolPath(): string {
    return this.#spool.path;
  }

  /** Seconds of audio in the spool so far. */
  get duration(): number {
    return this.#samples / SAMPLE_RATE;
  }

  /** Releases the microphone: once this resolves, its last audio is in the spool and went to onAudio. */
  release(): Promise<void> {
    return this.microphone.stop();
  }

  /** Releases the microphone (delivering its last audio into the spool) and closes the spool. */
  stop(): Promise<CaptureResult> {
    this.#stopping ??= (async () => {
      await this.release();
      const spoolPath = await this.#spool.close();
      return { spoolPath, samples: this.#samples, ended: this.#ended };
    })();
    return this.#stopping;
  }
}
