/**
 * The library slice of the application layer: what the History, Editor and export screens call, as
 * plain typed methods over the transcript repository. They throw VerbaError for bad input (dispatch
 * turns that into a Result); the IPC contract slice (common/contract/library.ts) maps onto them.
 *
 *   const library = createLibraryService(await TranscriptLibrary.open(libraryDir()));
 *   const { items } = await library.search({ text: 'budget' });
 *   const { stored, model } = await library.open(items[0].id);         // editor: words + paragraphs
 *   await library.export({ id, format: 'docx', path: chosenInSaveDialog, overwrite: true });
 */
import type {
  DecoderInfo,
  LibraryPage,
  LibraryQuery,
  SearchHit,
  StoredTranscript,
  TranscriptSummary,
  TranscriptUpdate,
} from '../../common/library.ts';
import { VerbaError } from '../../common/result.ts';
import type { Transcript } from '../../common/transcript.ts';
import { type EditorModel, editorModel } from '../../common/transcript-edit.ts';
import { type TranscriptFormat, isTranscriptFormat, TRANSCRIPT_FORMATS } from '../../common/transcript-format.ts';
import { exportTranscript } from '../export/transcript-export.ts';
import { writeExport } from '../export/write-export.ts';
import type { TranscriptLibrary } from '../storage/transcript-library.ts';

export interface ExportRequest {
  id: number;
  format: TranscriptFormat;
  /** Chosen by the user in a save dialog. */
  path: string;
  /** The save dialog already asked whether to replace an existing file. */
  overwrite?: boolean;
  participants?: string[];
}

export interface LibraryService {
  list(query?: LibraryQuery): Promise<LibraryPage<TranscriptSummary>>;
  search(query: LibraryQuery & { text: string }): Promise<LibraryPage<SearchHit>>;
  get(id: number): Promise<StoredTranscript>;
  /** A transcript ready for the editor: the stored row plus its word and paragraph model. */
  open(id: number): Promise<{ stored: StoredTranscript; model: EditorModel }>;
  /** Rename, autosave an edit, or store a re-transcription with the model and decoder that made it. */
  update(id: number, update: TranscriptUpdate): Promise<StoredTranscript>;
  delete(id: number): Promise<void>;
  restore(id: number): Promise<void>;
  export(request: ExportRequest): Promise<{ path: string }>;
  /** A finished dictation: stored, then its spool moved into the library (removed from the spool folder). */
  saveDictation(input: { transcript: Transcript; spoolPath: string; decoder?: DecoderInfo }): Promise<number>;
  /** A finished file transcription, referring to the user's file. */
  saveFile(input: { transcript: Transcript; audioPath: string; decoder?: DecoderInfo }): Promise<number>;
  recordingRetentionDays(): Promise<number | null>;
  setRecordingRetentionDays(days: number | null): Promise<number>;
}

function checkId(id: unknown): asserts id is number {
  if (!(typeof id === 'number' && Number.isInteger(id) && id >= 1))
    throw new VerbaError('BadArgument', `A transcript id is a whole number, not ${JSON.stringify(id)}.`);
}

export function createLibraryService(library: TranscriptLibrary): LibraryService {
  return {
    list: (query = {}) => library.list(query),
    search: (query) => library.search(query),
    async get(id) {
      checkId(id);
      return library.get(id);
    },
    async open(id) {
      checkId(id);
      const stored = await library.get(id);
      return { stored, model: editorModel(stored.transcript) };
    },
    async update(id, update) {
      checkId(id);
      return library.update(id, update);
    },
    async delete(id) {
      checkId(id);
      await library.delete(id);
    },
    async restore(id) {
      checkId(id);
      await library.restore(id);
    },
    async export(request) {
      checkId(request.id);
      if (!isTranscriptFormat(request.format))
        throw new VerbaError(
          'BadArgument',
          `Transcripts export to ${TRANSCRIPT_FORMATS.join(', ')}, not "${String(request.format)}".`,
        );
      const stored = await library.get(request.id);
      const body = await exportTranscript(stored.transcript, request.format, {
        title: stored.title,
        createdAt: stored.createdAt,
        ...(request.participants ? { participants: request.participants } : {}),
      });
      await writeExport(request.path, body, { force: request.overwrite === true });
      return { path: request.path };
    },
    saveDictation: ({ transcript, spoolPath, decoder }) =>
      library.add({ transcript, kind: 'dictation', spoolPath, ...(decoder ? { decoder } : {}) }),
    saveFile: ({ transcript, audioPath, decoder }) =>
      library.add({ transcript, kind: 'file', audioPath, ...(decoder ? { decoder } : {}) }),
    recordingRetentionDays: () => library.retentionDays(),
    setRecordingRetentionDays: (days) => library.setRetentionDays(days),
  };
}
