/**
 * Cuts long audio into overlapping windows for the model and says which output frames each window
 * contributes, so that every frame of the unwindowed output comes from exactly one window and never
 * from the `context` frames next to a window's edge.
 *
 *   for (const w of planWindows(samples.length, samples)) run(samples.subarray(w.startSample, w.endSample));
 *
 * Frame arithmetic: the conv front end of SEW-D / SEW / wav2vec 2.0 is a stack of unpadded strided
 * convolutions (total stride FRAME_SAMPLES), so output frame t of a window starting at sample
 * k·FRAME_SAMPLES is frame k + t of the whole recording. Windows therefore start on frame boundaries.
 */
import { FRAME_SAMPLES, SAMPLE_RATE, VAD_CUT_DEFAULTS, WINDOW_DEFAULTS } from '../../../common/defaults.ts';

export interface WindowOptions {
  maxWindowSeconds: number;
  contextSeconds: number;
  cutSearchSeconds: number;
  alignFrames: number;
  frameSamples: number;
  sampleRate: number;
}

export interface PlannedWindow {
  /** Samples [startSample, endSample) are run through the model. */
  startSample: number;
  endSample: number;
  /** Global index of the window's first output frame (startSample / frameSamples). */
  startFrame: number;
  /** Global output frames [keepFrom, keepTo) come from this window; keepTo is null for the last window (up to its end). */
  keepFrom: number;
  keepTo: number | null;
}

export const defaultWindowOptions = (overrides: Partial<WindowOptions> = {}): WindowOptions => ({
  ...WINDOW_DEFAULTS,
  frameSamples: FRAME_SAMPLES,
  sampleRate: SAMPLE_RATE,
  ...overrides,
});

interface Frames {
  window: number;
  context: number;
  search: number;
}

function frameCounts(options: WindowOptions): Frames {
  const toFrames = (seconds: number) => Math.round((seconds * options.sampleRate) / options.frameSamples);
  const window = Math.floor(toFrames(options.maxWindowSeconds) / options.alignFrames) * options.alignFrames;
  const frames = { window, context: toFrames(options.contextSeconds), search: toFrames(options.cutSearchSeconds) };
  if (frames.window - 2 * frames.context - frames.search <= options.alignFrames)
    throw new Error('window options leave no frames to keep');
  return frames;
}

/**
 * First frame of the window that owns frames from `keepFrom` on: `context` frames earlier, aligned down.
 * The only place this is computed: planning, the VAD's scoring region and a stream's buffer trimming
 * (samples before it are never read again) must agree to the frame.
 */
export function windowStartFrame(keepFrom: number, options: WindowOptions): number {
  const { context } = frameCounts(options);
  return Math.floor(Math.max(0, keepFrom - context) / options.alignFrames) * options.alignFrames;
}

/** Samples a caller must have beyond `keepFrom`'s window start before planNext can decide (streaming input). */
export function samplesNeeded(keepFrom: number, options: WindowOptions): number {
  return (windowStartFrame(keepFrom, options) + frameCounts(options).window) * options.frameSamples + 1;
}

interface Geometry {
  startFrame: number;
  endFrame: number;
  /** Cut candidates: frames latest, latest - alignFrames, …, down to earliest (all aligned, > keepFrom). */
  latest: number;
  earliest: number;
}

/** The window that owns frames from keepFrom on, or null when it reaches the end of the input (no cut). */
function geometry(keepFrom: number, total: number, options: WindowOptions): Geometry | null {
  const { frameSamples, alignFrames } = options;
  const { window, context, search } = frameCounts(options);
  const alignDown = (frame: number) => Math.floor(frame / alignFrames) * alignFrames;
  const startFrame = windowStartFrame(keepFrom, options);
  const endFrame = startFrame + window;
  if (total - startFrame * frameSamples <= window * frameSamples) return null;
  const latest = alignDown(endFrame - context);
  let earliest = latest;
  while (earliest - alignFrames >= latest - search && earliest - alignFrames > keepFrom) earliest -= alignFrames;
  return { startFrame, endFrame, latest, earliest };
}

