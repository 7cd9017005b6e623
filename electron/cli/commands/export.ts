import { parseArgs } from 'node:util';
import { VerbaError } from '../../common/result.ts';
import { TRANSCRIPT_FORMATS, isTranscriptFormat } from '../../common/transcript-format.ts';
import type { CliCommand } from '../cli-types.ts';
import { emitExport, openLibrary } from '../library-cli.ts';

const usage = `Usage: verba export <id> --format ${TRANSCRIPT_FORMATS.join('|')} [--out FILE] [--force] [--participants "Ada, Lin"]

Exports a transcript from the library (ids from \`verba history\`): plain text, Markdown meeting notes
(title, date, duration, participants, timestamped paragraphs, the sentences marked "action item"),
SubRip or WebVTT subtitles, JSON with word timings, or a Word document with the same notes. Without
--out the export goes to stdout (a Word document only into a pipe). An existing --out file is not
replaced unless --force is given.`;

export const command: CliCommand = {
  usage,
  async run(args) {
    const { values, positionals } = parseArgs({
      args,
      options: {
        format: { type: 'string' },
        out: { type: 'string' },
        force: { type: 'boolean', default: false },
        participants: { type: 'string' },
      },
      strict: true,
      allowPositionals: true,
    });
    const [idText, ...extra] = positionals;
    const id = Number(idText);
    if (idText === undefined || extra.length > 0 || !(Number.isInteger(id) && id >= 1))
      throw new VerbaError(
        'BadArgument',
        'verba export takes one transcript id (see `verba history`), e.g. `verba export 12 --format md`.',
      );
    if (!isTranscriptFormat(values.format))
      throw new VerbaError(
        'BadArgument',
        values.format === undefined
          ? `verba export needs --format (${TRANSCRIPT_FORMATS.join(', ')}).`
          : `--format takes ${TRANSCRIPT_FORMATS.join(', ')}, not "${values.format}".`,
      );
    const library = await openLibrary();
    try {
      const stored = await library.get(id);
      if (stored.deletedAt !== null)
        throw new VerbaError(
          'TranscriptNotFound',
          `Transcript #${id} is in the trash; restore it in the app to export it.`,
        );
      const participants = values.participants
        ?.split(',')
        .map((p) => p.trim())
        .filter(Boolean);
      await emitExport(
        stored.transcript,
        values.format,
        { title: stored.title, createdAt: stored.createdAt, ...(participants ? { participants } : {}) },
        values.out,
        values.force,
      );
      if (values.out !== undefined) process.stderr.write(`Exported #${id} to ${values.out}.\n`);
      return 0;
    } finally {
      library.close();
    }
  },
};
