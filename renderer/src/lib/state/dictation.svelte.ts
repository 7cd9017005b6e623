/**
 * A mirror of push-to-talk for the Dictate screen, fed only by the contract's onDid… events: the
 * current session's state, its live text (stable + unstable tail) and level, and the last few final
 * texts. Events of an older session never overwrite a newer one. Start/Stop drive the process's one
 * controller (the hotkey's too); a final text the user corrects is saved to its library transcript.
 *
 *   const stop = dictation.connect(); // in the app shell; returns the unsubscribe
 *   dictation.current?.stable; dictation.recent[0]?.text;  await dictation.toggle();
 */
import type {
  DictationStateEvent,
  DictationStatus,
  FinalTextEvent,
  LevelEvent,
  PartialTextEvent,
} from '../../../../electron/common/ipc-types.ts';
import type { DictationSettings } from '../../../../electron/common/contract/dictation.ts';
import { editWords, transcriptWords, withWords } from '../../../../electron/common/transcript-edit.ts';
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
  /** Its transcript in the library (null when it could not be stored). */
  transcriptId: number | null;
}

/** How many finished dictations the screen shows (the library keeps them all). */
export const RECENT_DICTATIONS = 5;

class DictationState {
  readonly status = new AsyncCall(() => verba().getDictationStatus());
  readonly start = new AsyncCall(() => verba().startDictation());
  readonly stop = new AsyncCall(() => verba().stopDictation());
  readonly cancel = new AsyncCall(() => verba().cancelDictation());
  readonly settings = new AsyncCall(() => verba().getDictationSettings());
  readonly saveSettingsCall = new AsyncCall((next: DictationSettings) => verba().saveDictationSettings(next));
  /** Saving a corrected final text into its library transcript. */
  readonly saveEdit = new AsyncCall(async (id: number, text: string) => {
    const stored = await verba().getTranscript(id);
    if (!stored.ok) return stored;
    const { transcript } = stored.value;
    return verba().updateTranscript({
      id,
      transcript: withWords(transcript, editWords(transcriptWords(transcript), text)),
    });
  });
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
      transcriptId: event.transcriptId ?? null,
    };
    this.recent = [finished, ...this.recent].slice(0, RECENT_DICTATIONS);
    void this.status.run(); // the model in use is known after the first dictation
  }

  /** Start when resting, stop while a dictation runs (the window's button is toggle-style in either mode). */
  async toggle(): Promise<void> {
    if (this.active) await this.stop.run();
    else await this.start.run();
  }

  /** The user corrected the final text: shown at once, stored with the library transcript (timings kept). */
  async correct(sessionId: string, text: string): Promise<void> {
    const item = this.recent.find((r) => r.sessionId === sessionId);
    if (item === undefined || item.text === text) return;
    item.text = text;
    if (this.current?.sessionId === sessionId) this.current.stable = text;
    if (item.transcriptId !== null) await this.saveEdit.run(item.transcriptId, text);
  }

  /** The last few dictations from the library, so they survive a restart (newest first). */
  async loadRecent(): Promise<void> {
    const page = await verba().listTranscripts({ kind: 'dictation', limit: RECENT_DICTATIONS });
    if (!page.ok) return;
    const stored: FinishedDictation[] = [];
    for (const item of page.value.items) {
      const full = await verba().getTranscript(item.id);
      if (!full.ok) continue;
      stored.push({
        sessionId: `library-${item.id}`,
        text: full.value.transcript.text,
        duration: item.duration_s,
        inserted: true,
        message: null,
        at: item.createdAt,
        transcriptId: item.id,
      });
    }
    const known = new Set(this.recent.map((r) => r.transcriptId));
    this.recent = [...this.recent, ...stored.filter((s) => !known.has(s.transcriptId))].slice(0, RECENT_DICTATIONS);
  }

  async saveSettings(next: DictationSettings): Promise<void> {
    const saved = await this.saveSettingsCall.run(next);
    if (saved === null) return;
    this.settings.value = saved;
    await this.status.run();
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
    void this.loadRecent();
    return () => stops.forEach((stop) => stop());
  }
}

export const dictation = new DictationState();
