/**
 * The inference host's contract, in the style of the IPC contract: every method main (or the CLI, or a
 * test) may call in the host, with its argument check and its argument and result types, and every
 * event the host posts back. The host's dispatcher and the client are loops over these two objects.
 *
 *   const host = createHostClient(port, (e) => e.event === 'partial' && show(e.payload.stable));
 *   const t = await host.call('transcribeFile', 'job-1', { path: '/talk.wav' }, settings);
 *   await host.call('cancel', 'job-1');
 *
 * Every event names the job (`jobId`) or dictation session (`sessionId`) it belongs to, so two jobs
 * never mix. Calls run concurrently; calls of one `lane` (a job or a session) run in arrival order.
 */
import { type EngineChoice, type EngineReport, isEngineChoice } from './engine-choice.ts';
import type { ErrorValue, Result } from './result.ts';
import type { TextSettings } from './text-settings.ts';
import type { Transcript } from './transcript.ts';
import { type TranscribeFileRequest, isTranscribeFileRequest } from './ipc-types.ts';

/** Checks a call's raw arguments: a sentence saying what is wrong, or null. */
type ArgsCheck = (args: readonly unknown[]) => string | null;

export interface HostMethodSpec<A extends unknown[], R> {
  readonly check: ArgsCheck;
  /** Calls with the same lane run one after the other (a dictation session's start, stop, cancel); null: free. */
  readonly lane: (args: A) => string | null;
  readonly _args?: A;
  readonly _result?: R;
}

export interface HostEventSpec<P> {
  readonly check: (payload: unknown) => boolean;
  readonly _payload?: P;
}

const method = <A extends unknown[], R>(check: ArgsCheck, lane: (args: A) => string | null = () => null) =>
  ({ check, lane }) as HostMethodSpec<A, R>;
const hostEvent = <P>(check: (payload: unknown) => boolean): HostEventSpec<P> => ({ check });

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
/** Job and session ids: short printable tokens chosen by the caller (a UUID, 'dictation-3'). */
export const isTaskId = (v: unknown): v is string => typeof v === 'string' && /^[\w.:-]{1,100}$/.test(v);
const optional = (guard: (v: unknown) => boolean) => (v: unknown) => v === undefined || guard(v);
const isBoolean = (v: unknown) => typeof v === 'boolean';
const isShortString = (v: unknown) => typeof v === 'string' && v.length > 0 && v.length <= 4096;
const isSettings = (v: unknown) => v === null || isRecord(v);
const args =
  (what: string, ...guards: ((v: unknown) => boolean)[]): ArgsCheck =>
  (a) =>
    a.length === guards.length && guards.every((g, i) => g(a[i])) ? null : `It takes ${what}.`;

export interface HostPing {
  pid: number;
  onnxRuntime: string;
  backends: string[];
  /** The shipped Silero VAD model is found. */
  vadModel: boolean;
}

export interface StartDictationRequest {
  sessionId: string;
  /** PortAudio device id; -1 or absent: the system default microphone. */
  deviceId?: number;
  /** A converted model dir, a checkpoint dir or a hub id; the default model when absent. */
  model?: string;
  /** Keep the recording after the final text (its path comes back from stopDictation); default: discarded. */
  keepAudio?: boolean;
  /** Processor and precision (Settings → Models); the CPU in fp32 when absent. */
  engine?: EngineChoice;
}

export interface DictationStarted {
  sessionId: string;
  /** The microphone's name as the system calls it. */
  microphone: string;
  /**
   * The spool the audio goes to: if the host dies mid-dictation, the caller finishes the dictation from
   * it with transcribeFile (absent from a host that does not say).
   */
  spool?: string;
  /**
   * Audio the host's microphone still records after stopDictation is called, in ms (absent: none): a
   * caller that wants the recording to end at a moment sends the stop this much before it.
   */
  audioAfterStopMs?: number;
}

export interface DictationResult {
  sessionId: string;
  /** The final written text (the text layer with that call's settings). */
  text: string;
  transcript: Transcript;
  /** The closed spool WAV when the session was started with keepAudio; else null (already deleted). */
  audioPath: string | null;
}

