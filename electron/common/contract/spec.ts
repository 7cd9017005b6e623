/**
 * How a contract entry is declared: a channel, a valibot schema per argument (or for an event's
 * payload), and the result type. The schema is the one source of both the run-time check and the
 * TypeScript type, so the two cannot drift.
 *
 *   const formatText = invoke('verba:text:format', [formatTextRequest], returns<string>());
 *   checkArgs(formatText, [42]); // 'argument 1 must be an object.'
 *
 * Valibot (not zod): the contract is bundled into the sandboxed preload and the renderer, and valibot's
 * standalone functions tree-shake to the ones used, where zod's method chains pull in most of the
 * library; it is maintained, dependency-free, and its issues carry paths we turn into one sentence.
 */
import * as v from 'valibot';

export type Schema = v.GenericSchema;
type ArgSchemas = readonly Schema[];

/** A phantom marker that carries a result type; never read at run time. */
export interface Returns<R> {
  readonly _returns?: R;
}
export const returns = <R>(): Returns<R> => ({});

export interface InvokeSpec<S extends ArgSchemas, R> {
  readonly channel: `verba:${string}`;
  /** One schema per argument; extra arguments are refused. */
  readonly args: S;
  readonly _result?: R;
}

export interface EventSpec<S extends Schema> {
  readonly channel: `verba:event:${string}`;
  readonly payload: S;
}

export const invoke = <const S extends ArgSchemas, R>(
  channel: `verba:${string}`,
  args: S,
  _result: Returns<R>,
): InvokeSpec<S, R> => ({ channel, args });

export const event = <S extends Schema>(channel: `verba:event:${string}`, payload: S): EventSpec<S> => ({
  channel,
  payload,
});

/** The argument tuple a spec's schemas accept. */
export type ArgsOfSpec<S extends ArgSchemas> = { -readonly [I in keyof S]: v.InferOutput<S[I]> };

export type AnyInvokeSpec = InvokeSpec<ArgSchemas, unknown>;
export type AnyEventSpec = EventSpec<Schema>;

/** What a slice's services implement: plain async functions that throw VerbaError for bad input. */
export type ServicesOf<I extends Record<string, AnyInvokeSpec>> = {
  [K in keyof I]: I[K] extends InvokeSpec<infer S, infer R> ? (...args: ArgsOfSpec<S>) => Promise<R> : never;
};

const TYPE_WORDS: Record<string, string> = {
  string: 'text',
  number: 'a number',
  boolean: 'true or false',
  Object: 'an object',
  Array: 'a list',
  never: 'absent',
};

function where(path: v.BaseIssue<unknown>['path']): string {
  if (path === undefined || path.length === 0) return 'the request';
  const [first, ...rest] = path.map((item) => item.key);
  const argument = typeof first === 'number' ? `argument ${first + 1}` : String(first);
  return rest.length === 0 ? argument : `"${rest.join('.')}" in ${argument}`;
}

/**
 * Valibot's issue as one short clause. Validations in the contract carry their own words (e.g.
 * 'must be an absolute file path'); type mismatches are worded here from the expected type.
 */
export function describeIssue(issue: v.BaseIssue<unknown>): string {
  const at = where(issue.path);
  if (issue.kind === 'schema' && issue.type !== 'custom' && issue.message.startsWith('Invalid ')) {
    if (issue.expected === 'never') return `${at} is not something this call takes`;
    if (issue.received === 'undefined') return `${at} is missing`;
    if (issue.type === 'picklist' || issue.type === 'literal')
      return `${at} must be one of ${(issue.expected ?? '')
        .replace(/^\((.*)\)$/, '$1')
        .split(' | ')
        .join(', ')}`;
    return `${at} must be ${TYPE_WORDS[issue.expected ?? ''] ?? issue.expected ?? 'something else'}`;
  }
  return `${at} ${issue.message}`;
}

/** Checks a call's untrusted argument list: null when the schemas accept it, else one clause. */
export function checkArgs(spec: AnyInvokeSpec, args: readonly unknown[]): string | null {
  const n = spec.args.length;
  if (args.length > n)
    return `this call takes ${n === 0 ? 'no arguments' : n === 1 ? 'one argument' : `${n} arguments`}, not ${args.length}`;
  const result = v.safeParse(v.strictTuple([...spec.args]), [...args], { abortEarly: true });
  return result.success ? null : describeIssue(result.issues[0]);
}

/** Whether an event payload is what its schema accepts (main and the transport refuse to send others). */
export function isPayload(spec: AnyEventSpec, payload: unknown): boolean {
  return v.is(spec.payload, payload);
}

/** Reusable argument schemas, with the words their failures are reported in. */
export const boundedText = (max: number, what = 'text') =>
  v.pipe(v.string(), v.maxLength(max, `must be ${what} of at most ${max.toLocaleString('en')} characters`));

/** POSIX, Windows drive or UNC absolute path: a page never names files relative to a process's folder. */
export const isAbsolutePath = (path: string) =>
  path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path) || path.startsWith('\\\\');

export const absolutePath = v.pipe(
  v.string(),
  v.maxLength(4096, 'must be a path of at most 4,096 characters'),
  v.check(isAbsolutePath, 'must be an absolute file path'),
);
