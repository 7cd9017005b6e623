/**
 * DictationBackend over the inference host's DictationSession (host methods startDictation,
 * stopDictation, cancelDictation; events partial, level, dictationState): what Electron main's
 * push-to-talk controller drives, so capture, spool and recognition stay out of main's event loop.
 *
 *   const backend = new HostDictationBackend((name, ...args) => host.call(name, ...args));
 *   hostEvents.on(backend.onHostEvent);          // partial / level / dictationState from the host
 */
import { EventEmitter } from 'node:events';
import type { HostArgsOf, HostEventMessage, HostMethodName, HostResultOf } from '../../common/host-contract.ts';
import { type Result, VerbaError } from '../../common/result.ts';
import type { TextSettings } from '../../common/text-settings.ts';
import type { DictationBackend, DictationBackendEvents, DictationFinal } from './local-dictation.ts';

export type HostCall = <K extends HostMethodName>(name: K, ...args: HostArgsOf<K>) => Promise<Result<HostResultOf<K>>>;

const unwrap = <T>(result: Result<T>): T => {
  if (!result.ok) throw new VerbaError(result.error.name, result.error.message);
  return result.value;
};

export class HostDictationBackend extends EventEmitter<DictationBackendEvents> implements DictationBackend {
  readonly #call: HostCall;
  readonly #options: { deviceId?: number; model?: string; settings: () => TextSettings | null };
  #tails = new Map<string, { timer: NodeJS.Timeout; resolve: (resumed: boolean) => void }>();

  constructor(
    call: HostCall,
    options: { deviceId?: number; model?: string; settings?: () => TextSettings | null } = {},
  ) {
    super();
    this.#call = call;
    this.#options = { ...options, settings: options.settings ?? (() => null) };
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
    const started = unwrap(
      await this.#call(
        'startDictation',
        {
          sessionId,
          keepAudio: true,
          ...(this.#options.deviceId !== undefined ? { deviceId: this.#options.deviceId } : {}),
          ...(this.#options.model !== undefined ? { model: this.#options.model } : {}),
        },
        this.#options.settings(),
      ),
    );
    return { microphone: started.microphone, spool: '' };
  }

  async finish(sessionId: string, tailPaddingMs: number): Promise<DictationFinal> {
    const resumed = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), tailPaddingMs);
      this.#tails.set(sessionId, { timer, resolve });
    });
    this.#tails.delete(sessionId);
    if (resumed) throw new VerbaError('Resumed', 'The dictation continues.');
    const result = unwrap(await this.#call('stopDictation', sessionId));
    return { sessionId, text: result.text, spool: result.audioPath ?? '', duration: result.transcript.duration_s };
  }

  resume(sessionId: string): void {
    const tail = this.#tails.get(sessionId);
    if (!tail) return;
    clearTimeout(tail.timer);
    tail.resolve(true);
  }

  async cancel(sessionId: string, _keepAudio: boolean): Promise<string | null> {
    this.resume(sessionId);
    unwrap(await this.#call('cancelDictation', sessionId));
    return null;
  }

  async transcribeSpool(path: string): Promise<string> {
    const t = unwrap(await this.#call('transcribeFile', `recover-${Date.now()}`, { path }, this.#options.settings()));
    return t.text;
  }

  async close(): Promise<void> {
    for (const id of [...this.#tails.keys()]) await this.cancel(id, true).catch(() => undefined);
  }
}
