/**
 * A mirror of push-to-talk for the Dictate screen, fed only by the contract's onDid… events: the
 * current session's state, its live text (stable + unstable tail) and level, and the last few final
 * texts. Events of an older session never overwrite a newer one.
 *
 *   const stop = dictation.connect(); // in the app shell; returns the unsubscribe
 *   dictation.current?.stable; dictation.recent[0]?.text;
 */
import type {
  DictationStateEvent,
  DictationStatus,
  FinalTextEvent,
  LevelEvent,
  PartialTextEvent,
} from '../../../../electron/common/ipc-types.ts';
import { AsyncCall } from '../async-call.svelte.ts';
import { verba } from '../verba.ts';

export interface LiveDictation {
  sessionId: string;
  state: DictationStateEvent['state'];
  stable: string;
  unstable: string;
  level: number;
  message: string | null;
  /** The final text has arrived: `stable` is it, and later partials of this session are stale. */
  final: boolean;
}

export interface FinishedDictation {
  sessionId: string;
  text: string;
  duration: number;
  inserted: boolean;
  message: string | null;
  /** ms since the epoch, when the final text arrived. */
  at: number;
}

/** How many finished dictations the screen keeps (the library keeps them all once storage lands). */
export const RECENT_DICTATIONS = 5;

class DictationState {
  readonly status = new AsyncCall(() => verba().getDictationStatus());
  readonly start = new AsyncCall(() => verba().startDictation());
  readonly stop = new AsyncCall(() => verba().stopDictation());
  current = $state<LiveDictation | null>(null);
  recent = $state<FinishedDictation[]>([]);
  /** Sessions a newer one replaced: late events from them are dropped. */
  readonly #replaced = new Set<string>();

  get setup(): DictationStatus | null {
    return this.status.value;
  }

  get active(): boolean {
    const s = this.current?.state;
    return s === 'starting' || s === 'listening' || s === 'finishing' || s === 'inserting';
  }

  #session(sessionId: string): LiveDictation | null {
    if (this.#replaced.has(sessionId)) return null;
    if (this.current?.sessionId !== sessionId) {
      if (this.current !== null) this.#replaced.add(this.current.sessionId);
      this.current = { sessionId, state: 'starting', stable: '', unstable: '', level: 0, message: null, final: false };
    }
    return this.current;
  }

  onState(event: DictationStateEvent) {
    const live = this.#session(event.sessionId);
    if (live === null) return;
    live.state = event.state;
    live.message = event.message ?? null;
    if (event.state !== 'listening') live.level = 0;
  }

  onPartial(event: PartialTextEvent) {
    const live = this.#session(event.sessionId);
    if (live === null || live.final) return;
    live.stable = event.stable;
    live.unstable = event.unstable;
  }

  onLevel(event: LevelEvent) {
    const live = this.#session(event.sessionId);
    if (live !== null && !live.final) live.level = event.level;
  }

  onFinal(event: FinalTextEvent) {
    const live = this.#session(event.sessionId);
    if (live === null || live.final) return;
    live.stable = event.text;
    live.unstable = '';
    live.level = 0;
    live.final = true;
    // The final text comes after insertion: the session is over.
    live.state = 'idle';
    const finished: FinishedDictation = {
      sessionId: event.sessionId,
      text: event.text,
      duration: event.duration,
      inserted: event.inserted,
      message: event.message ?? null,
      at: Date.now(),
    };
    this.recent = [finished, ...this.recent].slice(0, RECENT_DICTATIONS);
  }

  /** Subscribes to the four events and loads the setup; returns the unsubscribe. */
  connect(): () => void {
    const api = verba();
    const stops = [
      api.onDidChangeDictationState((e) => this.onState(e)),
      api.onDidPartialText((e) => this.onPartial(e)),
      api.onDidChangeLevel((e) => this.onLevel(e)),
      api.onDidFinishDictation((e) => this.onFinal(e)),
    ];
    void this.status.run();
    return () => stops.forEach((stop) => stop());
  }
}

export const dictation = new DictationState();
