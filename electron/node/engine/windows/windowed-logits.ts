/**
 * Long audio through a Recognizer in windows: each planned window (window-plan.ts, cut in pauses by
 * vad-cuts.ts when a VAD is given) is normalised and run on its own, and only the frames it owns are
 * yielded, in order, so the chunks stitch into exactly the frames of an unwindowed run. Memory is one
 * window's input and logits whatever the length.
 *
 *   for await (const chunk of windowedLogits(recognizer, samples)) use(chunk);                    // a buffer
 *   for await (const chunk of windowedLogits(recognizer, streamAudioFile(p), { cuts, signal })) … // a stream
 */
import type { Logits } from '../../ctc/types.ts';
import type { Recognizer } from '../recognizer.ts';
import { throwIfCancelled } from '../cancelled.ts';
import { type VadCuts, planNextWithVad, planWindowsWithVad } from './vad-cuts.ts';
import {
  type PlannedWindow,
  type WindowOptions,
  defaultWindowOptions,
  samplesNeeded,
  windowStartFrame,
} from './window-plan.ts';

/** A run of consecutive output frames of a recording, from one window. */
export interface LogitsChunk {
  /** Global index of the chunk's first frame. */
  firstFrame: number;
  logits: Logits;
  /** How far into the input this chunk's window reached (progress); the last chunk's is the input length. */
  endSample: number;
}

export interface WindowedOptions {
  /** Silero VAD for the cuts; null or absent: cuts at the quietest frames. */
  cuts?: VadCuts | null;
  /** Checked before every window: an aborted run ends with VerbaError Cancelled. */
  signal?: AbortSignal;
  /** Window geometry overrides (tests, benches); the defaults otherwise. */
  window?: Partial<WindowOptions>;
  /**
   * Awaited before each window's model run: lets more urgent work go first (the host holds file
   * windows while a dictation is live, since onnxruntime-node runs a session on the JS thread).
   */
  yieldTo?: () => Promise<void>;
}

export async function* windowedLogits(
  recognizer: Recognizer,
  source: Float32Array | AsyncIterable<Float32Array>,
  options: WindowedOptions = {},
): AsyncGenerator<LogitsChunk> {
  const plan = defaultWindowOptions({ frameSamples: recognizer.info.frameSamples, ...options.window });
  if (source instanceof Float32Array) yield* bufferWindows(recognizer, source, plan, options);
  else yield* streamWindows(recognizer, source, plan, options);
}

async function* bufferWindows(
  recognizer: Recognizer,
  samples: Float32Array,
  plan: WindowOptions,
  options: WindowedOptions,
): AsyncGenerator<LogitsChunk> {
  if (samples.length === 0) return;
  for await (const w of planWindowsWithVad(samples, plan, options.cuts ?? null)) {
    await waitTurn(options);
    const chunk = await runWindow(recognizer, w, samples.subarray(w.startSample, w.endSample));
    if (chunk !== null) yield chunk;
  }
}

/**
 * The same windows as for a buffer (identical cuts and frames) over audio that arrives in pieces, e.g.
 * streamAudioFile(): only the current window's samples are kept, so an hour needs no more memory than 20 s.
 */
async function* streamWindows(
  recognizer: Recognizer,
  source: AsyncIterable<Float32Array>,
  plan: WindowOptions,
  options: WindowedOptions,
): AsyncGenerator<LogitsChunk> {
  const input = source[Symbol.asyncIterator]();
  let buffer = new Float32Array(1 << 16);
  let bufferStart = 0; // global index of buffer[0]
  let length = 0;
  let total = Infinity; // known once the source ends
  try {
    for (let keepFrom = 0; ;) {
      const need = samplesNeeded(keepFrom, plan);
      while (total === Infinity && bufferStart + length < need) {
        throwIfCancelled(options.signal);
        const next = await input.next();
        if (next.done) {
          total = bufferStart + length;
          break;
        }
        if (length + next.value.length > buffer.length) {
          const grown = new Float32Array(Math.max(2 * buffer.length, length + next.value.length));
          grown.set(buffer.subarray(0, length));
          buffer = grown;
        }
        buffer.set(next.value, length);
        length += next.value.length;
      }
      if (total === 0) return;
      await waitTurn(options);
      const view = buffer;
      const w = await planNextWithVad(keepFrom, total, (i) => view[i - bufferStart] ?? 0, plan, options.cuts ?? null);
      const chunk = await runWindow(
        recognizer,
        w,
        buffer.subarray(w.startSample - bufferStart, w.endSample - bufferStart),
      );
      if (chunk !== null) yield chunk;
      if (w.keepTo === null) return;
      keepFrom = w.keepTo;
      // Samples before the next window's start are never read again.
      const drop = Math.max(0, windowStartFrame(keepFrom, plan) * plan.frameSamples - bufferStart);
      buffer.copyWithin(0, drop, length);
      bufferStart += drop;
      length -= drop;
    }
  } finally {
    // Stopped early (cancelled, failed): the file reader closes its file.
    if (total === Infinity) await input.return?.();
  }
}

async function waitTurn(options: WindowedOptions): Promise<void> {
  throwIfCancelled(options.signal);
  if (options.yieldTo === undefined) return;
  const signal = options.signal;
  // A job held back still ends at once when it is cancelled.
  await new Promise<void>((resolve) => {
    const done = () => {
      signal?.removeEventListener('abort', done);
      resolve();
    };
    signal?.addEventListener('abort', done);
    void options.yieldTo!().then(done, done);
  });
  throwIfCancelled(options.signal);
}

async function runWindow(recognizer: Recognizer, w: PlannedWindow, samples: Float32Array): Promise<LogitsChunk | null> {
  const logits = await recognizer.logits({ samples, sampleRate: recognizer.sampleRate });
  const from = w.keepFrom - w.startFrame;
  const to = w.keepTo === null ? logits.frames : w.keepTo - w.startFrame;
  if (to > logits.frames) throw new Error(`window plan asks for frame ${to} of a ${logits.frames}-frame window`);
  if (to <= from) return null;
  const { vocabSize } = logits;
  return {
    firstFrame: w.keepFrom,
    endSample: w.endSample,
    logits: { data: logits.data.subarray(from * vocabSize, to * vocabSize), frames: to - from, vocabSize },
  };
}
