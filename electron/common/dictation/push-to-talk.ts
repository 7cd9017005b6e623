/**
 * Push-to-talk as a pure, id-scoped state machine: (state, event) → { state, effects }. The driver (CLI
 * or Electron main) feeds it hotkey, command, capture and result events, and runs the effects it returns
 * (start/stop capture, insert, notify, timers). Every session has its own id, so a late capture start,
 * timer or final text from an earlier session can never act on the current one.
 *
 *   let s = initialPushToTalk({ mode: 'hold' });
 *   ({ state: s, effects } = pushToTalk(s, { type: 'keyDown', at: now() }));  // → startCapture #1
 *   ({ state: s, effects } = pushToTalk(s, { type: 'captureStarted', sessionId: 1, at: now() }));
 *   ({ state: s, effects } = pushToTalk(s, { type: 'keyUp', at: now() }));    // → stopCapture #1
 *
 * Phases: idle → starting → listening → finishing → inserting → idle, and cancelled / failed, which
 * behave like idle for the next press (they only keep the last outcome for the tray and the window).
 */
import { DICTATION_DEFAULTS } from '../defaults.ts';

export type DictationMode = 'hold' | 'toggle';
export type DictationPhase = 'idle' | 'starting' | 'listening' | 'finishing' | 'inserting' | 'cancelled' | 'failed';

export interface PushToTalkConfig {
  mode: DictationMode;
  minTapMs: number;
  maxHoldMs: number;
  tailPaddingMs: number;
  autoRepeatGapMs: number;
}

export interface PushToTalkState {
  readonly config: PushToTalkConfig;
  readonly phase: DictationPhase;
  /** The current (or last) session; 0 before the first. */
  readonly sessionId: number;
  /** The hotkey is down (an auto-repeat press while it is down changes nothing). */
  readonly keyDown: boolean;
  /** When the press that started the session happened (hold time for taps and the cap). */
  readonly pressedAt: number | null;
  /** When the hotkey was last released (X11 auto-repeat comes as release + press pairs). */
  readonly releasedAt: number | null;
  /** Released (or stopped) while capture was still starting: stop as soon as it has started. */
  readonly stopWhenStarted: boolean;
  /** When a press came while the previous dictation was finishing: it starts a session once that is done. */
  readonly queuedPress: number | null;
  /** One sentence about the last outcome (cancelled, failed, capped), for the tray and the window. */
  readonly message: string | null;
}

export type PushToTalkCommand = 'start' | 'stop' | 'toggle' | 'cancel';

export type PushToTalkEvent =
  | { type: 'keyDown'; at: number }
  | { type: 'keyUp'; at: number }
  | { type: 'escape'; at: number }
  /** From `verba ctl`, the tray or a menu: explicit, so no tap filtering. */
  | { type: 'command'; command: PushToTalkCommand; at: number }
  | { type: 'captureStarted'; sessionId: number; at: number }
  | { type: 'captureFailed'; sessionId: number; message: string }
  | { type: 'maxHoldReached'; sessionId: number }
  | { type: 'finalReady'; sessionId: number; text: string }
  | { type: 'finalFailed'; sessionId: number; message: string }
  | { type: 'inserted'; sessionId: number }
  | { type: 'insertFailed'; sessionId: number; message: string }
  | { type: 'configure'; config: Partial<PushToTalkConfig> };

export type PushToTalkEffect =
  /** Open the microphone (with pre-roll) and a spool for this session; answer captureStarted/Failed. */
  | { type: 'startCapture'; sessionId: number }
  /** Keep capturing tailPaddingMs more, then stop and produce the final text (finalReady/Failed). */
  | { type: 'stopCapture'; sessionId: number; tailPaddingMs: number }
  /** A repeat press arrived during the tail: keep capturing as if the key had never been released. */
  | { type: 'resumeCapture'; sessionId: number }
  /** Stop without a final text. keepAudio: the spool stays (Esc); false: dropped (a tap). */
  | { type: 'cancelCapture'; sessionId: number; keepAudio: boolean }
  | { type: 'scheduleMaxHold'; sessionId: number; delayMs: number }
  | { type: 'clearMaxHold'; sessionId: number }
  /** Journal first, then insert into the window that had focus at start; answer inserted/insertFailed. */
  | { type: 'insert'; sessionId: number; text: string }
  | { type: 'notify'; sessionId: number; level: 'info' | 'warning' | 'error'; message: string };

export interface PushToTalkStep {
  state: PushToTalkState;
  effects: PushToTalkEffect[];
}

