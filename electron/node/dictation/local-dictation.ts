/**
 * A dictation backend in this process: microphone (kept open, with pre-roll) → spool (crash-safe) → live partial text while
 * speaking → final text from the closed spool through the same FileTranscriber `verba transcribe` uses,
 * so the final text is exactly what transcribing the recording gives. It implements DictationBackend,
 * the seam the inference host's DictationSession (host methods startDictation/stopDictation) replaces.
 *
 *   const backend = await LocalDictation.open({ model: 'models/verba-demo-sewd' });
 *   backend.on('partial', ({ stable, unstable }) => draw(stable, unstable));
 *   await backend.start('d-1');
 *   const { text, spool } = await backend.finish('d-1', 300);   // after the key is released
 *   await backend.close();
 */
import { EventEmitter } from 'node:events';
import { DICTATION_DEFAULTS, SAMPLE_RATE } from '../../common/defaults.ts';
import { VerbaError } from '../../common/result.ts';
import { DEFAULT_TEXT_SETTINGS, type TextSettings } from '../../common/text-settings.ts';
import { Microphone } from '../audio/microphone.ts';
import { SpoolWriter, defaultSpoolDir, discardSpool } from '../audio/spool.ts';
import { greedyDecode } from '../ctc/greedy.ts';
import { FileTranscriber } from '../engine/file-transcriber.ts';
import { StreamingFormatter } from '../text/streaming-formatter.ts';
import { TextFormatter } from '../text/text-formatter.ts';

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
  liveStepMs?: number;
  /** Live decoding looks at most this far back (the final pass reads the whole recording). */
  maxLiveSeconds?: number;
  notice?: (line: string) => void;
}

interface Session {
  id: string;
  spool: SpoolWriter;
  /** The latest audio (at least maxLiveSeconds of it once there is that much), for live decoding. */
  frames: Float32Array[];
  kept: number;
  /** All samples heard. */
  samples: number;
  live: StreamingFormatter;
  timer: NodeJS.Timeout;
  stepping: Promise<void> | null;
  tail: { timer: NodeJS.Timeout; resolve: () => void } | null;
  failure: string | null;
}

export class LocalDictation extends EventEmitter<DictationBackendEvents> implements DictationBackend {
  readonly transcriber: FileTranscriber;
  readonly #options: LocalDictationOptions;
  readonly #formatter: TextFormatter;
  readonly #maxLive: number;
  #session: Session | null = null;
  #mic: Microphone | null = null;

  private constructor(transcriber: FileTranscriber, options: LocalDictationOptions) {
    super();
    this.transcriber = transcriber;
    this.#options = options;
    this.#formatter = new TextFormatter(options.settings ?? DEFAULT_TEXT_SETTINGS);
    this.#maxLive = Math.round((options.maxLiveSeconds ?? DICTATION_DEFAULTS.maxLiveSeconds) * SAMPLE_RATE);
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
    const mic = await Microphone.open({ deviceId: this.#options.deviceId ?? -1 });
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
    session.frames.push(frame);
    session.samples += frame.length;
    session.kept += frame.length;
    // Live decoding needs only the latest maxLiveSeconds; the spool has the rest.
    while (session.kept - session.frames[0]!.length >= this.#maxLive) session.kept -= session.frames.shift()!.length;
  }

  async start(sessionId: string): Promise<{ microphone: string; spool: string }> {
    if (this.#session !== null) throw new VerbaError('DictationBusy', 'A dictation is already running.');
    const mic = await this.#microphone();
    const spool = await SpoolWriter.create(this.#options.spoolDir ?? defaultSpoolDir());
    const session: Session = {
      id: sessionId,
      spool,
      frames: [],
      kept: 0,
      samples: 0,
      live: new StreamingFormatter(this.#formatter),
      timer: setInterval(() => this.#step(session), this.#options.liveStepMs ?? DICTATION_DEFAULTS.liveStepMs),
      stepping: null,
      tail: null,
      failure: null,
    };
    this.#session = session;
    const before = mic.preRoll();
    if (before.length > 0) this.#frame(before);
    return { microphone: mic.device.name, spool: spool.path };
  }

  /** One live decode of the latest audio; skipped while the previous one still runs (never queues up). */
  #step(session: Session): void {
    if (session.stepping !== null || session.kept === 0) return;
    const samples = tail(session.frames, session.kept, this.#maxLive);
    session.stepping = (async () => {
      try {
        const logits = await this.transcriber.recognizer.logits({ samples, sampleRate: SAMPLE_RATE });
        if (this.#session !== session) return;
        const raw = greedyDecode(logits, this.transcriber.recognizer.vocabulary).text;
        const partial = this.#options.raw ? { stable: '', unstable: raw } : session.live.update(raw);
        this.emit('partial', { sessionId: session.id, stable: partial.stable, unstable: partial.unstable });
      } catch {
        // a failed live step only costs one partial; the final pass reads the spool
      } finally {
        session.stepping = null;
      }
    })();
  }

  #current(sessionId: string): Session {
    const s = this.#session;
    if (s === null || s.id !== sessionId) throw new VerbaError('NoSuchDictation', 'That dictation is not running.');
    return s;
  }

  async #end(session: Session): Promise<string> {
    clearInterval(session.timer);
    if (this.#session === session) this.#session = null;
    await session.stepping;
    return session.spool.close();
  }

  async finish(sessionId: string, tailPaddingMs: number): Promise<DictationFinal> {
    const session = this.#current(sessionId);
    const resumed = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => {
        session.tail = null;
        resolve(false);
      }, tailPaddingMs);
      session.tail = { timer, resolve: () => resolve(true) };
    });
    if (resumed) throw new VerbaError('Resumed', 'The dictation continues.');
    const spool = await this.#end(session);
    if (session.failure !== null)
      throw new VerbaError(
        'SpoolWriteFailed',
        `Recording failed (${session.failure}); the audio so far is in ${spool}.`,
      );
    const text = await this.transcribeSpool(spool);
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

/** The last `max` samples of the frames, as one array. */
function tail(frames: readonly Float32Array[], total: number, max: number): Float32Array {
  const n = Math.min(total, max);
  const out = new Float32Array(n);
  let at = n;
  for (let i = frames.length - 1; i >= 0 && at > 0; i--) {
    const f = frames[i]!;
    const take = Math.min(f.length, at);
    out.set(f.subarray(f.length - take), at - take);
    at -= take;
  }
  return out;
}
