/**
 * The formats a transcript can be exported to, shared by the CLI, the exporters and the renderer (which
 * lists them in its export menu and save dialog).
 *
 *   for (const f of TRANSCRIPT_FORMATS) menu.add(TRANSCRIPT_FORMAT_INFO[f].label, f);
 */
export const TRANSCRIPT_FORMATS = ['txt', 'md', 'srt', 'vtt', 'json', 'docx'] as const;
export type TranscriptFormat = (typeof TRANSCRIPT_FORMATS)[number];

export interface TranscriptFormatInfo {
  label: string;
  /** File name extension, without the dot. */
  extension: string;
  mimeType: string;
  /** Binary formats cannot be printed to a terminal. */
  binary: boolean;
}

export const TRANSCRIPT_FORMAT_INFO: Readonly<Record<TranscriptFormat, TranscriptFormatInfo>> = {
  txt: { label: 'Plain text', extension: 'txt', mimeType: 'text/plain', binary: false },
  md: { label: 'Markdown meeting notes', extension: 'md', mimeType: 'text/markdown', binary: false },
  srt: { label: 'SubRip subtitles', extension: 'srt', mimeType: 'application/x-subrip', binary: false },
  vtt: { label: 'WebVTT subtitles', extension: 'vtt', mimeType: 'text/vtt', binary: false },
  json: { label: 'JSON with word timings', extension: 'json', mimeType: 'application/json', binary: false },
  docx: {
    label: 'Word document',
    extension: 'docx',
    mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    binary: true,
  },
};

export const isTranscriptFormat = (value: unknown): value is TranscriptFormat =>
  typeof value === 'string' && (TRANSCRIPT_FORMATS as readonly string[]).includes(value);