export function initialPushToTalk(config: Partial<PushToTalkConfig> = {}): PushToTalkState {
  return {
    config: {
      mode: config.mode ?? 'hold',
      minTapMs: config.minTapMs ?? DICTATION_DEFAULTS.minTapMs,
      maxHoldMs: config.maxHoldMs ?? DICTATION_DEFAULTS.maxHoldMs,
      tailPaddingMs: config.tailPaddingMs ?? DICTATION_DEFAULTS.tailPaddingMs,
      autoRepeatGapMs: config.autoRepeatGapMs ?? DICTATION_DEFAULTS.autoRepeatGapMs,
    },
    phase: 'idle',
    sessionId: 0,
    keyDown: false,
    pressedAt: null,
    releasedAt: null,
    stopWhenStarted: false,
    queuedPress: null,
    message: null,
  };
}

/** Idle, cancelled and failed all accept a new press. */
export const isResting = (phase: DictationPhase): boolean =>
  phase === 'idle' || phase === 'cancelled' || phase === 'failed';

/** Capture is open (or opening) for the current session. */
export const isCapturing = (phase: DictationPhase): boolean => phase === 'starting' || phase === 'listening';

const same = (state: PushToTalkState): PushToTalkStep => ({ state, effects: [] });

function start(state: PushToTalkState, at: number, keyDown: boolean): PushToTalkStep {
  const sessionId = state.sessionId + 1;
  return {
    state: {
      ...state,
      phase: 'starting',
      sessionId,
      keyDown,
      pressedAt: at,
      releasedAt: null,
      stopWhenStarted: false,
      queuedPress: null,
      message: null,
    },
    effects: [
      { type: 'startCapture', sessionId },
      { type: 'scheduleMaxHold', sessionId, delayMs: state.config.maxHoldMs },
    ],
  };
}

/** The user asked to stop: finish (or, in starting, finish as soon as capture is up). */
function stop(state: PushToTalkState, patch: Partial<PushToTalkState> = {}): PushToTalkStep {
  const sessionId = state.sessionId;
  if (state.phase === 'starting') return same({ ...state, ...patch, stopWhenStarted: true });
  return {
    state: { ...state, ...patch, phase: 'finishing' },
    effects: [
      { type: 'clearMaxHold', sessionId },
      { type: 'stopCapture', sessionId, tailPaddingMs: state.config.tailPaddingMs },
    ],
  };
}

function cancel(state: PushToTalkState, keepAudio: boolean, message: string | null): PushToTalkStep {
  const sessionId = state.sessionId;
  const effects: PushToTalkEffect[] = [
    { type: 'clearMaxHold', sessionId },
    { type: 'cancelCapture', sessionId, keepAudio },
  ];
  if (message !== null) effects.push({ type: 'notify', sessionId, level: 'info', message });
  return {
    state: {
      ...state,
      phase: keepAudio ? 'cancelled' : 'idle',
      stopWhenStarted: false,
      queuedPress: null,
      message,
    },
    effects,
  };
}

/** The session is over (inserted, failed, empty): start the press that waited for it, if still wanted. */
function settle(state: PushToTalkState, phase: DictationPhase, message: string | null): PushToTalkStep {
  const done: PushToTalkState = { ...state, phase, queuedPress: null, message };
  if (state.queuedPress === null) return same(done);
  return start(done, state.queuedPress, state.keyDown);
}

function press(state: PushToTalkState, at: number): PushToTalkStep {
  const { mode, autoRepeatGapMs } = state.config;
  if (state.keyDown) return same(state); // auto-repeat without releases (Windows, macOS, X11 detectable repeat)
  const down = { ...state, keyDown: true };
  if (isResting(state.phase)) return start(state, at, true);
  const repeat = state.releasedAt !== null && at - state.releasedAt <= autoRepeatGapMs;
  if (state.phase === 'finishing' && repeat && mode === 'hold') {
    // X11 repeats a held key as release + press pairs: the release was not real, keep listening.
    return {
      state: { ...down, phase: 'listening', releasedAt: null },
      effects: [
        { type: 'resumeCapture', sessionId: state.sessionId },
        {
          type: 'scheduleMaxHold',
          sessionId: state.sessionId,
          delayMs: Math.max(0, state.config.maxHoldMs - (at - (state.pressedAt ?? at))),
        },
      ],
    };
  }
  if (state.phase === 'starting' && repeat && mode === 'hold') return same({ ...down, stopWhenStarted: false });
  if (mode === 'toggle' && isCapturing(state.phase)) return stop(down);
  if (state.phase === 'finishing' || state.phase === 'inserting') return same({ ...down, queuedPress: at });
  return same(down);
}

