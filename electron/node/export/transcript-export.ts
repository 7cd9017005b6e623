/**
 * Renders a Transcript as plain text, JSON (DESIGN contract 2), SubRip, WebVTT or Markdown.
 *
 *   process.stdout.write(formatTranscript(transcript, 'srt'));
 */
import type { Transcript } from '../../common/transcript.ts';

export type TranscriptFormat = 'txt' | 'json' | 'srt' | 'vtt' | 'md';
export const TRANSCRIPT_FORMATS: readonly TranscriptFormat[] = ['txt', 'json', 'srt', 'vtt', 'md'];

/** hh:mm:ss + separator + mmm, from seconds (rounded to the millisecond). */
function clock(seconds: number, separator: ',' | '.'): string {
  const total = Math.max(0, Math.round(seconds * 1000));
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  const h = Math.floor(total / 3_600_000);
  const m = Math.floor(total / 60_000) % 60;
  const s = Math.floor(total / 1000) % 60;
  return `${pad(h)}:${pad(m)}:${pad(s)}${separator}${pad(total % 1000, 3)}`;
}

export function formatTranscript(t: Transcript, format: TranscriptFormat): string {
  switch (format) {
    case 'txt':
      return `${t.text}\n`;
    case 'json':
      return `${JSON.stringify(t, null, 2)}\n`;
    case 'srt':
      return t.segments
        .map((s, i) => `${i + 1}\n${clock(s.start, ',')} --> ${clock(s.end, ',')}\n${s.text}\n`)
        .join('\n');
    case 'vtt':
      return [
        'WEBVTT\n',
        ...t.segments.map((s) => `${clock(s.start, '.')} --> ${clock(s.end, '.')}\n${s.text}\n`),
      ].join('\n');
    case 'md':
      return [
        `# Transcript`,
        '',
        `*${t.model} on ${t.device}, ${clock(t.duration_s, '.').slice(0, 8)}*`,
        '',
        ...t.segments.map((s) => `**[${clock(s.start, '.').slice(0, 8)}]** ${s.text}\n`),
      ].join('\n');
  }
}
