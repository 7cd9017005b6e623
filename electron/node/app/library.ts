/**
 * Library services: the contract's library slice over the process's one LibraryService
 * (context.library()). Paths stay on this side: the page gets `hasAudio` and an audio URL per id, and
 * exports go where the user chose in the OS save dialog.
 *
 *   const s = libraryServices(context);
 *   const { items } = await s.searchTranscripts({ text: 'budget' });
 *   await s.exportTranscript({ id: items[0].id, format: 'md', participants: ['Ada'] }); // dialog, then file
 *   await s.retranscribeTranscript({ id, jobId: 'again-1', model: 'verba-demo-sewd', decoder: 'beam' });
 */
import type { LibraryServices, LibraryTranscript } from '../../common/contract/library.ts';
import { transcriptAudioUrl } from '../../common/contract/library.ts';
import type { StoredTranscript } from '../../common/library.ts';
import { TRANSCRIPT_FORMAT_INFO } from '../../common/transcript-format.ts';
import { VerbaError } from '../../common/result.ts';
import type { AppContext } from './context.ts';
import { decoderForPage, retranscriber } from './retranscribe.ts';
import { audioMimeType } from './transcript-audio.ts';

function forPage({ audioPath, decoder, ...stored }: StoredTranscript): LibraryTranscript {
  return { ...stored, decoder: decoderForPage(decoder), hasAudio: audioPath !== null };
}

/** A title as a file name on every OS: no separators, reserved characters or trailing dots. */
export function exportFileName(title: string, extension: string): string {
  const base = title
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f<>:"/\\|?*]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[. ]+$/, '')
    .slice(0, 120);
  return `${base || 'Transcript'}.${extension}`;
}

export function libraryServices(context: AppContext): LibraryServices {
  const library = context.library;
  const audioUrl = context.audioUrl ?? transcriptAudioUrl;
  const again = retranscriber(context);
  return {
    listTranscripts: async (query) => (await library()).list(query),
    searchTranscripts: async (query) => (await library()).search(query),
    getTranscript: async (id) => forPage(await (await library()).get(id)),
    async openTranscript(id) {
      const { stored, model } = await (await library()).open(id);
      return { stored: forPage(stored), model };
    },
    async updateTranscript({ id, ...update }) {
      if (update.title === undefined && update.transcript === undefined)
        throw new VerbaError('BadArgument', 'An update names a new title, an edited transcript, or both.');
      return forPage(await (await library()).update(id, update));
    },
    async deleteTranscript(id) {
      await (await library()).delete(id);
      return true;
    },
    async restoreTranscript(id) {
      await (await library()).restore(id);
      return true;
    },
    async exportTranscript({ id, format, participants }) {
      const service = await library();
      const stored = await service.get(id);
      if (context.pickSavePath === undefined)
        throw new VerbaError('NotAvailableYet', 'Saving files is not available in this version of Verba yet.');
      const { extension } = TRANSCRIPT_FORMAT_INFO[format];
      const path = await context.pickSavePath({
        title: 'Export transcript',
        defaultName: exportFileName(stored.title, extension),
        extensions: [extension],
      });
      if (path === null) return null;
      // The save dialog already asked whether to replace an existing file.
      await service.export({ id, format, path, overwrite: true, ...(participants ? { participants } : {}) });
      return path;
    },
    async transcriptAudio(id) {
      const stored = await (await library()).get(id);
      if (stored.audioPath === null || stored.deletedAt !== null) return null;
      return { url: audioUrl(id), mimeType: audioMimeType(stored.audioPath) };
    },
    retranscribeModels: async () => (await again.models()).map(({ folder: _folder, lm: _lm, ...model }) => model),
    retranscribeTranscript: async (request) => forPage(await again.run(request)),
    cancelRetranscription: (jobId) => again.cancel(jobId),
  };
}
