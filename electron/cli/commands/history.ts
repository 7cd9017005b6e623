import { parseArgs } from 'node:util';
import type { SnippetPart, TranscriptKind, TranscriptSummary } from '../../common/library.ts';
import { TRANSCRIPT_KINDS } from '../../common/library.ts';
import { VerbaError } from '../../common/result.ts';
import type { CliCommand } from '../cli-types.ts';
import { hms, localDateTime } from '../../node/export/notes.ts';
import { openLibrary } from '../library-cli.ts';

const usage = `Usage: verba history [--search TEXT] [--kind dictation|file] [--since YYYY-MM-DD] [--until YYYY-MM-DD]
                     [--limit N] [--json]

Lists the transcripts in the library (dictations and files saved with \`verba transcribe --save\`), newest
first: id, title, date, duration, and the first words — or, with --search, the words around the best
hit (every word must occur; the last may be the start of a word). --json prints
[{ id, title, kind, date, duration_s, model, snippet, hits }] for scripts; \`verba export <id>\` exports one.
The library is the app's own, in the user data folder ($VERBA_DATA_DIR/library when that is set).`;

function day(value: string | undefined, option: string, endOfDay: boolean): number | undefined {
  if (value === undefined) return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const date = m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + (endOfDay ? 1 : 0)) : null;
  if (date === null || Number.isNaN(date.getTime()))
    throw new VerbaError('BadArgument', `${option} takes a date as YYYY-MM-DD, not "${value}".`);
  return date.getTime();
}

const plain = (parts: readonly SnippetPart[]) => parts.map((p) => p.text).join('');
const bold = (parts: readonly SnippetPart[]) =>
  parts.map((p) => (p.hit ? `\x1b[1m${p.text}\x1b[22m` : p.text)).join('');

export const command: CliCommand = {
  usage,
  async run(args) {
    const { values, positionals } = parseArgs({
      args,
      options: {
        search: { type: 'string' },
        kind: { type: 'string' },
        since: { type: 'string' },
        until: { type: 'string' },
        limit: { type: 'string', default: '50' },
        json: { type: 'boolean', default: false },
      },
      strict: true,
      allowPositionals: true,
    });
    if (positionals.length > 0)
      throw new VerbaError(
        'BadArgument',
        `verba history takes no file names; to search, use --search "${positionals.join(' ')}".`,
      );
    if (values.kind !== undefined && !TRANSCRIPT_KINDS.includes(values.kind as TranscriptKind))
      throw new VerbaError('BadArgument', `--kind takes dictation or file, not "${values.kind}".`);
    const limit = Number(values.limit);
    if (!(Number.isInteger(limit) && limit >= 1))
      throw new VerbaError('BadArgument', `--limit takes a whole number of at least 1, not "${values.limit}".`);
    const from = day(values.since, '--since', false);
    const to = day(values.until, '--until', true);
    const query = {
      limit,
      ...(values.kind !== undefined ? { kind: values.kind as TranscriptKind } : {}),
      ...(from !== undefined ? { from } : {}),
      ...(to !== undefined ? { to } : {}),
    };
    const library = await openLibrary();
    try {
      const page =
        values.search !== undefined
          ? await library.search({ ...query, text: values.search })
          : await library.list(query);
      const rows = page.items.map((item: TranscriptSummary & { snippet?: SnippetPart[] }) => ({
        item,
        parts: item.snippet ?? [{ text: item.preview, hit: false }],
      }));
      if (values.json) {
        const out = rows.map(({ item, parts }) => ({
          id: item.id,
          title: item.title,
          kind: item.kind,
          date: new Date(item.createdAt).toISOString(),
          duration_s: item.duration_s,
          model: item.model,
          snippet: plain(parts),
          hits: parts.filter((p) => p.hit).map((p) => p.text),
        }));
        process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
        return 0;
      }
      if (rows.length === 0) {
        process.stderr.write(values.search !== undefined ? 'No transcript matches.\n' : 'The library is empty.\n');
        return 0;
      }
      const show = process.stdout.isTTY ? bold : plain;
      for (const { item, parts } of rows) {
        const head = `#${item.id}  ${localDateTime(item.createdAt)}  ${hms(item.duration_s)}  ${item.title}`;
        process.stdout.write(`${head}\n    ${show(parts).replace(/\s+/g, ' ').trim()}\n`);
      }
      if (page.total > rows.length)
        process.stderr.write(`${rows.length} of ${page.total} shown; --limit shows more.\n`);
      return 0;
    } finally {
      library.close();
    }
  },
};
