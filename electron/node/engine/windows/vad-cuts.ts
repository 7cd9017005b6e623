/**
 * VAD-guided window cuts for long audio: Silero VAD scores only each window's cut-search region (about
 * 4.5 s of every ~14 s window, a small cost next to the model), and the planner cuts where speech is
 * least likely, settling ties by energy. Without a VAD the planner's energy rule alone decides.
 *
 *   const cuts = await VadCuts.load();                    // null when Silero cannot be loaded
 *   for await (const chunk of windowedLogits(recognizer, samples, { cuts })) use(chunk);
 *   await cuts?.release();
 */
import { SAMPLE_RATE, VAD_CUT_DEFAULTS } from '../../../common/defaults.ts';
import { SileroVad } from '../../audio/vad.ts';
import { type PlannedWindow, type SpeechAt, type WindowOptions, cutCandidates, planNext } from './window-plan.ts';

export class VadCuts {
  readonly #vad: SileroVad;
  readonly #leadInSeconds: number;
  readonly #streams: number;
  readonly #guardSeconds: number;
  /** Time spent in Silero (ms) and audio it scored (samples), for cost reports. */
  elapsedMs = 0;
  scoredSamples = 0;

  private constructor(vad: SileroVad, leadInSeconds: number, streams: number, guardSeconds: number) {
    this.#vad = vad;
    this.#leadInSeconds = leadInSeconds;
    this.#streams = Math.max(1, Math.floor(streams));
    this.#guardSeconds = guardSeconds;
  }

  /** Loads Silero; null (and `onUnavailable(reason)`) when it cannot be, so callers fall back to energy cuts. */
  static async load(
    options: {
      modelPath?: string;
      leadInSeconds?: number;
      /** Parts of each cut-search region scored at once (1: one stream over the whole region). */
      streams?: number;
      onUnavailable?: (reason: string) => void;
    } = {},
  ): Promise<VadCuts | null> {
    try {
      return new VadCuts(
        await SileroVad.load(options.modelPath),
        options.leadInSeconds ?? VAD_CUT_DEFAULTS.leadInSeconds,
        options.streams ?? VAD_CUT_DEFAULTS.streams,
        VAD_CUT_DEFAULTS.guardSeconds,
      );
    } catch (error) {
      options.onUnavailable?.(error instanceof Error ? error.message : String(error));
      return null;
    }
  }

  /**
   * Speech probability around each cut candidate of the window owning `keepFrom` (null when that
   * window is the last: no cut). A candidate frame boundary takes the highest probability of the
   * 32 ms VAD windows within `guardSeconds` of it, so a cut is only as quiet as its loudest side and a
   * one-window dip inside a word (a stop's closure) does not pass for a pause.
   */
  async speechAt(
    keepFrom: number,
    total: number,
    samplesAt: (i: number) => number,
    options: WindowOptions,
  ): Promise<SpeechAt | null> {
    if (options.sampleRate !== SAMPLE_RATE)
      throw new RangeError(`Silero VAD takes ${SAMPLE_RATE} Hz audio, not ${options.sampleRate} Hz`);
    const c = cutCandidates(keepFrom, total, options);
    if (c === null) return null;
    const F = options.frameSamples;
    const n = this.#vad.windowSamples;
    const guard = Math.round(this.#guardSeconds * options.sampleRate);
    // Every candidate's guard on both sides is scored, so the first and last candidates are judged on
    // as much audio as the others (the window reaches seconds past its latest cut; never before its first
    // sample: a stream has dropped earlier ones). The region is scored in `streams` consecutive parts at
    // once, each from its own lead-in of whole VAD windows.
    const from = Math.max(c.startFrame * F, c.earliest * F - guard);
    const to = c.latest * F + guard;
    const part = n * Math.ceil((to - from) / n / this.#streams);
    const starts: number[] = [];
    const streams: Float32Array[] = [];
    for (let at = from; at < to; at += part) {
      const lead =
        n * Math.floor(Math.max(0, Math.min(this.#leadInSeconds * options.sampleRate, at - c.startFrame * F)) / n);
      const stream = new Float32Array(lead + Math.min(part, to - at));
      for (let i = 0; i < stream.length; i++) stream[i] = samplesAt(at - lead + i);
      starts.push(lead / n);
      streams.push(stream);
    }
    const started = performance.now();
    const scored = await this.#vad.probabilitiesOfStreams(streams);
    this.elapsedMs += performance.now() - started;
    this.scoredSamples += streams.reduce((sum, s) => sum + s.length, 0);
    const probs = new Float32Array(Math.ceil((to - from) / n));
    scored.forEach((p, k) => probs.set(p.subarray(starts[k]!), (k * part) / n));
    return (frame) => {
      const first = Math.max(0, Math.floor((frame * F - guard - from) / n));
      const last = Math.min(probs.length - 1, Math.floor((frame * F + guard - 1 - from) / n));
      let p = 0;
      for (let k = first; k <= last; k++) p = Math.max(p, probs[k]!);
      return p;
    };
  }

  release(): Promise<void> {
    return this.#vad.release();
  }
}

/** planNext with the cut chosen by `cuts` (VAD) when given, by energy alone when null. */
export async function planNextWithVad(
  keepFrom: number,
  total: number,
  samplesAt: (i: number) => number,
  options: WindowOptions,
  cuts: VadCuts | null,
): Promise<PlannedWindow> {
  const speechAt = cuts === null ? null : await cuts.speechAt(keepFrom, total, samplesAt, options);
  return planNext(keepFrom, total, samplesAt, options, speechAt);
}

/** The windows of a whole buffer, like planWindows, with VAD-guided cuts when `cuts` is given. */
export async function* planWindowsWithVad(
  samples: Float32Array,
  options: WindowOptions,
  cuts: VadCuts | null,
): AsyncGenerator<PlannedWindow> {
  const at = (i: number) => samples[i] ?? 0;
  for (let keepFrom = 0; ;) {
    const w = await planNextWithVad(keepFrom, samples.length, at, options, cuts);
    yield w;
    if (w.keepTo === null) return;
    keepFrom = w.keepTo;
  }
}
