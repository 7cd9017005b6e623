/**
 * What the library commands share with `verba transcribe --save`: opening the library at the one path
 * the app uses too (VERBA_DATA_DIR overrides it), the decoder a transcript was made with, and printing
 * an export to stdout or a file.
 *
 *   const library = await openLibrary();
 *   const id = await saveTranscript(library, transcript, file, beam);
 */
import { basename, extname, resolve } from 'node:path';
import type { DecoderInfo } from '../common/library.ts';
import { VerbaError } from '../common/result.ts';
import type { Transcript } from '../common/transcript.ts';
import type { TranscriptFormat } from '../common/transcript-format.ts';
import { exportTranscript, type ExportMeta } from '../node/export/transcript-export.ts';
import { writeExport } from '../node/export/write-export.ts';
import { libraryDir } from '../node/storage/library-path.ts';
import { TranscriptLibrary } from '../node/storage/transcript-library.ts';

export const openLibrary = (): Promise<TranscriptLibrary> => TranscriptLibrary.open(libraryDir());

export function decoderInfo(beam: { width: number; lm?: string } | null): DecoderInfo {
  if (beam === null) return { decoder: 'greedy' };
  return { decoder: 'beam', beamWidth: beam.width, ...(beam.lm !== undefined ? { lm: resolve(beam.lm) } : {}) };
}

export const titleOf = (file: string): string => basename(file, extname(file));

/** Stores a file's transcript with a reference to the file; says where on stderr. */
export async function saveTranscript(
  library: TranscriptLibrary,
  transcript: Transcript,
  file: string,
  beam: { width: number; lm?: string } | null,
): Promise<number> {
  const id = await library.add({
    transcript,
    kind: 'file',
    audioPath: resolve(file),
    title: titleOf(file),
    decoder: decoderInfo(beam),
  });
  process.stderr.write(`Saved ${basename(file)} to the library as #${id} (verba history, verba export ${id}).\n`);
  return id;
}

/** An export to `out`, or to stdout when there is none (Word only when stdout is not a terminal). */
export async function emitExport(
  transcript: Transcript,
  format: TranscriptFormat,
  meta: ExportMeta,
  out: string | undefined,
  force: boolean,
): Promise<void> {
  const body = await exportTranscript(transcript, format, meta);
  if (out !== undefined) return writeExport(out, body, { force });
  if (typeof body !== 'string' && process.stdout.isTTY)
    throw new VerbaError('BadArgument', 'A Word document cannot be shown in a terminal; add --out FILE.docx.');
  process.stdout.write(body);
}
