/** Library services (stored transcripts): typed in the contract, to be filled by the storage work. */
import type { LibraryServices } from '../../common/contract/library.ts';
import { notAvailable, type AppContext } from './context.ts';

export function libraryServices(_context: AppContext): LibraryServices {
  const later = async () => notAvailable('The transcript library');
  return {
    listTranscripts: later,
    getTranscript: later,
    updateTranscript: later,
    deleteTranscript: later,
    exportTranscript: later,
  };
}
