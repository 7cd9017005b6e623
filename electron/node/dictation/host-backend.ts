/**
 * DictationBackend over the inference host's DictationSession (host methods startDictation,
 * stopDictation, cancelDictation; events partial, level, dictationState): what Electron main's
 * push-to-talk controller drives, so capture, spool and recognition stay out of main's event loop.
 *
 *   const backend = new HostDictationBackend((name, ...args) => host.call(name, ...args));
 *   hostEvents.on(backend.onHostEvent);          // partial / level / dictationState from the host
 *
 * A host that dies mid-dictation (killed, crashed) takes the session with it, but not the audio: it is
 * in the spool the host named at the start. The stop then finishes the dictation from that spool with
 * the restarted host's transcribeFile (same model and text settings), so the user still gets the text.
 */
import { EventEmitter } from 'node:events';
import { dirname } from 'node:path';
import type {
  DictationResult,
  HostArgsOf,
  HostEventMessage,
  HostMethodName,
  HostResultOf,
} from '../../common/host-contract.ts';
import { type ErrorValue, type Result, VerbaError } from '../../common/result.ts';
import type { TextSettings } from '../../common/text-settings.ts';
import type { Transcript } from '../../common/transcript.ts';
import { discardSpool, listOrphanedSpools, repairSpool } from '../audio/spool.ts';
import type { DictationBackend, DictationBackendEvents, DictationFinal } from './local-dictation.ts';

export type HostCall = <K extends HostMethodName>(name: K, ...args: HostArgsOf<K>) => Promise<Result<HostResultOf<K>>>;

export interface HostDictationOptions {
  deviceId?: number;
  model?: string;
  /** The text settings of a dictation, read at its start (and used again if it is finished from its spool). */
  settings?: () => TextSettings | null | Promise<TextSettings | null>;
  /** A dictation the host lost was finished from its spool: the result stopDictation would have given. */
  recovered?: (result: DictationResult) => void | Promise<void>;
}

/** What host-client.ts fails pending calls with when the host process exits. */
const HOST_STOPPED = 'InferenceHostStopped';

/**
 * Whether a failed stop (or cancel) means the host died under the dictation, so its spool is all there
 * is: the call failed as the host exited (InferenceHostStopped), or a restarted host never heard of the
 * session (NotListening); and no live process writes the spool any more (a live host still appends).
 */
export async function lostWithHost(error: ErrorValue, spool: string | undefined): Promise<boolean> {
  if (spool === undefined || spool === '') return false;
  if (error.name !== HOST_STOPPED && error.name !== 'NotListening') return false;
  return (await listOrphanedSpools(dirname(spool))).some((s) => s.path === spool);
}

const unwrap = <T>(result: Result<T>): T => {
  if (!result.ok) throw new VerbaError(result.error.name, result.error.message);
  return result.value;
};

interface Running {
  spool: string | undefined;
  settings: TextSettings | null;
  /** What the host's microphone still records after the stop (DictationStarted.audioAfterStopMs). */
  audioAfterStopMs: number;
}

export class HostDictationBackend extends EventEmitter<DictationBackendEvents> implements DictationBackend {
  readonly #call: HostCall;
  readonly #options: HostDictationOptions;
  #tails = new Map<string, { timer: NodeJS.Timeout; resolve: (resumed: boolean) => void }>();
  /** Started and not yet stopped or cancelled: where each spools, and its text settings. */
  #running = new Map<string, Running>();

  constructor(call: HostCall, options: HostDictationOptions = {}) {
    super();
    this.#call = call;
    this.#options = options;
  }

  /** Feed every host event here; those of dictation sessions become this backend's events. */
  readonly onHostEvent = (message: HostEventMessage): void => {
    if (message.event === 'partial') this.emit('partial', message.payload);
    else if (message.event === 'level') this.emit('level', message.payload);
    else if (message.event === 'dictationState' && message.payload.state === 'failed')
      this.emit('lost', {
        sessionId: message.payload.sessionId,
        message: message.payload.error?.message ?? 'The dictation failed in the inference host.',
      });
  };

