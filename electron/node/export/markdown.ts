/**
 * Meeting notes in Markdown: the title, a details list (date, duration, participants — left empty to
 * fill in), the transcript in timestamped paragraphs, and the action items as a task list.
 *
 *   writeFile('notes.md', markdownNotes(transcript, { title: 'Standup', createdAt }));
 */
import type { Transcript } from '../../common/transcript.ts';
import { type ExportMeta, hms, meetingNotes } from './notes.ts';

/** Recognised text is prose: characters Markdown would read as markup are escaped. */
export const escapeMarkdown = (text: string): string =>
  text.replace(/[\\`*_[\]<>|]/g, '\\$&').replace(/^(#|[-+] |\d+\. )/gm, '\\$1');

export function markdownNotes(t: Transcript, meta: ExportMeta = {}): string {
  const notes = meetingNotes(t, meta);
  const lines = [
    `# ${escapeMarkdown(notes.title)}`,
    '',
    `- **Date:** ${notes.date ?? ''}`.trimEnd(),
    `- **Duration:** ${notes.duration}`,
    `- **Participants:** ${notes.participants.map(escapeMarkdown).join(', ')}`.trimEnd(),
    '',
    '## Transcript',
    '',
  ];
  for (const p of notes.paragraphs) lines.push(`**[${hms(p.start)}]** ${escapeMarkdown(p.text)}`, '');
  lines.push('## Action items', '');
  if (notes.actionItems.length === 0) lines.push('None marked. Say "action item" in a sentence to list it here.', '');
  else {
    for (const a of notes.actionItems) lines.push(`- [ ] ${escapeMarkdown(a.text)} *[${hms(a.start)}]*`);
    lines.push('');
  }
  return lines.join('\n');
}
