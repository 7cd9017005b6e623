/**
 * The bad-input corpus: small hostile or broken inputs generated in the test (nothing big is committed),
 * each with what Verba must do with it — refuse it with one sentence (a VerbaError code, or an IPC error
 * value), or handle it correctly. The runner checks the sentence, that nothing crashed, and that a
 * refused input left no output behind.
 *
 *   const cases = [...audioCases(), ...checkpointCases(), ...textCases(), ...ipcCases(services)];
 */
export interface BadInputCase {
  group: 'audio' | 'checkpoint' | 'onnx' | 'arpa' | 'words' | 'settings' | 'ipc';
  name: string;
  /** Writes its inputs under `dir/in` and any output under `dir/out`; returns what the code under test returned. */
  run(dir: string): Promise<unknown>;
  /** The refusal expected: a VerbaError code (or IPC error name) and, optionally, words of its sentence. */
  refuse?: { code: string; says?: RegExp };
  /** Or a correct result, checked here. */
  accept?: (value: unknown) => void;
}

/** One sentence a person can read: no line break, no stack, no "undefined", ends with a full stop. */
export function sentenceProblem(message: string): string | null {
  if (message.includes('\n')) return 'it spans several lines';
  if (/\bat .+:\d+:\d+/.test(message)) return 'it contains a stack frame';
  if (/\b(undefined|NaN|\[object Object\])\b/.test(message)) return 'it leaks an internal value';
  if (!/[.!?)]$/.test(message.trim())) return 'it does not end as a sentence';
  if (message.length > 400) return `it is ${message.length} characters long`;
  return null;
}
