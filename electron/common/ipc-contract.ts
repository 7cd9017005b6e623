/**
 * The one IPC contract. Every renderer → main call (`verba:*` channels) and every main → renderer event
 * (`onDid*`) is listed once, in its capability's slice under contract/, and merged here. The preload,
 * main's registration and the e2e test transport are all loops over these two objects; nothing else
 * names a channel. Each argument and payload has a valibot schema: the run-time check and the
 * TypeScript type are both derived from it (contract/spec.ts).
 *
 * Calls resolve to Result values ({ ok, value } | { ok: false, error: { name, message } }) so that errors
 * cross the process boundary as data and the renderer maps them to text in one place.
 *
 *   const result = await window.verba.formatText({ text: 'HELLO PERIOD' }); // Result<string>
 */
import type * as v from 'valibot';
import type { Result } from './result.ts';
import type { ArgsOfSpec, InvokeSpec, ServicesOf } from './contract/spec.ts';
import { systemEvents, systemInvokes } from './contract/system.ts';
import { textEvents, textInvokes } from './contract/text.ts';
import { recordingsEvents, recordingsInvokes } from './contract/recordings.ts';
import { transcriptionEvents, transcriptionInvokes } from './contract/transcription.ts';
import { dictationEvents, dictationInvokes } from './contract/dictation.ts';
import { libraryEvents, libraryInvokes } from './contract/library.ts';
import { modelsEvents, modelsInvokes } from './contract/models.ts';

/** Each slice's calls, by capability: services are built per slice and merged in createServices. */
export const slices = {
  system: systemInvokes,
  text: textInvokes,
  recordings: recordingsInvokes,
  transcription: transcriptionInvokes,
  dictation: dictationInvokes,
  library: libraryInvokes,
  models: modelsInvokes,
} as const;

export const invokes = {
  ...systemInvokes,
  ...textInvokes,
  ...recordingsInvokes,
  ...transcriptionInvokes,
  ...dictationInvokes,
  ...libraryInvokes,
  ...modelsInvokes,
} as const;

export const events = {
  ...systemEvents,
  ...textEvents,
  ...recordingsEvents,
  ...transcriptionEvents,
  ...dictationEvents,
  ...libraryEvents,
  ...modelsEvents,
} as const;

type Invokes = typeof invokes;
type Events = typeof events;
export type InvokeName = keyof Invokes;
export type EventName = keyof Events;
export type ArgsOf<K extends InvokeName> = Invokes[K] extends InvokeSpec<infer S, unknown> ? ArgsOfSpec<S> : never;
export type ResultOf<K extends InvokeName> = Invokes[K] extends InvokeSpec<infer _S, infer R> ? R : never;
export type PayloadOf<K extends EventName> = v.InferOutput<Events[K]['payload']>;

/**
 * The one key of window.verba that is not a contract call: Electron's webUtils.getPathForFile, so a
 * file dropped on the window can be transcribed by its path (the page itself never sees paths).
 */
export const PATH_FOR_FILE = 'getPathForFile';

/** What the renderer sees as window.verba. */
export type VerbaApi = { [K in InvokeName]: (...args: ArgsOf<K>) => Promise<Result<ResultOf<K>>> } & {
  [K in EventName]: (listener: (payload: PayloadOf<K>) => void) => () => void;
};

/** What the Node side implements; plain async functions that throw VerbaError for bad input. */
export type VerbaServices = ServicesOf<Invokes>;

/** How services announce events; main sends them to windows, the test transport streams them. */
export type EmitEvent = <K extends EventName>(name: K, payload: PayloadOf<K>) => void;