/**
 * The frames among which the next cut is chosen ([earliest, latest], every alignFrames-th), or null
 * when the window owning keepFrom is the last. A VAD looks at the samples around each candidate
 * (vad-cuts.ts: its guard on both sides), all of them inside the window [startFrame, endFrame).
 */
export function cutCandidates(
  keepFrom: number,
  total: number,
  options: WindowOptions,
): { startFrame: number; earliest: number; latest: number } | null {
  const g = geometry(keepFrom, total, options);
  return g === null ? null : { startFrame: g.startFrame, earliest: g.earliest, latest: g.latest };
}

/** Speech probability (0..1) around a candidate cut frame, e.g. from Silero VAD (vad-cuts.ts). */
export type SpeechAt = (frame: number) => number;

/**
 * The window that owns frames from `keepFrom` on. `total` is the input length, or Infinity while a
 * stream has more (call only once samplesNeeded() samples exist). `samplesAt(i)` reads global sample i.
 * With `speechAt`, the cut goes where speech is least likely; candidates within `tieProbability` of
 * that are ties, settled by energy (quietest), then by position (latest). Pure and synchronous.
 */
export function planNext(
  keepFrom: number,
  total: number,
  samplesAt: ((i: number) => number) | null,
  options: WindowOptions,
  speechAt: SpeechAt | null = null,
  tieProbability: number = VAD_CUT_DEFAULTS.tieProbability,
): PlannedWindow {
  const { frameSamples, alignFrames } = options;
  const g = geometry(keepFrom, total, options);
  if (g === null) {
    const startFrame = windowStartFrame(keepFrom, options);
    return { startSample: startFrame * frameSamples, endSample: total, startFrame, keepFrom, keepTo: null };
  }
  let ceiling = Infinity;
  if (speechAt !== null) {
    let lowest = Infinity;
    for (let f = g.latest; f >= g.earliest; f -= alignFrames) lowest = Math.min(lowest, speechAt(f));
    ceiling = lowest + tieProbability;
  }
  let cut = g.latest;
  let best = Infinity;
  for (let f = g.latest; f >= g.earliest; f -= alignFrames) {
    if (speechAt !== null && speechAt(f) > ceiling) continue;
    // Energy of the two frames around the boundary; strictly quieter only, so among equals the latest
    // cut wins, which keeps windows long and few.
    let e = 0;
    if (samplesAt !== null)
      for (let i = (f - 1) * frameSamples; i < (f + 1) * frameSamples; i++) e += samplesAt(i) ** 2;
    if (e < best) {
      best = e;
      cut = f;
    }
  }
  // The window ends `context` frames after its cut: audio further on would be read by the model only to
  // be thrown away (its frames come from the next window), and the frames it keeps have the context the
  // design promises. An earlier cut (in a pause up to cutSearchSeconds back) makes a shorter window.
  const { context } = frameCounts(options);
  const endFrame = Math.min(g.endFrame, Math.ceil((cut + context) / alignFrames) * alignFrames);
  return {
    startSample: g.startFrame * frameSamples,
    endSample: endFrame * frameSamples,
    startFrame: g.startFrame,
    keepFrom,
    keepTo: cut,
  };
}

/** Yields the windows of a whole input lazily (constant memory); pass the raw audio so cuts land in pauses. */
export function* planWindows(
  totalSamples: number,
  samples: Float32Array | null,
  options = defaultWindowOptions(),
): Generator<PlannedWindow> {
  const at = samples === null ? null : (i: number) => samples[i] ?? 0;
  for (let keepFrom = 0; ;) {
    const w = planNext(keepFrom, totalSamples, at, options);
    yield w;
    if (w.keepTo === null) return;
    keepFrom = w.keepTo;
  }
}
