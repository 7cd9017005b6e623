/**
 * Recordings → transcripts with one set of choices (model, device, cuts, decoder, text layer), loaded
 * once and reused for every file: what `verba transcribe` and the app's inference host both run.
 *
 *   const transcriber = await FileTranscriber.open({ model: 'asapp/sew-d-tiny-100k-ft-ls100h' });
 *   const transcript = await transcriber.transcribe('meeting.m4a', (seconds) => …);
 *   await transcriber.release();
 */
import type { TextSettings } from '../../common/text-settings.ts';
import type { Transcript } from '../../common/transcript.ts';
import { streamAudioFile } from '../audio/load-audio.ts';
import { loadArpa } from '../ctc/arpa-lm.ts';
import { BeamSearchDecoder } from '../ctc/beam-search.ts';
import type { DeviceRequest } from '../onnx/ort.ts';
import { applyTextLayer } from '../text/transcript-text.ts';
import { resolveModel } from '../models/model-store.ts';
import type { ModelVariant } from '../convert/manifest.ts';
import { Recognizer } from './recognizer.ts';
import { transcribeStream } from './transcribe.ts';
import { VadCuts } from './vad-cuts.ts';

export interface FileTranscriberOptions {
  /** A converted dir, a Hugging Face checkpoint dir or a hub id; the default model when absent. */
  model?: string;
  device?: DeviceRequest;
  /** Numeric variant to convert a checkpoint to (fp32, int8, fp16); a converted dir must hold it. */
  variant?: ModelVariant;
  threads?: number;
  /** Cut long files in pauses found by Silero VAD (default true); else at the quietest frames. */
  vadCuts?: boolean;
  /** Beam search instead of greedy; hotwords come from `settings.vocabulary`. */
  beam?: { width: number; lm?: string } | null;
  /** The user's text settings (vocabulary feeds the beam's hotwords even when `raw`). */
  settings?: TextSettings | null;
  /** Skip the text layer: the recogniser's upper-case words as they are. */
  raw?: boolean;
  /** One-line notices (download progress, fallbacks) for the caller to show. */
  notice?: (line: string) => void;
}

export class FileTranscriber {
  readonly recognizer: Recognizer;
  readonly #vadCuts: VadCuts | null;
  readonly #beam: BeamSearchDecoder | null;
  readonly #text: TextSettings | null;

  private constructor(
    recognizer: Recognizer,
    vadCuts: VadCuts | null,
    beam: BeamSearchDecoder | null,
    text: TextSettings | null,
  ) {
    this.recognizer = recognizer;
    this.#vadCuts = vadCuts;
    this.#beam = beam;
    this.#text = text;
  }

  static async open(options: FileTranscriberOptions = {}): Promise<FileTranscriber> {
    const notice = options.notice ?? (() => undefined);
    // The LM is read before the model, so a bad file fails before any download or conversion.
    const lm = options.beam?.lm === undefined ? null : loadArpa(options.beam.lm);
    const model = await resolveModel(options.model, {
      progress: notice,
      ...(options.variant !== undefined ? { variant: options.variant } : {}),
    });
    const recognizer = await Recognizer.open(model.dir, {
      device: options.device ?? 'cpu',
      ...(options.threads !== undefined ? { threads: options.threads } : {}),
      name: model.name,
    });
    if (recognizer.fallbackReason !== null) notice(`verba: using cpu: ${recognizer.fallbackReason}\n`);
    let vadCuts: VadCuts | null = null;
    try {
      // The beam first: it may reject its options and holds nothing native, so nothing is open yet when it throws.
      const beam = options.beam
        ? new BeamSearchDecoder(recognizer.vocabulary, {
            beamWidth: options.beam.width,
            lm,
            hotwords: options.settings?.vocabulary ?? [],
          })
        : null;
      vadCuts =
        options.vadCuts === false
          ? null
          : await VadCuts.load({
              onUnavailable: (reason) =>
                notice(`verba: no VAD (${reason}); long files are cut at the quietest frames\n`),
            });
      return new FileTranscriber(recognizer, vadCuts, beam, options.raw ? null : (options.settings ?? null));
    } catch (error) {
      await releaseAll([vadCuts, recognizer]).catch(() => undefined); // the original error is the one to report
      throw error;
    }
  }

  /** Streams the file (one window in memory at a time); `onProgress` gets seconds of audio done. */
  async transcribe(path: string, onProgress?: (seconds: number) => void): Promise<Transcript> {
    const recognised = await transcribeStream(this.recognizer, streamAudioFile(path), {
      vadCuts: this.#vadCuts,
      beam: this.#beam,
      ...(onProgress ? { onProgress } : {}),
    });
    return this.#text === null ? recognised : applyTextLayer(recognised, this.#text);
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
