/**
 * Silero VAD v5 (models/silero-vad) through the engine's one onnxruntime module. A `SileroVad` is one
 * stream: it carries the model's recurrent state and the 64-sample context between 32 ms windows, so
 * use one per recording (or `reset()` between files).
 *
 *   const vad = await SileroVad.load();
 *   const segments = await vad.segments(samples16k);          // [{ start, end }] in samples, padded
 *   const p = await vad.probability(window512);               // one 32 ms window at a time
 *   await vad.release();
 *
 *   const live = await LiveVad.create();                       // hands-free: feed capture frames
 *   mic.on('frame', async (f) => { for (const ev of await live.push(f)) if (ev.type === 'end') finishUtterance(ev.segment); });
 */
import { resourcePath } from '../resources.ts';
import { SAMPLE_RATE, VAD_DEFAULTS } from '../../common/defaults.ts';
import { type NamedTensor, type OnnxSession, f32, openSession } from '../onnx/ort.ts';
import {
  type SegmentEvent,
  type SpeechSegment,
  type VadParams,
  SpeechSegmenter,
  padSegments,
} from './speech-segments.ts';

export const SILERO_VAD_MODEL = resourcePath('models/silero-vad/silero_vad_v5.onnx');

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

  /**
   * Probabilities of several independent fresh streams scored in lockstep, one batched run per 32 ms
   * step (4 streams cost about 1.7 single-stream runs). Each stream is scored from its own zero state;
   * a shorter stream is padded with silence and its extra steps are dropped. This instance's own stream
   * state is left as it was.
   */
  async probabilitiesOfStreams(streams: readonly Float32Array[]): Promise<Float32Array[]> {
    const B = streams.length;
    const n = this.windowSamples;
    const ctx = this.#context.length;
    const width = ctx + n;
    const probs = streams.map((s) => new Float32Array(Math.ceil(s.length / n)));
    const steps = probs.reduce((m, p) => Math.max(m, p.length), 0);
    const input = new Float32Array(B * width);
    let state = new Float32Array(2 * B * 128);
    for (let step = 0; step < steps; step++) {
      for (let b = 0; b < B; b++) {
        const row = input.subarray(b * width, (b + 1) * width);
        // The last 64 samples of this stream's previous window become the new one's context.
        row.copyWithin(0, n);
        if (step === 0) row.fill(0, 0, ctx);
        row.fill(0, ctx);
        row.set(streams[b]!.subarray(step * n, (step + 1) * n), ctx);
      }
      const out = await this.#session.run({
        input: f32(input, [B, width]),
        state: f32(state, [2, B, 128]),
        sr: this.#sr,
      });
      state = new Float32Array(out.stateN!.data as Float32Array);
      const p = out.output!.data as Float32Array;
      for (let b = 0; b < B; b++) if (step < probs[b]!.length) probs[b]![step] = p[b]!;
    }
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

/**
 * Speech start/end events for a live stream of 16 kHz frames of any size (capture delivers 20 ms):
 * frames are regrouped into the model's 32 ms windows. Calls are queued, so a frame listener may call
 * `push` without awaiting the previous one; events carry sample offsets from the stream's start.
 */
export class LiveVad {
  readonly segmenter: SpeechSegmenter;
  #vad: SileroVad;
  #window: Float32Array;
  #filled = 0;
  #queue: Promise<unknown> = Promise.resolve();

  private constructor(vad: SileroVad, params: VadParams) {
    this.#vad = vad;
    this.segmenter = new SpeechSegmenter(params);
    this.#window = new Float32Array(params.windowSamples);
  }

  static async create(params: VadParams = VAD_DEFAULTS, modelPath?: string): Promise<LiveVad> {
    return new LiveVad(await SileroVad.load(modelPath), params);
  }

  push(frame: Float32Array): Promise<SegmentEvent[]> {
    const next = this.#queue.then(async () => {
      const events: SegmentEvent[] = [];
      let offset = 0;
      while (offset < frame.length) {
        const take = Math.min(frame.length - offset, this.#window.length - this.#filled);
        this.#window.set(frame.subarray(offset, offset + take), this.#filled);
        this.#filled += take;
        offset += take;
        if (this.#filled === this.#window.length) {
          this.#filled = 0;
          events.push(...this.segmenter.push(await this.#vad.probability(this.#window)));
        }
      }
      return events;
    });
    this.#queue = next.catch(() => undefined);
    return next;
  }

  get inSpeech(): boolean {
    return this.segmenter.inSpeech;
  }

  async release(): Promise<void> {
    await this.#queue;
    await this.#vad.release();
  }
}