function release(state: PushToTalkState, at: number): PushToTalkStep {
  if (!state.keyDown) return same(state); // double release, or a key that went down before we started
  const up = { ...state, keyDown: false, releasedAt: at };
  if (state.queuedPress !== null) {
    // A queued hold released before it could start: dropped (in toggle mode the press itself counts).
    return same(state.config.mode === 'hold' ? { ...up, queuedPress: null } : up);
  }
  if (state.config.mode === 'toggle' || !isCapturing(state.phase)) return same(up);
  const held = at - (state.pressedAt ?? at);
  if (held < state.config.minTapMs) return cancel(up, false, null);
  return stop(up);
}

function command(state: PushToTalkState, name: PushToTalkCommand, at: number): PushToTalkStep {
  if (name === 'cancel') return escape(state);
  if (name === 'toggle') return isCapturing(state.phase) ? stop(state) : command(state, 'start', at);
  if (name === 'stop') return isCapturing(state.phase) && !state.stopWhenStarted ? stop(state) : same(state);
  if (isResting(state.phase)) return start(state, at, false);
  if (state.phase === 'finishing' || state.phase === 'inserting') return same({ ...state, queuedPress: at });
  return same(state);
}

function escape(state: PushToTalkState): PushToTalkStep {
  if (state.phase === 'starting' || state.phase === 'listening' || state.phase === 'finishing') {
    return cancel(
      { ...state, keyDown: false },
      true,
      'Dictation cancelled; its recording is kept with the unsaved recordings until you discard it.',
    );
  }
  if (state.queuedPress !== null) return same({ ...state, queuedPress: null });
  return same(state);
}

const minutes = (ms: number) => {
  const m = ms / 60_000;
  return m >= 1
    ? `${Number.isInteger(m) ? m : m.toFixed(1)} minute${m === 1 ? '' : 's'}`
    : `${Math.round(ms / 1000)} s`;
};

export function pushToTalk(state: PushToTalkState, event: PushToTalkEvent): PushToTalkStep {
  switch (event.type) {
    case 'keyDown':
      return press(state, event.at);
    case 'keyUp':
      return release(state, event.at);
    case 'escape':
      return escape(state);
    case 'command':
      return command(state, event.command, event.at);
    case 'configure':
      return same({ ...state, config: { ...state.config, ...event.config } });
    default:
      break;
  }
  // Everything below answers an effect: it counts only for the session that asked.
  if (event.sessionId !== state.sessionId) return same(state);
  switch (event.type) {
    case 'captureStarted':
      if (state.phase !== 'starting') return same(state);
      if (state.stopWhenStarted) return stop({ ...state, phase: 'listening', stopWhenStarted: false });
      return same({ ...state, phase: 'listening' });
    case 'captureFailed':
      if (!isCapturing(state.phase) && state.phase !== 'finishing') return same(state);
      return withNotify(
        settle({ ...state, queuedPress: null }, 'failed', event.message),
        state.sessionId,
        'error',
        event.message,
        [{ type: 'clearMaxHold', sessionId: state.sessionId }],
      );
    case 'maxHoldReached': {
      if (!isCapturing(state.phase)) return same(state);
      const message = `Dictation stopped after ${minutes(state.config.maxHoldMs)}, the longest one allowed; everything you said is being inserted.`;
      return withNotify(stop({ ...state, message }), state.sessionId, 'warning', message);
    }
    case 'finalReady':
      if (state.phase !== 'finishing') return same(state);
      if (event.text.trim() === '') {
        const message = 'No speech was heard.';
        return withNotify(settle(state, 'idle', message), state.sessionId, 'info', message);
      }
      return {
        state: { ...state, phase: 'inserting' },
        effects: [{ type: 'insert', sessionId: state.sessionId, text: event.text }],
      };
    case 'finalFailed':
      if (state.phase !== 'finishing') return same(state);
      return withNotify(settle(state, 'failed', event.message), state.sessionId, 'error', event.message);
    case 'inserted':
      if (state.phase !== 'inserting') return same(state);
      return settle(state, 'idle', state.message);
    case 'insertFailed':
      if (state.phase !== 'inserting') return same(state);
      return withNotify(settle(state, 'failed', event.message), state.sessionId, 'warning', event.message);
  }
}

function withNotify(
  step: PushToTalkStep,
  sessionId: number,
  level: 'info' | 'warning' | 'error',
  message: string,
  before: PushToTalkEffect[] = [],
): PushToTalkStep {
  return { state: step.state, effects: [...before, { type: 'notify', sessionId, level, message }, ...step.effects] };
}