/** Beam search instead of greedy for one file (a re-transcription); `lm`: an ARPA file the host reads. */
export interface HostBeamOption {
  width: number;
  lm?: string;
}

/**
 * The page's file request, plus the decoder a re-transcription asks for (greedy when absent) and the
 * processor and precision main adds from Settings → Models (the CPU in fp32 when absent).
 */
export type HostTranscribeFileRequest = TranscribeFileRequest & { beam?: HostBeamOption; engine?: EngineChoice };

/** Which model to measure, on which processor and precision (measureEngine). */
export interface MeasureEngineRequest {
  model?: string;
  engine?: EngineChoice;
}

export function isMeasureEngineRequest(v: unknown): v is MeasureEngineRequest {
  return (
    isRecord(v) &&
    optional(isShortString)(v.model) &&
    optional(isEngineChoice)(v.engine) &&
    Object.keys(v).every((k) => k === 'model' || k === 'engine')
  );
}

const isBeamOption = (v: unknown) =>
  isRecord(v) &&
  Number.isInteger(v.width) &&
  (v.width as number) >= 1 &&
  (v.width as number) <= 1024 &&
  optional(isShortString)(v.lm) &&
  Object.keys(v).every((k) => k === 'width' || k === 'lm');

export function isHostTranscribeFileRequest(v: unknown): v is HostTranscribeFileRequest {
  if (!isRecord(v)) return false;
  const { beam, engine, ...file } = v;
  return optional(isBeamOption)(beam) && optional(isEngineChoice)(engine) && isTranscribeFileRequest(file);
}

export function isStartDictationRequest(v: unknown): v is StartDictationRequest {
  return (
    isRecord(v) &&
    isTaskId(v.sessionId) &&
    optional((d) => Number.isInteger(d) && (d as number) >= -1)(v.deviceId) &&
    optional(isShortString)(v.model) &&
    optional(isBoolean)(v.keepAudio) &&
    optional(isEngineChoice)(v.engine)
  );
}

export const hostMethods = {
  /** Liveness and what this host can do: its runtime, providers, and whether its shipped models are found. */
  ping: method<[], HostPing>(args('no arguments')),
  /** One file, as job `jobId` (progress events carry it); settings null: the default text settings. */
  transcribeFile: method<
    [jobId: string, request: HostTranscribeFileRequest, settings: TextSettings | null],
    Transcript
  >(
    args(
      'a job id, a transcription request and text settings (or null)',
      isTaskId,
      isHostTranscribeFileRequest,
      isSettings,
    ),
    ([jobId]) => jobId,
  ),
  /** Stops job `jobId` (its call then fails with Cancelled); false when no such job is running. */
  cancel: method<[jobId: string], boolean>(args('a job id', isTaskId)),
  /** Opens the microphone and starts live recognition; partial, level and dictationState events follow. */
  startDictation: method<[request: StartDictationRequest, settings: TextSettings | null], DictationStarted>(
    args(
      'a dictation request ({ sessionId, deviceId?, model?, keepAudio?, engine? }) and text settings',
      isStartDictationRequest,
      isSettings,
    ),
    ([request]) => request.sessionId,
  ),
  /** Stops listening and resolves with the final text of the whole utterance. */
  stopDictation: method<[sessionId: string], DictationResult>(args('a session id', isTaskId), ([id]) => id),
  /**
   * Holds (true) or resumes (false) the live steps while audio still arrives: main holds them during the
   * tail padding after the key is released, so no step holds the model when the final pass starts.
   * False when no such session is open.
   */
  holdDictation: method<[sessionId: string, hold: boolean], boolean>(
    args('a session id and true or false', isTaskId, isBoolean),
    ([id]) => id,
  ),
  /** Stops listening and drops the utterance (and its audio); false when no such session is open. */
  cancelDictation: method<[sessionId: string], boolean>(args('a session id', isTaskId), ([id]) => id),
  /**
   * Opens the model as file jobs would (kept loaded for them) and times it on 10 s of audio: the provider
   * and variant that really run, why they differ from the choice, and the speed.
   */
  measureEngine: method<[request: MeasureEngineRequest], EngineReport>(
    args('a request ({ model?, engine? })', isMeasureEngineRequest),
  ),
  /** Unloads every model (the host stays up). */
  release: method<[], void>(args('no arguments')),
} as const;

