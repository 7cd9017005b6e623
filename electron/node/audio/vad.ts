/**
 * Silero VAD v5 (models/silero-vad) through the engine's one onnxruntime module. A `SileroVad` is one
 * stream: it carries the model's recurrent state and the 64-sample context between 32 ms windows, so
 * use one per recording (or `reset()` between files).
 *
 *   const vad = await SileroVad.load();
 *   const segments = await vad.segments(samples16k);          // [{ start, end }] in samples, padded
 *   const p = await vad.probability(window512);               // live: one 32 ms window at a time
 *   await vad.release();
 */
import { fileURLToPath } from 'node:url';
import { SAMPLE_RATE, VAD_DEFAULTS } from '../../common/defaults.ts';
import { type NamedTensor, type OnnxSession, f32, openSession } from '../onnx/ort.ts';
import { type SpeechSegment, type VadParams, SpeechSegmenter, padSegments } from './speech-segments.ts';

export const SILERO_VAD_MODEL = fileURLToPath(new URL('../../../models/silero-vad/silero_vad_v5.onnx', import.meta.url));

const STATE_DIMS = [2, 1, 128] as const;

export class SileroVad {
  readonly windowSamples = VAD_DEFAULTS.windowSamples;
  #session: OnnxSession;
  #state = new Float32Array(2 * 128);
  #context = new Float32Array(VAD_DEFAULTS.contextSamples);
  #input = new Float32Array(VAD_DEFAULTS.contextSamples + VAD_DEFAULTS.windowSamples);
  readonly #sr: NamedTensor = { type: 'int64', dims: [], data: BigInt64Array.of(BigInt(SAMPLE_RATE)) };

  private constructor(session: OnnxSession) {
    this.#session = session;
  }

  /** The VAD is small and latency-bound: one CPU thread beats any accelerator round trip. */
  static async load(modelPath: string = SILERO_VAD_MODEL): Promise<SileroVad> {
    return new SileroVad(await openSession(modelPath, { device: 'cpu', threads: 1 }));
  }

  reset(): void {
    this.#state.fill(0);
    this.#context.fill(0);
  }

  /** Speech probability of the next 512-sample (32 ms) window at 16 kHz; shorter input is zero-padded. */
  async probability(window: Float32Array): Promise<number> {
    const n = this.windowSamples;
    const ctx = this.#context.length;
    this.#input.fill(0);
    this.#input.set(this.#context, 0);
    this.#input.set(window.subarray(0, n), ctx);
    // Silero v5 sees the last 64 samples of the previous window in front of each new one.
    this.#context.set(this.#input.subarray(this.#input.length - ctx));
    const out = await this.#session.run({
      input: f32(this.#input, [1, ctx + n]),
      state: f32(this.#state, STATE_DIMS),
      sr: this.#sr,
    });
    this.#state = new Float32Array(out.stateN!.data as Float32Array);
    return (out.output!.data as Float32Array)[0]!;
  }

  /** Probabilities of every window of `samples` (a fresh stream: state is reset first). */
  async probabilities(samples: Float32Array): Promise<Float32Array> {
    this.reset();
    const n = this.windowSamples;
    const probs = new Float32Array(Math.ceil(samples.length / n));
    for (let i = 0; i < probs.length; i++) probs[i] = await this.probability(samples.subarray(i * n, (i + 1) * n));
    return probs;
  }

  /** Padded speech segments of a whole 16 kHz buffer, in samples. */
  async segments(samples: Float32Array, params: VadParams = VAD_DEFAULTS): Promise<SpeechSegment[]> {
    const probs = await this.probabilities(samples);
    const segmenter = new SpeechSegmenter(params);
    for (const p of probs) segmenter.push(p);
    return padSegments(segmenter.finish(samples.length), samples.length, params);
  }

  async release(): Promise<void> {
    await this.#session.release();
  }
}
