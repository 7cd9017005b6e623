/**
 * One window.verba call as reactive state: busy while it runs, then its value or the user-facing
 * error sentence (mapped in errors.ts). Every call the renderer makes goes through one of these, so
 * no component handles Result values by hand.
 *
 *   const info = new AsyncCall(() => verba().getSystemInfo());
 *   <button onclick={() => info.run()} disabled={info.busy}>
 */
import type { ErrorValue, Result } from '../../../electron/common/result.ts';
import { userMessage } from './errors.ts';

export class AsyncCall<T, A extends unknown[] = []> {
  value = $state<T | null>(null);
  /** The sentence to show, or null. */
  error = $state<string | null>(null);
  /** The error's stable code (e.g. 'NotAvailableYet'), for screens that show a state instead of an alert. */
  errorName = $state<string | null>(null);
  busy = $state(false);
  readonly #call: (...args: A) => Promise<Result<T>>;

  constructor(call: (...args: A) => Promise<Result<T>>) {
    this.#call = call;
  }

  /** Runs the call; resolves to its value, or null after setting `error`. */
  async run(...args: A): Promise<T | null> {
    this.busy = true;
    this.error = null;
    this.errorName = null;
    try {
      const result = await this.#call(...args);
      if (result.ok) return (this.value = result.value);
      this.#fail(result.error);
    } catch (error) {
      this.#fail({ name: 'InternalError', message: error instanceof Error ? error.message : String(error) });
    } finally {
      this.busy = false;
    }
    return null;
  }

  #fail(error: ErrorValue) {
    this.error = userMessage(error);
    this.errorName = error.name;
  }
}
