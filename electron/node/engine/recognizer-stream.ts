/**
 * A cheap per-utterance stream over a shared Recognizer (sherpa-onnx's recognizer/stream split): push
 * 16 kHz mono audio as it is captured, get segments as soon as they are final, and the whole
 * transcript when the input ends. Windows run in the background while audio keeps arriving.
 *
 *   const stream = new RecognizerStream(recognizer, { onSegment: (s) => show(s.text), onError: stop });
 *   microphone.on('frame', (f) => stream.acceptWaveform(f));   // a file reader awaits drain() on false
 *   const transcript = await stream.finish();
 *
 * Memory: the queue of not-yet-windowed audio is bounded. Above highWaterSeconds acceptWaveform()
 * returns false (backpressure for producers that can wait); past maxQueuedSeconds the stream fails
 * with RecognizerBehind. After any failure nothing more is queued: acceptWaveform() throws the error.
 */
import { RECOGNIZER_STREAM_DEFAULTS, SAMPLE_RATE } from '../../common/defaults.ts';
import { VerbaError } from '../../common/result.ts';
import type { Transcript } from '../../common/transcript.ts';
import type { Recognizer } from './recognizer.ts';
import { type TranscribeOptions, transcribeStream } from './transcribe.ts';

export interface RecognizerStreamOptions extends TranscribeOptions {
  /** Called once, as soon as recognition fails (finish() rejects with the same error). */
  onError?: (error: unknown) => void;
  highWaterSeconds?: number;
  maxQueuedSeconds?: number;
}

export class RecognizerStream {
  private readonly pending: Float32Array[] = [];
  private queued = 0; // samples in `pending`
  private ended = false;
  private failure: { error: unknown } | null = null;
  private wake: (() => void) | null = null;
  private drainWaiters: Array<{ resolve: () => void; reject: (e: unknown) => void }> = [];
  private readonly highWater: number;
  private readonly maxQueued: number;
  private readonly result: Promise<Transcript>;

  constructor(recognizer: Recognizer, options: RecognizerStreamOptions = {}) {
    const d = RECOGNIZER_STREAM_DEFAULTS;
    this.highWater = Math.round((options.highWaterSeconds ?? d.highWaterSeconds) * SAMPLE_RATE);
    this.maxQueued = Math.round((options.maxQueuedSeconds ?? d.maxQueuedSeconds) * SAMPLE_RATE);
    this.result = transcribeStream(recognizer, this.audio(), options);
    // Reported at once to onError and to the producer's next acceptWaveform(); finish() rejects with it.
    this.result.catch((error: unknown) => {
      this.fail(error);
      options.onError?.(error);
    });
  }

  /** Samples queued and not yet taken by the windowing. */
  get queuedSamples(): number {
    return this.queued;
  }

  /**
   * Queues samples (copied: capture buffers are often reused by their producer). Returns false when
   * the queue is above the high-water mark: a producer that can wait should await drain().
   */
  acceptWaveform(samples: Float32Array): boolean {
    if (this.ended) throw new Error('acceptWaveform after finish');
    if (this.failure !== null) throw this.failure.error;
    if (samples.length === 0) return this.queued <= this.highWater;
    if (this.queued + samples.length > this.maxQueued) {
      const error = new VerbaError(
        'RecognizerBehind',
        `Recognition fell more than ${Math.round(this.maxQueued / SAMPLE_RATE)} s behind the audio, so the rest of this recording was not transcribed; try a faster device or a smaller model.`,
      );
      this.fail(error);
      this.wake?.(); // the windowing loop wakes up, reads the failure and ends
      throw error;
    }
    this.pending.push(samples.slice());
    this.queued += samples.length;
    this.wake?.();
    return this.queued <= this.highWater;
  }

  /** Resolves once the queue is at or below the high-water mark; rejects if recognition failed. */
  drain(): Promise<void> {
    if (this.failure !== null) return Promise.reject(this.failure.error);
    if (this.queued <= this.highWater || this.ended) return Promise.resolve();
    return new Promise((resolve, reject) => this.drainWaiters.push({ resolve, reject }));
  }

  /** Ends the input and resolves with the transcript once the last window has run. */
  finish(): Promise<Transcript> {
    this.ended = true;
    this.wake?.();
    return this.result;
  }

  private fail(error: unknown) {
    if (this.failure !== null) return;
    this.failure = { error };
    this.pending.length = 0;
    this.queued = 0;
    for (const w of this.drainWaiters.splice(0)) w.reject(error);
  }

  private async *audio(): AsyncGenerator<Float32Array> {
    for (;;) {
      if (this.failure !== null) throw this.failure.error;
      const next = this.pending.shift();
      if (next !== undefined) {
        this.queued -= next.length;
        if (this.queued <= this.highWater) for (const w of this.drainWaiters.splice(0)) w.resolve();
        yield next;
      } else if (this.ended) return;
      else await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = null;
    }
  }
}
