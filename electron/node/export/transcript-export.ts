/**
 * Every export format in one call, shared by the app and the CLI: plain text, Markdown meeting notes,
 * SubRip and WebVTT subtitles, JSON (DESIGN contract 2) and Word. Text formats come back as strings,
 * Word as bytes; writeExport puts either in a file without overwriting one by accident.
 *
 *   const body = await exportTranscript(transcript, 'docx', { title: 'Standup', createdAt });
 *   await writeExport('standup.docx', body);               // refuses an existing file…
 *   await writeExport('standup.docx', body, { force: true }); // …unless told to replace it
 */
import type { Transcript } from '../../common/transcript.ts';
import type { TranscriptFormat } from '../../common/transcript-format.ts';
import { docxNotes } from './docx.ts';
import { markdownNotes } from './markdown.ts';
import type { ExportMeta } from './notes.ts';
import { srt, vtt } from './subtitles.ts';

export type { ExportMeta } from './notes.ts';
export type TextFormat = Exclude<TranscriptFormat, 'docx'>;

/** The text formats, synchronously (what `verba transcribe` prints). */
export function formatTranscript(t: Transcript, format: TextFormat, meta: ExportMeta = {}): string {
  switch (format) {
    case 'txt':
      return `${t.text}\n`;
    case 'json':
      return `${JSON.stringify(t, null, 2)}\n`;
    case 'srt':
      return srt(t);
    case 'vtt':
      return vtt(t);
    case 'md':
      return markdownNotes(t, meta);
  }
}

export async function exportTranscript(
  t: Transcript,
  format: TranscriptFormat,
  meta: ExportMeta = {},
): Promise<string | Uint8Array> {
  return format === 'docx' ? docxNotes(t, meta) : formatTranscript(t, format, meta);
}
