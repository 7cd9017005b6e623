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
  /** Time spent in Silero (ms) and audio it scored (samples), for cost reports. */
  elapsedMs = 0;
  scoredSamples = 0;

  private constructor(vad: SileroVad, leadInSeconds: number) {
    this.#vad = vad;
    this.#leadInSeconds = leadInSeconds;
  }

  /** Loads Silero; null (and `onUnavailable(reason)`) when it cannot be, so callers fall back to energy cuts. */
  static async load(
    options: { modelPath?: string; leadInSeconds?: number; onUnavailable?: (reason: string) => void } = {},
  ): Promise<VadCuts | null> {
    try {
      return new VadCuts(
        await SileroVad.load(options.modelPath),
        options.leadInSeconds ?? VAD_CUT_DEFAULTS.leadInSeconds,
      );
    } catch (error) {
      options.onUnavailable?.(error instanceof Error ? error.message : String(error));
      return null;
    }
  }

  /**
   * Speech probability around each cut candidate of the window owning `keepFrom` (null when that
   * window is the last: no cut). A candidate frame boundary takes the highest probability of the
   * 32 ms VAD windows overlapping its two neighbouring frames, so a cut is only as quiet as its loudest side.
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
    const lead = Math.round(this.#leadInSeconds * options.sampleRate);
    // Never before the window's own first sample: a stream has dropped earlier samples.
    const from = Math.max(c.startFrame * F, (c.earliest - 1) * F - lead);
    const to = (c.latest + 1) * F;
    const region = new Float32Array(to - from);
    for (let i = 0; i < region.length; i++) region[i] = samplesAt(from + i);
    const started = performance.now();
    const probs = await this.#vad.probabilities(region);
    this.elapsedMs += performance.now() - started;
    this.scoredSamples += region.length;
    const n = this.#vad.windowSamples;
    return (frame) => {
      const first = Math.max(0, Math.floor(((frame - 1) * F - from) / n));
      const last = Math.min(probs.length - 1, Math.floor(((frame + 1) * F - 1 - from) / n));
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
