/**
 * A Recognizer is the model and nothing else (sherpa-onnx's recognizer): created once per converted
 * model directory (model.onnx + manifest.json) and device, it turns one stretch of 16 kHz mono audio
 * into CTC logits. Windowing long audio is a stage beside it (windows/windowed-logits.ts), and so is
 * live recognition (dictation/live-runner.ts).
 *
 *   const recognizer = await Recognizer.open('/cache/sew-d-tiny', { device: 'auto' });
 *   const logits = await recognizer.logits({ samples, sampleRate: 16_000 });
 *   await recognizer.release();
 */
import { basename, join } from 'node:path';
import { VerbaError } from '../../common/result.ts';
import { PROVIDER_DEFAULTS, SAMPLE_RATE, WINDOW_DEFAULTS } from '../../common/defaults.ts';
import type { Pcm } from '../audio/pcm.ts';
import { MODEL_FILE, type RuntimeManifest, readManifest } from '../convert/manifest.ts';
import type { Logits, Vocabulary } from '../ctc/types.ts';
import { type DeviceRequest, type OnnxSession, type WarmupReport, f32, openSession } from '../onnx/ort.ts';
import { normalize } from './normalize.ts';

/** What the runtime reads from a converted model's manifest.json. */
export type ModelInfo = RuntimeManifest;

export interface RecognizerOptions {
  device?: DeviceRequest;
  threads?: number;
  /** Desktop app: leave a core to audio capture and the UI (INFERENCE_DEFAULTS.desktopReservedCores). */
  leaveCoresFree?: boolean;
  profilePrefix?: string;
}

/** A deterministic voiced signal with a gliding pitch: exercises every op on speech-like values. */
export function voicedSignal(seconds: number): Float32Array {
  const raw = new Float32Array(Math.round(seconds * SAMPLE_RATE));
  let phase = 0;
  for (let i = 0; i < raw.length; i++) {
    const t = i / SAMPLE_RATE;
    phase += (2 * Math.PI * (120 + 60 * Math.sin(2 * Math.PI * 0.7 * t))) / SAMPLE_RATE;
    const envelope = 0.5 + 0.5 * Math.sin(2 * Math.PI * 3 * t);
    raw[i] =
      envelope * (Math.sin(phase) + 0.5 * Math.sin(3 * phase) + 0.25 * Math.sin(7 * phase)) + 0.01 * Math.sin(i * 1.7);
  }
  return raw;
}

/** The warm-up input [1, samples]: the voiced signal, normalised as the model's input is. */
function warmupFeed() {
  const raw = voicedSignal(PROVIDER_DEFAULTS.warmupSeconds);
  const out = new Float32Array(raw.length);
  normalize(raw, out);
  return f32(out, [1, out.length]);
}

export class Recognizer {
  readonly info: ModelInfo;
  readonly vocabulary: Vocabulary;
  /** The model's display name: its directory name unless given. */
  readonly name: string;
  /** The one input rate of SEW-D, SEW and wav2vec 2.0. */
  readonly sampleRate = SAMPLE_RATE;
  private readonly session: OnnxSession;

  private constructor(info: ModelInfo, session: OnnxSession, name: string) {
    this.info = info;
    this.session = session;
    this.name = name;
    this.vocabulary = { tokens: info.vocab, blankId: info.blankId, wordDelimiter: info.wordDelimiter };
  }

  static async open(modelDir: string, options: RecognizerOptions & { name?: string } = {}): Promise<Recognizer> {
    const info = await readManifest(modelDir);
    // An accelerator is verified against the CPU on a warm-up input, right after load (model choice
    // or app start), so neither a wrong kernel nor WebGPU's shader compilation reaches a dictation.
    const verify =
      options.device !== undefined && options.device !== 'cpu'
        ? { feeds: { [info.inputName]: warmupFeed() }, output: info.outputName }
        : undefined;
    const session = await openSession(join(modelDir, MODEL_FILE), { ...options, ...(verify ? { verify } : {}) });
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
  /** onnxruntime intra-op threads the session was opened with. */
  get threads(): number {
    return this.session.threads;
  }
  /** The accelerator's verified warm-up (speed, difference from the CPU); null on a plain CPU open. */
  get warmup(): WarmupReport | null {
    return this.session.warmup;
  }

  /**
   * Logits of one stretch of audio: normalised as a whole, run in one pass (cost grows faster than
   * linearly: keep it to a window). Frame t covers samples from t·frameSamples.
   */
  async logits(pcm: Pcm): Promise<Logits> {
    if (pcm.sampleRate !== this.sampleRate)
      throw new VerbaError(
        'WrongSampleRate',
        `The model takes ${this.sampleRate} Hz audio, not ${pcm.sampleRate} Hz; resample it first.`,
      );
    const { samples } = pcm;
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

  release(): Promise<void> {
    return this.session.release();
  }
}