export interface HostProgress {
  jobId: string;
  /** 0..1, or -1 while the total is not known yet. */
  fraction: number;
  /** Seconds of audio done. */
  seconds: number;
  message: string;
}

export interface PartialText {
  sessionId: string;
  /** Text that will not change for the rest of the utterance. */
  stable: string;
  /** The tail after `stable` that may still change. */
  unstable: string;
}

export interface AudioLevel {
  sessionId: string;
  /** Linear, 0..1 of full scale, over the last AUDIO_DEFAULTS.levelWindowMs. */
  rms: number;
  peak: number;
}

/** A dictation session's life in the host (main's push-to-talk machine has its own states around it). */
export type DictationSessionState = 'listening' | 'finishing' | 'done' | 'cancelled' | 'failed';
export const DICTATION_SESSION_STATES: readonly DictationSessionState[] = [
  'listening',
  'finishing',
  'done',
  'cancelled',
  'failed',
];

export interface DictationStateEvent {
  sessionId: string;
  state: DictationSessionState;
  /** Why, when 'failed' (the microphone was lost, the disk is full, …). */
  error?: ErrorValue;
}

const isNumber = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
const isText = (v: unknown) => typeof v === 'string';

export const hostEvents = {
  progress: hostEvent<HostProgress>(
    (p) => isRecord(p) && isTaskId(p.jobId) && isNumber(p.fraction) && isNumber(p.seconds) && isText(p.message),
  ),
  partial: hostEvent<PartialText>(
    (p) => isRecord(p) && isTaskId(p.sessionId) && isText(p.stable) && isText(p.unstable),
  ),
  level: hostEvent<AudioLevel>((p) => isRecord(p) && isTaskId(p.sessionId) && isNumber(p.rms) && isNumber(p.peak)),
  dictationState: hostEvent<DictationStateEvent>(
    (p) =>
      isRecord(p) &&
      isTaskId(p.sessionId) &&
      (DICTATION_SESSION_STATES as readonly unknown[]).includes(p.state) &&
      (p.error === undefined || (isRecord(p.error) && isText(p.error.name) && isText(p.error.message))),
  ),
} as const;

type Methods = typeof hostMethods;
type Events = typeof hostEvents;
export type HostMethodName = keyof Methods;
export type HostEventName = keyof Events;
export type HostArgsOf<K extends HostMethodName> = Methods[K] extends HostMethodSpec<infer A, unknown> ? A : never;
export type HostResultOf<K extends HostMethodName> = Methods[K] extends HostMethodSpec<infer _A, infer R> ? R : never;
export type HostPayloadOf<K extends HostEventName> = Events[K] extends HostEventSpec<infer P> ? P : never;

/** What the host implements (createHostMethods); async functions that throw VerbaError for bad input. */
export type HostServices = { [K in HostMethodName]: (...args: HostArgsOf<K>) => Promise<HostResultOf<K>> };
/** How host code announces an event. */
export type HostEmit = <K extends HostEventName>(name: K, payload: HostPayloadOf<K>) => void;

/** Parent → host. */
export interface HostRequest {
  id: number;
  method: string;
  args: unknown[];
}
/** Host → parent: the answer to request `id`. */
export interface HostResponse {
  id: number;
  result: Result<unknown>;
}
/** Host → parent: an event, as a discriminated union over the contract. */
export type HostEventMessage = { [K in HostEventName]: { event: K; payload: HostPayloadOf<K> } }[HostEventName];

export const isHostMethodName = (name: unknown): name is HostMethodName =>
  typeof name === 'string' && Object.hasOwn(hostMethods, name);

export function isHostRequest(m: unknown): m is HostRequest {
  return isRecord(m) && Number.isSafeInteger(m.id) && typeof m.method === 'string' && Array.isArray(m.args);
}

/** A well-formed event of the contract (the parent checks what a host posts before anyone sees it). */
export function isHostEventMessage(m: unknown): m is HostEventMessage {
  return (
    isRecord(m) &&
    typeof m.event === 'string' &&
    Object.hasOwn(hostEvents, m.event) &&
    hostEvents[m.event as HostEventName].check(m.payload)
  );
}
