/**
 * Recordings → transcripts with one model on one device (and its VAD for the cuts), loaded once and
 * reused for every file: what `verba transcribe` and the app's inference host both run. The text
 * layer is a per-call choice, so a new word in "Your words" never reloads a model.
 *
 *   const transcriber = await FileTranscriber.open({ model: 'asapp/sew-d-tiny-100k-ft-ls100h' });
 *   const transcript = await transcriber.transcribe('meeting.m4a', { settings, onProgress, signal });
 *   await transcriber.release();
 */
import type { EngineChoice } from '../../common/engine-choice.ts';
import type { TextSettings } from '../../common/text-settings.ts';
import { DEFAULT_TEXT_SETTINGS } from '../../common/text-settings.ts';
import type { Transcript } from '../../common/transcript.ts';
import { streamAudioFile } from '../audio/load-audio.ts';
import { loadArpa } from '../ctc/arpa-lm.ts';
import type { ArpaLm } from '../ctc/arpa-lm.ts';
import { BeamSearchDecoder } from '../ctc/beam-search.ts';
import type { DeviceRequest } from '../onnx/ort.ts';
import { TextFormatter } from '../text/text-formatter.ts';
import type { ModelVariant } from '../convert/manifest.ts';
import { openEngine } from './engine.ts';
import { Recognizer } from './recognizer.ts';
import { transcribeStream } from './transcribe.ts';
import { VadCuts } from './windows/vad-cuts.ts';

export interface FileTranscriberOptions {
  /** A converted dir, a Hugging Face checkpoint dir or a hub id; the default model when absent. */
  model?: string;
  device?: DeviceRequest;
  /** Numeric variant to convert a checkpoint to (fp32, int8, fp16); a converted dir must hold it. */
  variant?: ModelVariant;
  /** The app's Processor choice instead of device and variant (engine.ts: 'auto' variants follow the provider). */
  engine?: EngineChoice;
  threads?: number;
  /** Cut long files in pauses found by Silero VAD (default true); else at the quietest frames. */
  vadCuts?: boolean;
  /** Beam search instead of greedy (hotwords come from each call's `settings.vocabulary`). */
  beam?: { width: number; lm?: string } | null;
  /** One-line notices (download progress, fallbacks) for the caller to show. */
  notice?: (line: string) => void;
}

export interface TranscribeFileOptions {
  /** The text layer's settings for this call (default settings when absent); vocabulary feeds the beam's hotwords. */
  settings?: TextSettings | null;
  /** Skip the text layer: the recogniser's upper-case words as they are. */
  raw?: boolean;
  /** Seconds of audio done. */
  onProgress?: (seconds: number) => void;
  /** Aborting ends the call before the next window with VerbaError Cancelled. */
  signal?: AbortSignal;
  /** Awaited before each window: more urgent work (live dictation) goes first. */
  yieldTo?: () => Promise<void>;
}

export class FileTranscriber {
  readonly recognizer: Recognizer;
  /** Why the provider or variant running is not the one asked for; null when it is. */
  readonly fallbackReason: string | null;
  readonly #vadCuts: VadCuts | null;
  readonly #beam: { width: number; lm: ArpaLm | null; plain: BeamSearchDecoder } | null;
  /** The formatter of the last settings used (its phrase tables are worth keeping between calls). */
  #formatter: { key: string; formatter: TextFormatter } | null = null;

  private constructor(
    recognizer: Recognizer,
    vadCuts: VadCuts | null,
    beam: { width: number; lm: ArpaLm | null; plain: BeamSearchDecoder } | null,
    fallbackReason: string | null,
  ) {
    this.recognizer = recognizer;
    this.fallbackReason = fallbackReason;
    this.#vadCuts = vadCuts;
    this.#beam = beam;
  }

  static async open(options: FileTranscriberOptions = {}): Promise<FileTranscriber> {
    const notice = options.notice ?? (() => undefined);
    // The LM is read before the model, so a bad file fails before any download or conversion.
    const lm = options.beam?.lm === undefined ? null : loadArpa(options.beam.lm);
    // The app's Processor choice, else the CLI's device and variant (none: what the model folder holds).
    const choice = options.engine ?? {
      device: options.device ?? 'cpu',
      ...(options.variant !== undefined ? { variant: options.variant } : {}),
    };
    const { recognizer, fallbackReason } = await openEngine(options.model, choice, {
      ...(options.threads !== undefined ? { threads: options.threads } : {}),
      notice,
      strictVariant: options.engine === undefined,
    });
    if (options.engine === undefined && fallbackReason !== null) notice(`verba: using cpu: ${fallbackReason}\n`);
    let vadCuts: VadCuts | null = null;
    try {
      // The beam first: it may reject its options and holds nothing native, so nothing is open yet when it throws.
      const beam = options.beam
        ? {
            width: options.beam.width,
            lm,
            plain: new BeamSearchDecoder(recognizer.vocabulary, { beamWidth: options.beam.width, lm }),
          }
        : null;
      vadCuts =
        options.vadCuts === false
          ? null
          : await VadCuts.load({
              onUnavailable: (reason) =>
                notice(`verba: no VAD (${reason}); long files are cut at the quietest frames\n`),
            });
      return new FileTranscriber(recognizer, vadCuts, beam, fallbackReason);
    } catch (error) {
      await releaseAll([vadCuts, recognizer]).catch(() => undefined); // the original error is the one to report
      throw error;
    }
  }

  /** Streams the file (one window in memory at a time) and writes it with this call's settings. */
  async transcribe(path: string, options: TranscribeFileOptions = {}): Promise<Transcript> {
    const settings = options.settings ?? DEFAULT_TEXT_SETTINGS;
    return transcribeStream(this.recognizer, streamAudioFile(path), {
      vadCuts: this.#vadCuts,
      beam: this.#beamFor(settings.vocabulary),
      text: options.raw ? null : this.#formatterFor(settings),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.yieldTo ? { yieldTo: options.yieldTo } : {}),
    });
  }

  #beamFor(hotwords: readonly string[]): BeamSearchDecoder | null {
    const beam = this.#beam;
    if (beam === null || hotwords.length === 0) return beam?.plain ?? null;
    return new BeamSearchDecoder(this.recognizer.vocabulary, { beamWidth: beam.width, lm: beam.lm, hotwords });
  }

  #formatterFor(settings: TextSettings): TextFormatter {
    const key = JSON.stringify(settings);
    if (this.#formatter?.key !== key) this.#formatter = { key, formatter: new TextFormatter(settings) };
    return this.#formatter.formatter;
  }

  /** Releases the VAD and the model; one failing does not keep the other open. */
  release(): Promise<void> {
    return releaseAll([this.#vadCuts, this.recognizer]);
  }
}

/** Releases every resource even when some release throws; then rethrows the first failure. */
export async function releaseAll(resources: ReadonlyArray<{ release(): Promise<void> } | null>): Promise<void> {
  let failure: { error: unknown } | null = null;
  for (const r of resources) {
    try {
      await r?.release();
    } catch (error) {
      failure ??= { error };
    }
  }
  if (failure !== null) throw failure.error;
}
