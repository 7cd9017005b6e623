/**
 * The one IPC contract. Every renderer → main call (`verba:*` channels) and every main → renderer event
 * (`onDid*`) is listed here once. The preload, main's registration and the e2e test transport are all
 * loops over these two objects; nothing else names a channel.
 *
 * Calls resolve to Result values ({ ok, value } | { ok: false, error: { name, message } }) so that errors
 * cross the process boundary as data and the renderer maps them to text in one place.
 */
import type { Result } from './result.ts';
import type {
  FormatTextRequest,
  InputDevice,
  SystemInfo,
  ProgressEvent,
  TranscribeFileRequest,
  UnsavedRecording,
} from './ipc-types.ts';
import type { Transcript } from './transcript.ts';
import type { TextSettings } from './text-settings.ts';
import { isAbsolutePath, isFormatTextRequest, isProgressEvent, isTranscribeFileRequest } from './ipc-types.ts';

/** Checks the raw argument list of a call; returns a sentence describing what is wrong, or null. */
type ArgsCheck = (args: readonly unknown[]) => string | null;

export interface InvokeSpec<A extends unknown[], R> {
  readonly channel: `verba:${string}`;
  readonly check: ArgsCheck;
  /** Phantom fields: carry the argument and result types; never read at run time. */
  readonly _args?: A;
  readonly _result?: R;
}

export interface EventSpec<P> {
  readonly channel: `verba:event:${string}`;
  readonly check: (payload: unknown) => boolean;
  readonly _payload?: P;
}

const invoke = <A extends unknown[], R>(channel: `verba:${string}`, check: ArgsCheck): InvokeSpec<A, R> => ({
  channel,
  check,
});
const event = <P>(channel: `verba:event:${string}`, check: (payload: unknown) => boolean): EventSpec<P> => ({
  channel,
  check,
});

const isPlainObject = (value: unknown) => typeof value === 'object' && value !== null && !Array.isArray(value);
const noArgs: ArgsCheck = (args) => (args.length === 0 ? null : 'This call takes no arguments.');
const oneArg =
  (guard: (value: unknown) => boolean, what: string): ArgsCheck =>
  (args) =>
    args.length === 1 && guard(args[0]) ? null : `This call takes one ${what}.`;

export const invokes = {
  getSystemInfo: invoke<[], SystemInfo>('verba:system:info', noArgs),
  listInputDevices: invoke<[], InputDevice[]>('verba:audio:input-devices', noArgs),
  formatText: invoke<[FormatTextRequest], string>(
    'verba:text:format',
    oneArg(isFormatTextRequest, 'format request ({ text: string, …options })'),
  ),
  /** The user's text settings (Settings → Text and Words); formatText and transcription use them. */
  getTextSettings: invoke<[], TextSettings>('verba:settings:text:get', noArgs),
  /** Validated and stored atomically; returns what is now stored. */
  saveTextSettings: invoke<[TextSettings], TextSettings>(
    'verba:settings:text:save',
    oneArg(isPlainObject, 'settings object'),
  ),
  /** Merges a words file (its text) into the settings and stores them; a bad line is named by number. */
  importWords: invoke<[string], TextSettings>(
    'verba:settings:words:import',
    oneArg((v) => typeof v === 'string' && v.length <= 5_000_000, 'words file text'),
  ),
  /** The vocabulary, replacements and command phrases as a words file. */
  exportWords: invoke<[], string>('verba:settings:words:export', noArgs),
  /** Recordings a crash left on disk, offered for recovery at start-up (audio is never deleted unasked). */
  listUnsavedRecordings: invoke<[], UnsavedRecording[]>('verba:recordings:unsaved', noArgs),
  /** Deletes one of them; only paths listUnsavedRecordings returned are accepted. */
  discardUnsavedRecording: invoke<[string], true>(
    'verba:recordings:discard',
    oneArg((v) => typeof v === 'string' && isAbsolutePath(v), 'absolute path of an unsaved recording'),
  ),
  /** Runs in the inference host; progress arrives as onDidProgress events (task 'transcribe'). */
  transcribeFile: invoke<[TranscribeFileRequest], Transcript>(
    'verba:transcribe:file',
    oneArg(
      isTranscribeFileRequest,
      'transcription request ({ path: absolute file path, model?: string, digits?: boolean, raw?: boolean })',
    ),
  ),
} as const;

export const events = {
  onDidProgress: event<ProgressEvent>('verba:event:progress', isProgressEvent),
} as const;

type Invokes = typeof invokes;
type Events = typeof events;
export type InvokeName = keyof Invokes;
export type EventName = keyof Events;
export type ArgsOf<K extends InvokeName> = NonNullable<Invokes[K]['_args']>;
export type ResultOf<K extends InvokeName> = NonNullable<Invokes[K]['_result']>;
export type PayloadOf<K extends EventName> = NonNullable<Events[K]['_payload']>;

/** What the renderer sees as window.verba. */
export type VerbaApi = { [K in InvokeName]: (...args: ArgsOf<K>) => Promise<Result<ResultOf<K>>> } & {
  [K in EventName]: (listener: (payload: PayloadOf<K>) => void) => () => void;
};

/** What the Node side implements; plain async functions that throw VerbaError for bad input. */
export type VerbaServices = { [K in InvokeName]: (...args: ArgsOf<K>) => Promise<ResultOf<K>> };

/** How services announce events; main sends them to windows, the test transport streams them. */
export type EmitEvent = <K extends EventName>(name: K, payload: PayloadOf<K>) => void;
