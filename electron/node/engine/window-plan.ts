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
import { FRAME_SAMPLES, SAMPLE_RATE, WINDOW_DEFAULTS } from '../../common/defaults.ts';

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

/** Energy of the 2 frames around frame boundary `frame` (seconds-agnostic: only compared with its neighbours). */
function boundaryEnergy(samples: Float32Array, frame: number, frameSamples: number): number {
  const from = Math.max(0, (frame - 1) * frameSamples);
  const to = Math.min(samples.length, (frame + 1) * frameSamples);
  let e = 0;
  for (let i = from; i < to; i++) e += samples[i]! * samples[i]!;
  return e;
}

/**
 * Yields windows lazily (constant memory for any length). `samples` is only read around candidate cuts;
 * pass the raw audio so cuts land in pauses.
 */
export function* planWindows(totalSamples: number, samples: Float32Array | null, options = defaultWindowOptions()): Generator<PlannedWindow> {
  const { frameSamples, alignFrames } = options;
  const toFrames = (seconds: number) => Math.round((seconds * options.sampleRate) / frameSamples);
  const alignDown = (frame: number) => Math.floor(frame / alignFrames) * alignFrames;
  const windowFrames = alignDown(toFrames(options.maxWindowSeconds));
  const context = toFrames(options.contextSeconds);
  const search = toFrames(options.cutSearchSeconds);
  if (windowFrames - 2 * context - search <= alignFrames) throw new Error('window options leave no frames to keep');
  let keepFrom = 0;
  for (;;) {
    const startFrame = alignDown(Math.max(0, keepFrom - context));
    const startSample = startFrame * frameSamples;
    if (totalSamples - startSample <= windowFrames * frameSamples) {
      yield { startSample, endSample: totalSamples, startFrame, keepFrom, keepTo: null };
      return;
    }
    const endFrame = startFrame + windowFrames;
    const latest = alignDown(endFrame - context);
    let cut = latest;
    if (samples !== null) {
      let best = Infinity;
      for (let f = latest; f >= latest - search && f > keepFrom; f -= alignFrames) {
        const e = boundaryEnergy(samples, f, frameSamples);
        // Strictly quieter only: among equals the latest cut wins, which keeps windows long and few.
        if (e < best) {
          best = e;
          cut = f;
        }
      }
    }
    yield { startSample, endSample: endFrame * frameSamples, startFrame, keepFrom, keepTo: cut };
    keepFrom = cut;
  }
}