  async start(sessionId: string): Promise<{ microphone: string; spool: string }> {
    const settings = (await this.#options.settings?.()) ?? null;
    const started = unwrap(
      await this.#call(
        'startDictation',
        {
          sessionId,
          keepAudio: true,
          ...(this.#options.deviceId !== undefined ? { deviceId: this.#options.deviceId } : {}),
          ...(this.#options.model !== undefined ? { model: this.#options.model } : {}),
        },
        settings,
      ),
    );
    this.#running.set(sessionId, { spool: started.spool, settings, audioAfterStopMs: started.audioAfterStopMs ?? 0 });
    return { microphone: started.microphone, spool: started.spool ?? '' };
  }

  async finish(sessionId: string, tailPaddingMs: number): Promise<DictationFinal> {
    // The tail's audio goes to the final pass: no live step may hold the model when it starts. (A host
    // that died does not answer; the stop below finds that out.)
    this.#call('holdDictation', sessionId, true).catch(() => undefined);
    // The host's microphone still records a little after the stop (it says how much at the start), so
    // the stop goes out that much before the tail's end: the recording ends tailPaddingMs past the release.
    const wait = Math.max(0, tailPaddingMs - (this.#running.get(sessionId)?.audioAfterStopMs ?? 0));
    const resumed = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), wait);
      this.#tails.set(sessionId, { timer, resolve });
    });
    this.#tails.delete(sessionId);
    if (resumed) {
      this.#call('holdDictation', sessionId, false).catch(() => undefined);
      throw new VerbaError('Resumed', 'The dictation continues.');
    }
    const stopped = await this.#call('stopDictation', sessionId);
    const running = this.#running.get(sessionId);
    this.#running.delete(sessionId);
    if (!stopped.ok && running !== undefined && (await lostWithHost(stopped.error, running.spool)))
      return this.#recover(sessionId, running.spool!, running.settings);
    const result = unwrap(stopped);
    return { sessionId, text: result.text, spool: result.audioPath ?? '', duration: result.transcript.duration_s };
  }

  /** The host died with the session: the spool (its header fixed) through the restarted host's file path. */
  async #recover(sessionId: string, spool: string, settings: TextSettings | null): Promise<DictationFinal> {
    let transcript: Transcript;
    try {
      await repairSpool(spool);
      const request = { path: spool, ...(this.#options.model !== undefined ? { model: this.#options.model } : {}) };
      transcript = unwrap(await this.#call('transcribeFile', `recover-${sessionId}`, request, settings));
    } catch (error) {
      throw new VerbaError(
        'DictationNotRecovered',
        `The transcription engine stopped during this dictation and could not finish it from its recording (${
          error instanceof Error ? error.message : String(error)
        }); the recording is kept and offered again at the next start.`,
        { cause: error },
      );
    }
    await this.#options.recovered?.({ sessionId, text: transcript.text, transcript, audioPath: spool });
    return { sessionId, text: transcript.text, spool, duration: transcript.duration_s };
  }

  resume(sessionId: string): void {
    const tail = this.#tails.get(sessionId);
    if (!tail) return;
    clearTimeout(tail.timer);
    tail.resolve(true);
  }

  async cancel(sessionId: string, keepAudio: boolean): Promise<string | null> {
    this.resume(sessionId);
    const cancelled = await this.#call('cancelDictation', sessionId);
    const running = this.#running.get(sessionId);
    this.#running.delete(sessionId);
    const lost: ErrorValue | null = !cancelled.ok
      ? cancelled.error
      : cancelled.value
        ? null
        : { name: 'NotListening', message: 'That dictation is not running.' };
    // The host died with the session, so nobody discarded its spool: do what the cancel asked for.
    if (lost !== null && running !== undefined && (await lostWithHost(lost, running.spool))) {
      if (keepAudio) return running.spool!;
      await discardSpool(running.spool!);
      return null;
    }
    unwrap(cancelled);
    return null;
  }

  async transcribeSpool(path: string): Promise<string> {
    const settings = (await this.#options.settings?.()) ?? null;
    const t = unwrap(await this.#call('transcribeFile', `recover-${Date.now()}`, { path }, settings));
    return t.text;
  }

  async close(): Promise<void> {
    for (const id of [...this.#tails.keys()]) await this.cancel(id, true).catch(() => undefined);
  }
}
