/**
 * A dictation backend in this process: microphone (kept open, with pre-roll) → spool (crash-safe) →
 * the live runner (partials while speaking; its final pass after release costs one short run, because
 * the rest was settled while speaking). A recording a crash interrupted is finished from its spool by
 * the FileTranscriber `verba transcribe` uses. It implements DictationBackend, the seam the inference
 * host's DictationSession (host methods startDictation/stopDictation) can take over in the app.
 *
 *   const backend = await LocalDictation.open({ model: 'models/verba-demo-sewd' });
 *   backend.on('partial', ({ stable, unstable }) => draw(stable, unstable));
 *   await backend.start('d-1');
 *   const { text, spool } = await backend.finish('d-1', 300);   // after the key is released
 *   await backend.close();
 */
import { EventEmitter } from 'node:events';
import { SAMPLE_RATE } from '../../common/defaults.ts';
import { VerbaError } from '../../common/result.ts';
import { DEFAULT_TEXT_SETTINGS, type TextSettings } from '../../common/text-settings.ts';
import type { CaptureBackend } from '../audio/capture-backend.ts';
import { Microphone } from '../audio/microphone.ts';
import { SpoolWriter, defaultSpoolDir, discardSpool } from '../audio/spool.ts';
import { FileTranscriber } from '../engine/file-transcriber.ts';
import { TextFormatter } from '../text/text-formatter.ts';
import { type LiveOptions, LiveRunner } from './live-runner.ts';

export interface DictationFinal {
  sessionId: string;
  text: string;
  /** The closed spool (the recording); the caller discards it once the text is safe. */
  spool: string;
  /** Seconds of audio. */
  duration: number;
}

export type DictationBackendEvents = {
  partial: [{ sessionId: string; stable: string; unstable: string }];
  level: [{ sessionId: string; rms: number; peak: number }];
  /** The microphone went away mid-dictation (what was heard is kept in the spool). */
  lost: [{ sessionId: string; message: string }];
};

/** What the push-to-talk controller needs from whatever runs capture and recognition. */
export interface DictationBackend extends EventEmitter<DictationBackendEvents> {
  start(sessionId: string): Promise<{ microphone: string; spool: string }>;
  /** Keeps capturing tailPaddingMs more (unless resumed meanwhile), then returns the final text. */
  finish(sessionId: string, tailPaddingMs: number): Promise<DictationFinal>;
  /** A release that turned out to be key auto-repeat: the pending finish is called off. */
  resume(sessionId: string): void;
  /** Stops without a final text; returns the kept spool's path (keepAudio) or null. */
  cancel(sessionId: string, keepAudio: boolean): Promise<string | null>;
  /** Text of a recording left by a crash (a spool), through the same final pass. */
  transcribeSpool(path: string): Promise<string>;
  close(): Promise<void>;
}

export interface LocalDictationOptions {
  model?: string;
  threads?: number;
  deviceId?: number;
  spoolDir?: string;
  settings?: TextSettings | null;
  raw?: boolean;
  live?: Partial<LiveOptions>;
  /** Where audio comes from (PortAudio unless given: benches feed recordings at real-time pace). */
  capture?: CaptureBackend;
  notice?: (line: string) => void;
}

interface Session {
  id: string;
  spool: SpoolWriter;
  live: LiveRunner;
  /** All samples heard. */
  samples: number;
  tail: { timer: NodeJS.Timeout; resolve: () => void } | null;
  failure: string | null;
}

export class LocalDictation extends EventEmitter<DictationBackendEvents> implements DictationBackend {
  readonly transcriber: FileTranscriber;
  readonly #options: LocalDictationOptions;
  readonly #formatter: TextFormatter;
  #session: Session | null = null;
  #mic: Microphone | null = null;

