/**
 * Meeting notes as a Word document, built with the maintained `docx` package (no hand-written
 * WordprocessingML): the title, the details, timestamped paragraphs and the action items as a bulleted
 * list, with the document's title and author set for the file's properties.
 *
 *   await writeFile('notes.docx', await docxNotes(transcript, { title: 'Standup', createdAt }));
 */
import { Document, HeadingLevel, Packer, Paragraph, TextRun } from 'docx';
import type { Transcript } from '../../common/transcript.ts';
import { type ExportMeta, hms, meetingNotes } from './notes.ts';

const detail = (label: string, value: string) =>
  new Paragraph({ children: [new TextRun({ text: `${label}: `, bold: true }), new TextRun(value)] });

const stamp = (seconds: number) => new TextRun({ text: `[${hms(seconds)}] `, bold: true, color: '666666' });

export async function docxNotes(t: Transcript, meta: ExportMeta = {}): Promise<Uint8Array> {
  const notes = meetingNotes(t, meta);
  const children: Paragraph[] = [
    new Paragraph({ text: notes.title, heading: HeadingLevel.TITLE }),
    detail('Date', notes.date ?? ''),
    detail('Duration', notes.duration),
    detail('Participants', notes.participants.join(', ')),
    new Paragraph({ text: 'Transcript', heading: HeadingLevel.HEADING_1 }),
    ...notes.paragraphs.map((p) => new Paragraph({ children: [stamp(p.start), new TextRun(p.text)] })),
    new Paragraph({ text: 'Action items', heading: HeadingLevel.HEADING_1 }),
    ...(notes.actionItems.length === 0
      ? [new Paragraph('None marked. Say "action item" in a sentence to list it here.')]
      : notes.actionItems.map(
          (a) =>
            new Paragraph({
              bullet: { level: 0 },
              children: [new TextRun(a.text), new TextRun({ text: ` [${hms(a.start)}]`, color: '666666' })],
            }),
        )),
  ];
  const doc = new Document({
    creator: 'Verba',
    title: notes.title,
    description: `Transcript by ${t.model}`,
    sections: [{ children }],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}
