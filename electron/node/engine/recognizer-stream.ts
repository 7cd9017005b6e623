/**
 * A cheap per-utterance stream over a shared Recognizer (sherpa-onnx's recognizer/stream split): push
 * 16 kHz mono audio as it is captured, get segments as soon as they are final, and the whole
 * transcript when the input ends. Windows run in the background while audio keeps arriving.
 *
 *   const stream = new RecognizerStream(recognizer, { onSegment: (s) => show(s.text) });
 *   microphone.on('frame', (f) => stream.acceptWaveform(f));
 *   const transcript = await stream.finish();
 */
import type { Transcript } from '../../common/transcript.ts';
import type { Recognizer } from './recognizer.ts';
import { type TranscribeOptions, transcribeStream } from './transcribe.ts';

export class RecognizerStream {
  private readonly pending: Float32Array[] = [];
  private ended = false;
  private wake: (() => void) | null = null;
  private readonly result: Promise<Transcript>;

  constructor(recognizer: Recognizer, options: TranscribeOptions = {}) {
    this.result = transcribeStream(recognizer, this.audio(), options);
    // Errors are reported by finish(); until then they must not count as unhandled.
    this.result.catch(() => undefined);
  }

  /** Queues samples (copied: capture buffers are often reused by their producer). */
  acceptWaveform(samples: Float32Array): void {
    if (this.ended) throw new Error('acceptWaveform after finish');
    if (samples.length === 0) return;
    this.pending.push(samples.slice());
    this.wake?.();
  }

  /** Ends the input and resolves with the transcript once the last window has run. */
  finish(): Promise<Transcript> {
    this.ended = true;
    this.wake?.();
    return this.result;
  }

  private async *audio(): AsyncGenerator<Float32Array> {
    for (;;) {
      const next = this.pending.shift();
      if (next !== undefined) yield next;
      else if (this.ended) return;
      else await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = null;
    }
  }
}
