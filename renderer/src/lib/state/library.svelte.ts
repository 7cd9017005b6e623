/**
 * Stored transcripts for the Transcripts screen. Until storage lands the service answers
 * 'NotAvailableYet' and the screen explains what will appear instead of showing an error.
 *
 *   await library.load(); library.available; library.items;
 */
import { AsyncCall } from '../async-call.svelte.ts';
import { verba } from '../verba.ts';

class LibraryState {
  readonly list = new AsyncCall((search: string) =>
    verba().listTranscripts(search.trim() ? { search: search.trim(), limit: 100 } : { limit: 100 }),
  );
  search = $state('');

  get available(): boolean {
    return this.list.errorName !== 'NotAvailableYet';
  }

  get items() {
    return this.list.value ?? [];
  }

  load = () => this.list.run(this.search);
}

export const library = new LibraryState();
