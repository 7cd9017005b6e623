/**
 * One window.verba call as reactive state: busy while it runs, then its value or the user-facing
 * error sentence (mapped in errors.ts).
 *
 *   const info = new Request(() => verba().getSystemInfo());
 *   <button onclick={() => info.run()} disabled={info.busy}>
 */
import type { Result } from '../../../electron/common/result.ts';
import { userMessage } from './errors.ts';

export class Request<T> {
  value = $state<T | null>(null);
  error = $state<string | null>(null);
  busy = $state(false);
  readonly #call: () => Promise<Result<T>>;

  constructor(call: () => Promise<Result<T>>) {
    this.#call = call;
  }

  async run(): Promise<void> {
    this.busy = true;
    this.error = null;
    try {
      const result = await this.#call();
      if (result.ok) this.value = result.value;
      else this.error = userMessage(result.error);
    } catch (error) {
      this.error = userMessage({
        name: 'InternalError',
        message: error instanceof Error ? error.message : String(error),
      });
    } finally {
      this.busy = false;
    }
  }
}
