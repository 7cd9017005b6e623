/**
 * Runs the push-to-talk machine (common/dictation/push-to-talk.ts): feeds it hotkey, command, capture
 * and result events and carries out its effects with a DictationBackend, the journal and a
 * TextInserter. Shared by `verba dictate` and Electron main (which adds the tray and the indicator).
 *
 *   const c = new DictationController({ backend, inserter, journal, hotkeys, insert: 'paste' });
 *   c.on('state', (s) => tray(s.phase));  c.on('partial', draw);  c.on('final', ({ text }) => log(text));
 *   c.command('toggle');                   // from `verba ctl` or a menu
 */
import { EventEmitter } from 'node:events';
import { DICTATION_DEFAULTS } from '../../common/defaults.ts';
import { type InsertionMethod, type PreviousInsertion, planInsertion } from '../../common/dictation/insertion-plan.ts';
import {
  type PushToTalkCommand,
  type PushToTalkConfig,
  type PushToTalkEffect,
  type PushToTalkEvent,
  type PushToTalkState,
  initialPushToTalk,
  pushToTalk,
} from '../../common/dictation/push-to-talk.ts';
import { toErrorValue } from '../../common/result.ts';
import { discardSpool } from '../audio/spool.ts';
import type { Hotkeys } from './hotkeys.ts';
import type { DictationJournal } from './journal.ts';
import type { DictationBackend } from './local-dictation.ts';
import type { InsertTarget, TextInserter } from './text-insertion.ts';

export interface ControllerOptions {
  backend: DictationBackend;
  /** null: the final text is only reported (`verba dictate --print`). */
  inserter: TextInserter | null;
  journal: DictationJournal | null;
  hotkeys?: Hotkeys | null;
  insert?: InsertionMethod;
  config?: Partial<PushToTalkConfig>;
  /** Keep each dictation's recording after its text is saved (default: discarded). */
  keepAudio?: boolean;
}

type ControllerEvents = {
  state: [PushToTalkState];
  partial: [{ sessionId: number; stable: string; unstable: string }];
  level: [{ sessionId: number; rms: number; peak: number }];
  final: [{ sessionId: number; text: string; inserted: boolean }];
  notify: [{ level: 'info' | 'warning' | 'error'; message: string }];
};

export class DictationController extends EventEmitter<ControllerEvents> {
  #state: PushToTalkState;
  readonly #o: ControllerOptions;
  readonly #prefix = `d${process.pid}-${Date.now().toString(36)}`;
  #targets = new Map<number, InsertTarget | null>();
  #spools = new Map<number, string>();
  #maxHold: NodeJS.Timeout | null = null;
  #previous: PreviousInsertion | null = null;
  #work: Promise<void> = Promise.resolve();

