/**
 * Live recognition of one utterance while it is spoken: audio is accepted as it arrives, and every
 * LIVE_DEFAULTS.stepMs the runner re-runs only a bounded trailing window and emits partial text
 * { sessionId, stable, unstable }; finish() returns the final transcript.
 *
 *   const live = new LiveRunner({ sessionId, recognizer, formatter, onPartial: (p) => post(p) });
 *   mic.on('frame', (f) => live.accept(f));
 *   const { text, transcript } = await live.finish();   // after the key is released
 *
 * How the work stays bounded: frames at least `settleSeconds` behind the newest audio are settled:
 * taken from the run that had that much audio after them, decoded once (streaming greedy) and never
 * recomputed. Each step runs the model over `leftContextSeconds` before the settled point up to the
 * newest sample (~2.7 s with the defaults), so a step, and the final pass after release, cost the same
 * at 3 s as at 3 minutes. Utterances up to `windowSeconds` are re-run whole at every step instead, so
 * their final text is exactly the file pipeline's (one window, normalised as a whole).
 */
import { FRAME_SAMPLES, LIVE_DEFAULTS, SAMPLE_RATE, WINDOW_DEFAULTS } from '../../common/defaults.ts';
import type { PartialText } from '../../common/host-contract.ts';
import type { Transcript } from '../../common/transcript.ts';
import { PathWords, argmaxIds } from '../ctc/greedy.ts';
import { StreamingGreedyDecoder } from '../ctc/streaming-greedy.ts';
import type { DecodedWord, Logits } from '../ctc/types.ts';
import { StreamingFormatter } from '../text/streaming-formatter.ts';
import type { TextFormatter } from '../text/text-formatter.ts';
import type { Recognizer } from '../engine/recognizer.ts';
import { buildTranscript } from '../engine/transcribe.ts';

export type LiveOptions = { -readonly [K in keyof typeof LIVE_DEFAULTS]: number };

export interface LiveRunnerOptions {
  sessionId: string;
  /** The live recognizer: its own instance, so a long file job on another one never delays a step. */
  recognizer: Recognizer;
  /** The text layer for this utterance (the user's settings at its start). */
  formatter: TextFormatter;
  onPartial: (partial: PartialText) => void;
  /** A step failed (the model run threw); the runner stops stepping and finish() rejects with it. */
  onError?: (error: unknown) => void;
  live?: Partial<LiveOptions>;
}

export interface LiveResult {
  text: string;
  transcript: Transcript;
}

/** What the runner did, for benches and tests. */
export interface LiveStats {
  steps: number;
  /** Longest stretch of audio given to one model run, in samples. */
  longestRunSamples: number;
  /** Audio given to the latest model run (after finish(): the final pass), in samples. */
  lastRunSamples: number;
  /** Samples given to the model over all runs (how much audio was re-read). */
  modelSamples: number;
  settledFrames: number;
}

const ALIGN = WINDOW_DEFAULTS.alignFrames;
const alignDown = (frame: number) => Math.floor(frame / ALIGN) * ALIGN;

export class LiveRunner {
  readonly sessionId: string;
  readonly #recognizer: Recognizer;
  readonly #formatter: TextFormatter;
  readonly #streaming: StreamingFormatter;
  readonly #options: LiveOptions;
  readonly #onPartial: (partial: PartialText) => void;
  readonly #onError: (error: unknown) => void;
  /** Audio from global sample `#bufferStart` on; older samples are never read again. */
  #buffer = new Float32Array(SAMPLE_RATE * 8);
  #bufferStart = 0;
  #total = 0;
  /** Frames [0, #settled) are final; the decoder has seen them up to the last closed word. */
  #settled = 0;
  readonly #decoder: StreamingGreedyDecoder;
  readonly #frameSeconds: number;
  readonly #words: DecodedWord[] = [];
  /** Settled frames after the last word delimiter: the open word, decoded again with each tail. */
  #open: Logits;
  #stepped = 0;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #running: Promise<void> = Promise.resolve();
  #failure: { error: unknown } | null = null;
  #ended = false;
  #held = false;
  readonly stats: LiveStats = { steps: 0, longestRunSamples: 0, lastRunSamples: 0, modelSamples: 0, settledFrames: 0 };

