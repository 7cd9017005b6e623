/**
 * Dictation slice: push-to-talk as the page sees it. The session runs in the inference host and main
 * drives it (hotkeys, state machine, insertion); the page mirrors it from these events and shows the
 * live text. Partial text matches the host's { sessionId, stable, unstable }: `stable` only grows,
 * `unstable` is the tail the next audio may still change.
 *
 *   verba().onDidPartialText(({ sessionId, stable, unstable }) => show(stable, unstable));
 *   const status = await verba().getDictationStatus(); // hotkey, microphone and model in use
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
});
export type FinalTextEvent = v.InferOutput<typeof finalTextEvent>;

export interface DictationStatus {
  /** False until a dictation service is wired in (then `reason` says why not: no microphone, …). */
  available: boolean;
  reason: string | null;
  /** The push-to-talk chord as the user sees it ('Ctrl+Alt+Space'). */
  hotkey: string | null;
  mode: 'hold' | 'toggle';
  microphone: string | null;
  model: string | null;
}

export const dictationInvokes = {
  getDictationStatus: invoke('verba:dictation:status', [], returns<DictationStatus>()),
  /** Toggle-mode controls for the window and the tray (the hotkey goes through main directly). */
  startDictation: invoke('verba:dictation:start', [], returns<{ sessionId: string }>()),
  stopDictation: invoke('verba:dictation:stop', [], returns<true>()),
  cancelDictation: invoke('verba:dictation:cancel', [], returns<true>()),
} as const;

export const dictationEvents = {
  onDidChangeDictationState: event('verba:event:dictation:state', dictationStateEvent),
  onDidPartialText: event('verba:event:dictation:partial', partialTextEvent),
  onDidChangeLevel: event('verba:event:dictation:level', levelEvent),
  onDidFinishDictation: event('verba:event:dictation:final', finalTextEvent),
} as const;

export type DictationServices = ServicesOf<typeof dictationInvokes>;
