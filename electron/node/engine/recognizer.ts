/**
 * A Recognizer is created once per converted model directory (model.onnx + manifest.json) and turns
 * 16 kHz mono audio into CTC logits: one utterance at a time, or long audio as overlapping windows
 * whose kept frames stitch into exactly the frames of an unwindowed run.
 *
 *   const recognizer = await Recognizer.open('/cache/sew-d-tiny', { device: 'auto' });
 *   const logits = await recognizer.logits(samples);                 // one utterance
 *   for await (const chunk of recognizer.windows(samples)) use(chunk); // any length, bounded memory
 *   await recognizer.release();
 */
import { basename, join } from 'node:path';
import { VerbaError } from '../../common/result.ts';
import { WINDOW_DEFAULTS } from '../../common/defaults.ts';
import { MODEL_FILE, type RuntimeManifest, readManifest } from '../convert/manifest.ts';
import type { Logits, Vocabulary } from '../ctc/types.ts';
import { type DeviceRequest, type OnnxSession, f32, openSession } from '../onnx/ort.ts';
import { normalize } from './normalize.ts';
import { type VadCuts, planNextWithVad, planWindowsWithVad } from './vad-cuts.ts';
import {
  type PlannedWindow,
  type WindowOptions,
  defaultWindowOptions,
  samplesNeeded,
  windowStartFrame,
} from './window-plan.ts';

/** What the runtime reads from a converted model's manifest.json. */
export type ModelInfo = RuntimeManifest;

export interface RecognizerOptions {
  device?: DeviceRequest;
  threads?: number;
  profilePrefix?: string;
}

/** A run of consecutive output frames of a recording, from one window. */
export interface LogitsChunk {
  /** Global index of the chunk's first frame. */
  firstFrame: number;
  logits: Logits;
  /** How far into the input this chunk's window reached (progress); the last chunk's is the input length. */
  endSample: number;
}

export class Recognizer {
  readonly info: ModelInfo;
  readonly vocabulary: Vocabulary;
  /** The model's display name: its directory name unless given. */
  readonly name: string;
  private readonly session: OnnxSession;

  private constructor(info: ModelInfo, session: OnnxSession, name: string) {
    this.info = info;
    this.session = session;
    this.name = name;
    this.vocabulary = { tokens: info.vocab, blankId: info.blankId, wordDelimiter: info.wordDelimiter };
  }

  static async open(modelDir: string, options: RecognizerOptions & { name?: string } = {}): Promise<Recognizer> {
    const info = await readManifest(modelDir);
    const session = await openSession(join(modelDir, MODEL_FILE), options);
    // Any valid ONNX file loads; only one with the manifest's input and output is this model.
    if (!session.inputNames.includes(info.inputName) || !session.outputNames.includes(info.outputName)) {
      const found = `inputs ${session.inputNames.join(', ')}; outputs ${session.outputNames.join(', ')}`;
      await session.release();
      throw new VerbaError(
        'CorruptModel',
        `The model in ${modelDir} is not the speech model its manifest describes (it needs input ${info.inputName} and output ${info.outputName}; the file has ${found}).`,
      );
    }
    return new Recognizer(info, session, options.name ?? basename(modelDir));
  }

  /** The execution provider actually used, and why a requested accelerator was not. */
  get device(): string {
    return this.session.device;
  }
  get fallbackReason(): string | null {
    return this.session.fallbackReason;
  }

  /** Logits of one utterance: normalised as a whole, run in one pass (cost grows faster than linearly: keep it short). */
  async logits(samples: Float32Array): Promise<Logits> {
    // Normalise, then zero-pad (the feature extractor pads normalised values with 0) up to the shortest input the conv stack accepts.
    const input = new Float32Array(Math.max(samples.length, WINDOW_DEFAULTS.minInputSamples));
    normalize(samples, input.subarray(0, samples.length));
    const out = await this.session.run({ [this.info.inputName]: f32(input, [1, input.length]) });
    const t = out[this.info.outputName];
    if (t === undefined || !(t.data instanceof Float32Array) || t.dims.length !== 3) {
      throw new VerbaError(
        'CorruptModel',
        `The model did not produce ${this.info.outputName} logits of shape [batch, frames, vocab].`,
      );
    }
    const [, frames, vocabSize] = t.dims as [number, number, number];
    if (vocabSize !== this.info.vocab.length)
      throw new VerbaError(
        'CorruptModel',
        `The model has ${vocabSize} outputs per frame but its vocabulary has ${this.info.vocab.length} tokens.`,
      );
    return { data: t.data, frames, vocabSize };
  }

  /**
   * Long audio: each planned window is normalised and run on its own, and only the frames it owns are
   * yielded, in order. Memory is one window's input and logits whatever the length. With `cuts`
   * (Silero VAD) seams go where speech is least likely, otherwise at the quietest frame.
   */
  async *windows(
    samples: Float32Array,
    overrides: Partial<WindowOptions> = {},
    cuts: VadCuts | null = null,
  ): AsyncGenerator<LogitsChunk> {
    if (samples.length === 0) return;
    for await (const w of planWindowsWithVad(samples, this.windowOptions(overrides), cuts)) {
      const chunk = await this.runWindow(w, samples.subarray(w.startSample, w.endSample));
      if (chunk !== null) yield chunk;
    }
  }

  /**
   * The same windows as `windows()` (identical cuts and frames) over audio that arrives in pieces, e.g.
   * streamAudioFile(): only the current window's samples are kept, so an hour needs no more memory than 20 s.
   */
  async *streamWindows(
    source: AsyncIterable<Float32Array>,
    overrides: Partial<WindowOptions> = {},
    cuts: VadCuts | null = null,
  ): AsyncGenerator<LogitsChunk> {
    const options = this.windowOptions(overrides);
    const input = source[Symbol.asyncIterator]();
    let buffer = new Float32Array(1 << 16);
    let bufferStart = 0; // global index of buffer[0]
    let length = 0;
    let total = Infinity; // known once the source ends
    for (let keepFrom = 0; ;) {
      const need = samplesNeeded(keepFrom, options);
      while (total === Infinity && bufferStart + length < need) {
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
      const view = buffer;
      const w = await planNextWithVad(keepFrom, total, (i) => view[i - bufferStart] ?? 0, options, cuts);
      const chunk = await this.runWindow(w, buffer.subarray(w.startSample - bufferStart, w.endSample - bufferStart));
      if (chunk !== null) yield chunk;
      if (w.keepTo === null) return;
      keepFrom = w.keepTo;
      // Samples before the next window's start are never read again.
      const drop = Math.max(0, windowStartFrame(keepFrom, options) * options.frameSamples - bufferStart);
      buffer.copyWithin(0, drop, length);
      bufferStart += drop;
      length -= drop;
    }
  }

  private windowOptions(overrides: Partial<WindowOptions>): WindowOptions {
    return defaultWindowOptions({ frameSamples: this.info.frameSamples, ...overrides });
  }

  private async runWindow(w: PlannedWindow, samples: Float32Array): Promise<LogitsChunk | null> {
    const logits = await this.logits(samples);
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

  release(): Promise<void> {
    return this.session.release();
  }
}
