/**
 * One dictation, from the key press to its final text: capture (microphone → spool, capture.ts) →
 * live runner (partial text while speaking) → final text on stop. It runs inside the inference host,
 * which serves it as the host methods startDictation / stopDictation / cancelDictation and posts its
 * partial, level and dictationState events (electron/common/host-contract.ts). Main keeps the hotkeys,
 * the push-to-talk state machine, insertion and the tray, and talks to it only over that contract.
 *
 *   const session = await DictationSession.start({ sessionId, recognizer, formatter, spoolDir, events });
 *   // … events.partial({ sessionId, stable, unstable }) every LIVE_DEFAULTS.stepMs while the key is held
 *   const { text, transcript, audioPath } = await session.stop();   // or: await session.cancel()
 *
 * Nothing is lost: the audio is in a crash-safe spool from the first frame. It is deleted once the final
 * text has been handed back, unless `keepAudio` was asked for or something failed (device lost, disk
 * full), in which case its path comes back in `audioPath` (and a crash leaves it for recovery).
 * States: 'listening' once audio flows → 'finishing' at stop → 'done'; or 'cancelled'; or 'failed'
 * (with an error) when capture or recognition broke. After a lost device or a full disk stop() still
 * returns what was heard; after a recognition failure it rejects, and the audio is kept either way.
 */
import type { AudioLevel, DictationResult, DictationStateEvent, PartialText } from '../../common/host-contract.ts';
import { VerbaError, toErrorValue } from '../../common/result.ts';
import type { CaptureBackend } from '../audio/capture-backend.ts';
import { discardSpool } from '../audio/spool.ts';
import type { Recognizer } from '../engine/recognizer.ts';
import type { TextFormatter } from '../text/text-formatter.ts';
import { Capture, type CaptureEnd } from './capture.ts';
import { LiveRunner, type LiveOptions } from './live-runner.ts';

export interface DictationEvents {
  partial(partial: PartialText): void;
  level(level: AudioLevel): void;
  state(state: DictationStateEvent): void;
}

export interface DictationSessionOptions {
  sessionId: string;
  /** The live recognizer (not the one file jobs use, so a long file never delays a release). */
  recognizer: Recognizer;
  /** The text layer with the user's settings at the start of the utterance. */
  formatter: TextFormatter;
  spoolDir: string;
  events: DictationEvents;
  /** PortAudio device id; -1 or absent: the system default. */
  deviceId?: number;
  backend?: CaptureBackend;
  keepAudio?: boolean;
  live?: Partial<LiveOptions>;
}

export class DictationSession {
  readonly sessionId: string;
  readonly #capture: Capture;
  readonly #live: LiveRunner;
  readonly #events: DictationEvents;
  readonly #keepAudio: boolean;
  #failure: VerbaError | null = null;
  #closed = false;

  private constructor(options: DictationSessionOptions, capture: Capture, live: LiveRunner) {
    this.sessionId = options.sessionId;
    this.#capture = capture;
    this.#live = live;
    this.#events = options.events;
    this.#keepAudio = options.keepAudio ?? false;
  }

  /** Opens the microphone and starts listening; resolves once it is open (its audio goes to the spool first). */
  static async start(options: DictationSessionOptions): Promise<DictationSession> {
    const { sessionId, events } = options;
    let session: DictationSession | null = null;
    const live = new LiveRunner({
      sessionId,
      recognizer: options.recognizer,
      formatter: options.formatter,
      onPartial: (p) => events.partial(p),
      onError: (error) => (session !== null ? session.#fail(error) : undefined),
      ...(options.live ? { live: options.live } : {}),
    });
    let capture: Capture;
    try {
      capture = await Capture.start({
        spoolDir: options.spoolDir,
        ...(options.deviceId !== undefined ? { deviceId: options.deviceId } : {}),
        ...(options.backend ? { backend: options.backend } : {}),
        onAudio: (samples) => {
          // A failed runner has said why (onError); the audio still goes to the spool.
          try {
            live.accept(samples);
          } catch {
            /* reported once, by onError */
          }
        },
        onLevel: ({ rms, peak }) => events.level({ sessionId, rms, peak }),
        onEnd: (end) => (session !== null ? session.#ended(end) : undefined),
      });
    } catch (error) {
      live.cancel();
      throw error;
    }
    session = new DictationSession(options, capture, live);
    events.state({ sessionId, state: 'listening' });
    return session;
  }

  /** The microphone's name as the system calls it. */
  get microphone(): string {
    return this.#capture.microphone.device.name;
  }

  /** Where this dictation's audio is spooled: if the host dies, the caller finishes it from there. */
  get spoolPath(): string {
    return this.#capture.spoolPath;
  }

  /** Audio the microphone still records after stop() is called (ms): stop this much before the end wanted. */
  get audioAfterStopMs(): number {
    return this.#capture.microphone.audioAfterStopMs;
  }

  /** Stops listening (the microphone's last audio is kept) and returns the final text of the utterance. */
  async stop(): Promise<DictationResult> {
    this.#close();
    this.#events.state({ sessionId: this.sessionId, state: 'finishing' });
    await this.#capture.release(); // the microphone's last audio is in the spool and the live runner
    // The spool's close (an fsync) and the final pass overlap: one waits on the disk, the other on the CPU.
    const finishing = this.#live.finish();
    finishing.catch(() => undefined); // awaited below, after the spool is closed
    const { spoolPath } = await this.#capture.stop();
    try {
      const { text, transcript } = await finishing;
      const keep = this.#keepAudio || this.#failure !== null;
      if (!keep) await discardSpool(spoolPath);
      this.#events.state({ sessionId: this.sessionId, state: 'done' });
      return { sessionId: this.sessionId, text, transcript, audioPath: keep ? spoolPath : null };
    } catch (error) {
      // Recognition failed: the audio stays on disk, offered for recovery like a crash's.
      this.#events.state({ sessionId: this.sessionId, state: 'failed', error: toErrorValue(error) });
      throw error;
    }
  }

  /** Stops listening and drops the utterance and its audio. */
  /** Holds or resumes the live steps (the tail after a release: see LiveRunner.holdSteps). */
  holdSteps(hold: boolean): void {
    if (hold) this.#live.holdSteps();
    else this.#live.resumeSteps();
  }

  async cancel(): Promise<void> {
    this.#close();
    const { spoolPath } = await this.#capture.stop();
    this.#live.cancel();
    await discardSpool(spoolPath);
    this.#events.state({ sessionId: this.sessionId, state: 'cancelled' });
  }

  #close() {
    if (this.#closed) throw new VerbaError('NotListening', 'This dictation has already ended.');
    this.#closed = true;
  }

  #ended(end: CaptureEnd) {
    if (end.reason === 'failed') this.#fail(end.error);
    else if (end.reason === 'lost')
      this.#fail(
        new VerbaError(
          'DeviceLost',
          `The microphone stopped (${end.message}); what was said until then is kept and will be written.`,
        ),
      );
  }

  #fail(error: unknown) {
    if (this.#failure !== null || this.#closed) return;
    this.#failure =
      error instanceof VerbaError ? error : new VerbaError('RecognitionFailed', toErrorValue(error).message);
    this.#events.state({ sessionId: this.sessionId, state: 'failed', error: toErrorValue(this.#failure) });
  }
}