  constructor(options: LiveRunnerOptions) {
    this.sessionId = options.sessionId;
    this.#recognizer = options.recognizer;
    this.#formatter = options.formatter;
    this.#streaming = new StreamingFormatter(options.formatter);
    this.#options = { ...LIVE_DEFAULTS, ...options.live };
    this.#onPartial = options.onPartial;
    this.#onError = options.onError ?? (() => undefined);
    this.#frameSeconds = options.recognizer.info.frameSamples / SAMPLE_RATE;
    this.#decoder = new StreamingGreedyDecoder(
      options.recognizer.vocabulary,
      (w) => this.#words.push(w),
      this.#frameSeconds,
    );
    this.#open = { data: new Float32Array(0), frames: 0, vocabSize: options.recognizer.vocabulary.tokens.length };
    this.#schedule(performance.now() + this.#options.stepMs);
  }

  /** Seconds of audio accepted. */
  get duration(): number {
    return this.#total / SAMPLE_RATE;
  }

  /** Appends 16 kHz mono samples (copied). Throws a step's failure, so a producer stops feeding a dead runner. */
  accept(samples: Float32Array): void {
    if (this.#failure !== null) throw this.#failure.error;
    if (this.#ended) throw new Error('accept after finish');
    const length = this.#total - this.#bufferStart;
    if (length + samples.length > this.#buffer.length) {
      const grown = new Float32Array(Math.max(2 * this.#buffer.length, length + samples.length));
      grown.set(this.#buffer.subarray(0, length));
      this.#buffer = grown;
    }
    this.#buffer.set(samples, length);
    this.#total += samples.length;
  }

  /** Stops stepping, runs the last pass over the unsettled audio and returns the utterance's final text. */
  async finish(): Promise<LiveResult> {
    this.#stop();
    await this.#running;
    if (this.#failure !== null) throw this.#failure.error;
    if (this.#total > 0) {
      // The last pass: everything after the settled frames, then the decoder's open word is closed.
      const run = await this.#run();
      this.#decoder.push(concat(this.#open, slice(run.logits, this.#settled - run.start, run.logits.frames)));
    }
    this.#decoder.finish();
    this.#streaming.reset();
    const transcript = buildTranscript(this.#words, this.#formatter, {
      samples: this.#total,
      model: this.#recognizer.name,
      device: this.#recognizer.device,
    });
    return { text: transcript.text, transcript };
  }

  /** Stops stepping and drops the utterance. */
  cancel(): void {
    this.#stop();
  }

  /**
   * Holds the steps while audio still arrives: after the key is released only the tail padding is left.
   * One release step runs at once over the audio so far and settles all but its last
   * `releaseSettleSeconds`, so the final pass after the tail re-reads context + that + the tail instead
   * of context + the whole settle lag + the tail; no step starts after it, so none holds the model when
   * finish() wants it. finish() covers the held audio; resumeSteps() goes on if the user keeps talking.
   */
  holdSteps(): void {
    if (this.#held || this.#ended) return;
    this.#held = true;
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    this.#launch(this.#options.releaseSettleSeconds);
  }

  resumeSteps(): void {
    if (!this.#held || this.#ended) return;
    this.#held = false;
    void this.#running.then(() => this.#schedule(performance.now()));
  }

  #stop() {
    this.#ended = true;
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }

  /** Steps on the wall clock, not on audio arrival: partials come every stepMs however audio is chunked. */
  #schedule(at: number) {
    if (this.#ended || this.#held || this.#timer !== null) return;
    this.#timer = setTimeout(
      () => {
        this.#timer = null;
        const started = performance.now();
        this.#launch(this.#options.settleSeconds);
        // The next step is due one period after this one started; a slow step is followed at once.
        void this.#running.then(() => this.#schedule(started + this.#options.stepMs));
      },
      Math.max(0, at - performance.now()),
    );
  }

  /** Runs a step after the one in flight (never two model runs at once); a failure stops the runner. */
  #launch(settleSeconds: number) {
    this.#running = this.#running
      .then(() => this.#step(settleSeconds))
      .catch((error: unknown) => {
        this.#failure ??= { error };
        this.#stop();
        this.#onError(error);
      });
  }

  async #step(settleSeconds: number): Promise<void> {
    if (this.#ended || this.#failure !== null || this.#total === this.#stepped) return;
    this.#stepped = this.#total;
    this.stats.steps++;
    const run = await this.#run();
    if (this.#ended) return;
    // Settle what had settleSeconds of audio after it, once the utterance outgrew the live window.
    if (this.#total > this.#options.windowSeconds * SAMPLE_RATE) {
      const lag = Math.round((settleSeconds * SAMPLE_RATE) / FRAME_SAMPLES);
      this.#settle(run, Math.max(this.#settled, alignDown(run.end - lag)));
    }
    const raw = [...this.#words, ...this.#tailWords(run)].map((w) => w.word).join(' ');
    const { stable, unstable } = this.#streaming.update(raw);
    this.#onPartial({ sessionId: this.sessionId, stable, unstable });
  }

  /** The model over the trailing window: global frames [start, end) of this run's logits. */
  async #run(): Promise<{ logits: Logits; start: number; end: number }> {
    const fits = this.#total <= this.#options.windowSeconds * SAMPLE_RATE;
    const context = Math.round((this.#options.leftContextSeconds * SAMPLE_RATE) / FRAME_SAMPLES);
    const start = fits ? 0 : alignDown(Math.max(0, this.#settled - context));
    const from = start * FRAME_SAMPLES;
    const samples = this.#buffer.slice(from - this.#bufferStart, this.#total - this.#bufferStart);
    this.stats.longestRunSamples = Math.max(this.stats.longestRunSamples, samples.length);
    this.stats.lastRunSamples = samples.length;
    this.stats.modelSamples += samples.length;
    const logits = await this.#recognizer.logits({ samples, sampleRate: SAMPLE_RATE });
    return { logits, start, end: start + logits.frames };
  }

  /** Makes frames [#settled, to) of `run` final and forgets audio no later run can need. */
  #settle(run: { logits: Logits; start: number }, to: number) {
    if (to <= this.#settled) return;
    const fresh = slice(run.logits, this.#settled - run.start, to - run.start);
    // Up to the last word delimiter the decoder takes them for good; after it, the word is still open.
    const ids = argmaxIds(fresh);
    const delimiter = this.#recognizer.vocabulary.tokens.indexOf(this.#recognizer.vocabulary.wordDelimiter);
    const cut = ids.lastIndexOf(delimiter) + 1;
    if (cut > 0) {
      this.#decoder.push(concat(this.#open, slice(fresh, 0, cut)));
      this.#open = slice(fresh, cut, fresh.frames);
    } else {
      this.#open = concat(this.#open, fresh);
    }
    this.#settled = to;
    this.stats.settledFrames = to;
    const context = Math.round((this.#options.leftContextSeconds * SAMPLE_RATE) / FRAME_SAMPLES);
    const keepFrom = alignDown(Math.max(0, to - context)) * FRAME_SAMPLES;
    const drop = keepFrom - this.#bufferStart;
    if (drop > 0) {
      this.#buffer.copyWithin(0, drop, this.#total - this.#bufferStart);
      this.#bufferStart = keepFrom;
    }
  }

  /** Words of the open word's settled frames and the run's unsettled frames (the last one unfinished). */
  #tailWords(run: { logits: Logits; start: number }): DecodedWord[] {
    const tail = concat(this.#open, slice(run.logits, this.#settled - run.start, run.logits.frames));
    const words: DecodedWord[] = [];
    const path = new PathWords(this.#recognizer.vocabulary, (w) => words.push(w), this.#frameSeconds);
    path.accept(tail, argmaxIds(tail), this.#decoder.frames);
    path.finish();
    return words;
  }
}

function slice(logits: Logits, from: number, to: number): Logits {
  const V = logits.vocabSize;
  return { data: logits.data.slice(from * V, to * V), frames: to - from, vocabSize: V };
}

function concat(a: Logits, b: Logits): Logits {
  if (a.frames === 0) return b;
  const data = new Float32Array(a.data.length + b.data.length);
  data.set(a.data);
  data.set(b.data, a.data.length);
  return { data, frames: a.frames + b.frames, vocabSize: a.vocabSize };
}