  constructor(options: ControllerOptions) {
    super();
    this.#o = options;
    this.#state = initialPushToTalk(options.config);
    const id = (s: string) => Number(s.slice(this.#prefix.length + 1));
    options.backend.on('partial', (p) => this.emit('partial', { ...p, sessionId: id(p.sessionId) }));
    options.backend.on('level', (l) => this.emit('level', { ...l, sessionId: id(l.sessionId) }));
    options.backend.on('lost', (l) =>
      this.dispatch({ type: 'captureFailed', sessionId: id(l.sessionId), message: l.message }),
    );
    const hk = options.hotkeys;
    if (hk) {
      hk.on('press', (at) => this.dispatch({ type: 'keyDown', at }));
      hk.on('release', (at) => this.dispatch({ type: 'keyUp', at }));
      hk.on('escape', (at) => this.dispatch({ type: 'escape', at }));
    }
  }

  get state(): PushToTalkState {
    return this.#state;
  }

  /** The backend's id for a machine session (journal and spool names). */
  sessionName(sessionId: number): string {
    return `${this.#prefix}-${sessionId}`;
  }

  command(command: PushToTalkCommand): void {
    this.dispatch({ type: 'command', command, at: performance.now() });
  }

  dispatch(event: PushToTalkEvent): void {
    const before = this.#state;
    const { state, effects } = pushToTalk(before, event);
    this.#state = state;
    if (state !== before) this.emit('state', state);
    for (const effect of effects) this.#run(effect);
  }

  /** Resolves once every effect started so far has finished (tests, clean exit). */
  async idle(): Promise<void> {
    for (let seen: Promise<void> | null = null; seen !== this.#work;) {
      seen = this.#work;
      await seen;
    }
  }

  #later(task: () => Promise<void>): void {
    const run = task().catch((error: unknown) =>
      this.emit('notify', { level: 'error', message: toErrorValue(error).message }),
    );
    this.#work = Promise.all([this.#work, run]).then(() => undefined);
  }

  #run(effect: PushToTalkEffect): void {
    const { backend } = this.#o;
    const id = effect.sessionId;
    const name = this.sessionName(id);
    switch (effect.type) {
      case 'startCapture':
        return this.#later(async () => {
          // The window that has the focus now is where the text goes, whatever has it later.
          this.#targets.set(id, (await this.#o.inserter?.focusedTarget()) ?? null);
          try {
            const { spool } = await backend.start(name);
            this.#spools.set(id, spool);
            await this.#o.journal?.append({ id: name, kind: 'started', text: '', spool });
            this.dispatch({ type: 'captureStarted', sessionId: id, at: performance.now() });
          } catch (error) {
            this.dispatch({ type: 'captureFailed', sessionId: id, message: toErrorValue(error).message });
          }
        });
      case 'stopCapture':
        return this.#later(async () => {
          try {
            const final = await backend.finish(name, effect.tailPaddingMs);
            this.#spools.set(id, final.spool);
            if (final.text.trim() === '') {
              // Nothing was said: nothing to keep (the journal closes the entry, so it is not "recovered").
              await this.#o.journal?.append({ id: name, kind: 'dropped', text: '' });
              if (!this.#o.keepAudio) await discardSpool(final.spool).catch(() => undefined);
            }
            this.dispatch({ type: 'finalReady', sessionId: id, text: final.text });
          } catch (error) {
            const value = toErrorValue(error);
            if (value.name === 'Resumed') return; // auto-repeat: the session goes on
            this.dispatch({ type: 'finalFailed', sessionId: id, message: value.message });
          }
        });
      case 'resumeCapture':
        return backend.resume(name);
      case 'cancelCapture':
        return this.#later(async () => {
          await backend.cancel(name, effect.keepAudio);
          await this.#o.journal?.append({ id: name, kind: effect.keepAudio ? 'cancelled' : 'dropped', text: '' });
        });
      case 'scheduleMaxHold':
        if (this.#maxHold) clearTimeout(this.#maxHold);
        this.#maxHold = setTimeout(() => this.dispatch({ type: 'maxHoldReached', sessionId: id }), effect.delayMs);
        return;
      case 'clearMaxHold':
        if (this.#maxHold) clearTimeout(this.#maxHold);
        this.#maxHold = null;
        return;
      case 'insert':
        return this.#later(() => this.#insert(id, effect.text));
      case 'notify':
        this.emit('notify', { level: effect.level, message: effect.message });
        return;
    }
  }

  async #insert(id: number, text: string): Promise<void> {
    const name = this.sessionName(id);
    const spool = this.#spools.get(id);
    let saved = true;
    try {
      // Never lose a word: the text is on disk before anything may go wrong in another app.
      await this.#o.journal?.append({ id: name, kind: 'final', text, ...(spool ? { spool } : {}) });
    } catch (error) {
      saved = false;
      this.emit('notify', { level: 'warning', message: toErrorValue(error).message });
    }
    const inserter = this.#o.inserter;
    const target = this.#targets.get(id) ?? null;
    this.#targets.delete(id);
    if (inserter === null) {
      this.emit('final', { sessionId: id, text, inserted: false });
      this.dispatch({ type: 'inserted', sessionId: id });
    } else {
      // Modifiers still held would turn the paste keys into another shortcut in the target app.
      await this.#o.hotkeys?.modifiersReleased(DICTATION_DEFAULTS.modifierReleaseTimeoutMs);
      const now = performance.now();
      const plan = planInsertion(text, this.#previous, { targetId: target?.id ?? '', at: now });
      const outcome = await inserter.insert(plan.text, target, this.#o.insert ?? 'paste');
      this.emit('final', { sessionId: id, text, inserted: outcome.ok });
      if (outcome.ok) {
        this.#previous = { text: plan.text, targetId: target?.id ?? '', at: now };
        this.dispatch({ type: 'inserted', sessionId: id });
      } else {
        this.dispatch({ type: 'insertFailed', sessionId: id, message: outcome.message });
      }
    }
    if (spool && saved && !this.#o.keepAudio) await discardSpool(spool).catch(() => undefined);
    this.#spools.delete(id);
  }

  /** Ctrl-C / quit: a running dictation is cancelled with its audio kept (closed spool), timers cleared. */
  async shutdown(): Promise<void> {
    if (this.#state.phase === 'starting' || this.#state.phase === 'listening' || this.#state.phase === 'finishing')
      this.dispatch({ type: 'escape', at: performance.now() });
    if (this.#maxHold) clearTimeout(this.#maxHold);
    await this.idle();
  }
}
