/**
 * Dictation slice: push-to-talk as the page sees it. The session runs in the inference host and main
 * drives it (hotkeys, state machine, insertion); the page mirrors it from these events and shows the
 * live text. Partial text matches the host's { sessionId, stable, unstable }: `stable` only grows,
 * `unstable` is the tail the next audio may still change.
 *
 *   verba().onDidPartialText(({ sessionId, stable, unstable }) => show(stable, unstable));
 *   const status = await verba().getDictationStatus(); // hotkey, microphone and model in use
 *   await verba().saveDictationSettings({ ...(await verba().getDictationSettings()).value, mode: 'toggle' });
 */
import * as v from 'valibot';
import { event, invoke, returns, type ServicesOf } from './spec.ts';

/** The id-scoped push-to-talk states (idle → starting → listening → finishing → inserting → idle). */
export const DICTATION_STATES = [
  'idle',
  'starting',
  'listening',
  'finishing',
  'inserting',
  'cancelled',
  'failed',
] as const;
export type DictationStateName = (typeof DICTATION_STATES)[number];

const sessionId = v.pipe(v.string(), v.minLength(1), v.maxLength(200));
const liveText = v.pipe(v.string(), v.maxLength(1_000_000));

export const dictationStateEvent = v.object({
  sessionId,
  state: v.picklist(DICTATION_STATES),
  /** For 'failed' and 'cancelled' (and a max-hold stop): one sentence on what happened. */
  message: v.optional(v.string()),
});
export type DictationStateEvent = v.InferOutput<typeof dictationStateEvent>;

export const partialTextEvent = v.object({ sessionId, stable: liveText, unstable: liveText });
export type PartialTextEvent = v.InferOutput<typeof partialTextEvent>;

export const levelEvent = v.object({
  sessionId,
  /** 0 (silence) .. 1 (full scale): loudness of the latest audio, for the level meter. */
  level: v.pipe(v.number(), v.minValue(0), v.maxValue(1)),
});
export type LevelEvent = v.InferOutput<typeof levelEvent>;

export const finalTextEvent = v.object({
  sessionId,
  text: liveText,
  /** Seconds of speech. */
  duration: v.pipe(v.number(), v.minValue(0)),
  /** Where the text went: inserted into the focused app, or kept in Verba (and copied) with the reason. */
  inserted: v.boolean(),
  message: v.optional(v.string()),
  /** The dictation's id in the transcript library (absent when it could not be stored; `message` says why). */
  transcriptId: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
});
export type FinalTextEvent = v.InferOutput<typeof finalTextEvent>;

export interface DictationStatus {
  /** False where no dictation service is wired in (then `reason` says why not). */
  available: boolean;
  reason: string | null;
  /** The push-to-talk chord as the user sees it ('Ctrl+Alt+Space'). */
  hotkey: string | null;
  /** Why the global hotkey is not listening (Wayland, no display, a key the hook does not know), or null. */
  hotkeyProblem: string | null;
  mode: 'hold' | 'toggle';
  /** The chosen microphone's name; null: the system default. */
  microphone: string | null;
  /** The model of the last dictation; null: the default model, not used yet. */
  model: string | null;
}

export const INSERTION_METHODS = ['paste', 'type', 'copy'] as const;

/** A uiohook key name ('F9', 'CtrlRight'), optionally after modifiers: 'Ctrl+Alt+Space'. */
const hotkey = v.pipe(
  v.string(),
  v.regex(
    /^(?:(?:Ctrl|Alt|Shift|Meta)\+){0,4}[A-Za-z0-9]{1,20}$/,
    'must be a key, optionally after Ctrl+, Alt+, Shift+ or Meta+',
  ),
);

/** How push-to-talk behaves; stored in the app's dictation-settings.json, read by main at start. */
export const dictationSettings = v.strictObject({
  hotkey,
  mode: v.picklist(['hold', 'toggle']),
  /** The remembered microphone (PortAudio id and name); null: the system default. The name decides at
   *  start (ids change when devices come and go); a missing microphone is an error, never a fallback. */
  microphone: v.nullable(
    v.strictObject({
      id: v.pipe(v.number(), v.integer(), v.minValue(0)),
      name: v.pipe(v.string(), v.minLength(1), v.maxLength(500)),
    }),
  ),
  /** How the text goes into the focused app: paste (clipboard restored), type (keystrokes), copy (clipboard only). */
  insert: v.picklist(INSERTION_METHODS),
  openAtLogin: v.boolean(),
  /** A short system beep when listening starts and stops. */
  sounds: v.boolean(),
});
export type DictationSettings = v.InferOutput<typeof dictationSettings>;

export const dictationInvokes = {
  getDictationStatus: invoke('verba:dictation:status', [], returns<DictationStatus>()),
  /** Toggle-mode controls for the window and the tray (the hotkey goes through main directly). */
  startDictation: invoke('verba:dictation:start', [], returns<{ sessionId: string }>()),
  stopDictation: invoke('verba:dictation:stop', [], returns<true>()),
  cancelDictation: invoke('verba:dictation:cancel', [], returns<true>()),
  getDictationSettings: invoke('verba:settings:dictation:get', [], returns<DictationSettings>()),
  /** Validates, stores atomically and applies (hotkey and mode once no dictation is running). */
  saveDictationSettings: invoke('verba:settings:dictation:save', [dictationSettings], returns<DictationSettings>()),
} as const;

export const dictationEvents = {
  onDidChangeDictationState: event('verba:event:dictation:state', dictationStateEvent),
  onDidPartialText: event('verba:event:dictation:partial', partialTextEvent),
  onDidChangeLevel: event('verba:event:dictation:level', levelEvent),
  onDidFinishDictation: event('verba:event:dictation:final', finalTextEvent),
} as const;

export type DictationServices = ServicesOf<typeof dictationInvokes>;
