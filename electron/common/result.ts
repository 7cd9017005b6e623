/**
 * Errors cross process boundaries as plain `{ name, message }` values (structured-clone and JSON safe).
 * `message` is one sentence a person can read; `name` is a stable code the renderer maps to UI text.
 */
export interface ErrorValue {
  name: string;
  message: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorValue };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const err = (name: string, message: string): Result<never> => ({ ok: false, error: { name, message } });

/** An error whose message is meant for the user as it is. Throw it from engine code for bad input. */
export class VerbaError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'VerbaError';
    this.code = code;
  }
}

/** Turns anything thrown into an ErrorValue; unknown errors keep their message but get a generic name. */
export function toErrorValue(error: unknown): ErrorValue {
  if (error instanceof VerbaError) return { name: error.code, message: error.message };
  if (error instanceof Error) return { name: 'InternalError', message: error.message || String(error) };
  return { name: 'InternalError', message: String(error) };
}
