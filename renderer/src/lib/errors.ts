/**
 * The one place where error values from the engine become words on screen. Names are stable codes;
 * messages from the engine are already one sentence and are shown as they are unless a code has a
 * better wording here.
 */
import type { ErrorValue } from '../../../electron/common/result.ts';

const wording: Record<string, string> = {
  InvalidPayload: 'Verba could not understand that request. Please try again.',
  Forbidden: 'That request was blocked for your safety.',
  InternalError: 'Something went wrong inside Verba.',
};

export function userMessage(error: ErrorValue): string {
  if (error.name === 'InternalError') return `${wording.InternalError} (${error.message})`;
  return error.message.length > 0 ? error.message : (wording[error.name] ?? 'Something went wrong.');
}