  private constructor(transcriber: FileTranscriber, options: LocalDictationOptions) {
    super();
    this.transcriber = transcriber;
    this.#options = options;
    // --raw: the recogniser's words as they are (no casing, punctuation, commands or replacements).
    const settings = options.settings ?? DEFAULT_TEXT_SETTINGS;
    this.#formatter = new TextFormatter(
      options.raw
        ? { ...settings, casing: false, commands: false, digits: false, replacements: [], vocabulary: [] }
        : settings,
    );
  }

  static async open(options: LocalDictationOptions = {}): Promise<LocalDictation> {
    const transcriber = await FileTranscriber.open({
      ...(options.model !== undefined ? { model: options.model } : {}),
      ...(options.threads !== undefined ? { threads: options.threads } : {}),
      ...(options.notice ? { notice: options.notice } : {}),
    });
    return new LocalDictation(transcriber, options);
  }

  get modelName(): string {
    return this.transcriber.recognizer.name;
  }

  /**
   * The microphone stays open between dictations: opening one takes from a few hundred ms to seconds
   * (PortAudio's device probe, PulseAudio's first buffer), which would clip every first word; its
   * pre-roll gives the session the audio from just before the press.
   */
  async #microphone(): Promise<Microphone> {
    if (this.#mic !== null && !this.#mic.stopped) return this.#mic;
    const mic = await Microphone.open({
      deviceId: this.#options.deviceId ?? -1,
      ...(this.#options.capture ? { backend: this.#options.capture } : {}),
    });
    mic.on('frame', (frame) => this.#frame(frame));
    mic.on('level', ({ rms, peak }) => {
      const s = this.#session;
      if (s !== null) this.emit('level', { sessionId: s.id, rms, peak });
    });
    mic.on('lost', (reason) => {
      const s = this.#session;
      if (s !== null)
        this.emit('lost', { sessionId: s.id, message: `The microphone stopped (${reason}); what was heard is kept.` });
    });
    this.#mic = mic;
    return mic;
  }

  /** Opens the microphone now (so the first dictation starts at once); returns its name. */
  async warmUp(): Promise<string> {
    return (await this.#microphone()).device.name;
  }

  #frame(frame: Float32Array): void {
    const session = this.#session;
    if (session === null || session.failure !== null) return;
    try {
      session.spool.append(frame);
    } catch (error) {
      session.failure = error instanceof Error ? error.message : String(error);
    }
    session.samples += frame.length;
    session.live.accept(frame);
  }

  async start(sessionId: string): Promise<{ microphone: string; spool: string }> {
    if (this.#session !== null) throw new VerbaError('DictationBusy', 'A dictation is already running.');
    const mic = await this.#microphone();
    const spool = await SpoolWriter.create(this.#options.spoolDir ?? defaultSpoolDir());
    const session: Session = {
      id: sessionId,
      spool,
      live: new LiveRunner({
        sessionId,
        recognizer: this.transcriber.recognizer,
        formatter: this.#formatter,
        onPartial: (p) => this.emit('partial', { sessionId, stable: p.stable, unstable: p.unstable }),
        ...(this.#options.live ? { live: this.#options.live } : {}),
      }),
      samples: 0,
      tail: null,
      failure: null,
    };
    this.#session = session;
    const before = mic.preRoll();
    if (before.length > 0) this.#frame(before);
    return { microphone: mic.device.name, spool: spool.path };
  }

  #current(sessionId: string): Session {
    const s = this.#session;
    if (s === null || s.id !== sessionId) throw new VerbaError('NoSuchDictation', 'That dictation is not running.');
    return s;
  }

  async #end(session: Session): Promise<string> {
    if (this.#session === session) this.#session = null;
    return session.spool.close();
  }

  async finish(sessionId: string, tailPaddingMs: number): Promise<DictationFinal> {
    const session = this.#current(sessionId);
    // The tail's audio goes to the final pass; no step may hold the model when it starts.
    session.live.holdSteps();
    const resumed = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => {
        session.tail = null;
        resolve(false);
      }, tailPaddingMs);
      session.tail = { timer, resolve: () => resolve(true) };
    });
    if (resumed) {
      session.live.resumeSteps();
      throw new VerbaError('Resumed', 'The dictation continues.');
    }
    // The spool's close (an fsync) and the final pass overlap: one waits on the disk, the other on the CPU.
    const closing = this.#end(session);
    const finishing = session.live.finish().then(
      (result) => result.text,
      () => null, // a failed live step: the recording is complete on disk once closed
    );
    const [spool, liveText] = await Promise.all([closing, finishing]);
    if (session.failure !== null)
      throw new VerbaError(
        'SpoolWriteFailed',
        `Recording failed (${session.failure}); the audio so far is in ${spool}.`,
      );
    const text = liveText ?? (await this.transcribeSpool(spool));
    return { sessionId, text, spool, duration: session.samples / SAMPLE_RATE };
  }

  resume(sessionId: string): void {
    const s = this.#session;
    if (s?.id !== sessionId || s.tail === null) return;
    clearTimeout(s.tail.timer);
    s.tail.resolve();
    s.tail = null;
  }

  async cancel(sessionId: string, keepAudio: boolean): Promise<string | null> {
    const s = this.#session;
    if (s?.id !== sessionId) return null;
    this.resume(sessionId);
    s.live.cancel();
    const spool = await this.#end(s);
    if (keepAudio) return spool;
    await discardSpool(spool);
    return null;
  }

  async transcribeSpool(path: string): Promise<string> {
    const transcript = await this.transcriber.transcribe(path, {
      settings: this.#options.settings ?? null,
      raw: this.#options.raw ?? false,
    });
    return transcript.text;
  }

  async close(): Promise<void> {
    const s = this.#session;
    if (s !== null) await this.cancel(s.id, true);
    await this.#mic?.stop();
    await this.transcriber.release();
  }
}
