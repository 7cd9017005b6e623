/**
 * Full-text search over titles and text (FTS5), newest first, with the history filters, and a snippet
 * around the best hit whose matched words are marked as `hit` parts (never HTML: the renderer shows the
 * parts as text and styles the hits, so a transcript containing "<b>" cannot inject markup).
 *
 *   searchTranscripts(db, { text: 'budget rev' }) // "budget" AND words starting "rev"
 */
import type { LibraryPage, LibraryQuery, SearchHit, SnippetPart } from '../../common/library.ts';
import { LIBRARY_DEFAULTS } from '../../common/defaults.ts';
import type { Database } from './database.ts';
import { SUMMARY_COLUMNS, filterTerms, pageBounds, toSummary } from './transcripts.ts';

/** Private-use characters as hit delimiters: they cannot occur in recognised text. */
const OPEN = '\uE000';
const CLOSE = '\uE001';

/**
 * What the user typed → an FTS5 query: every word must occur, the last one as a prefix (results follow
 * the typing). Words are quoted, so FTS5 syntax in the input ("AND", "-", "*", quotes) is plain text.
 * Null when the input has no word.
 */
export function ftsQuery(text: string): string | null {
  const words = text.match(/[\p{L}\p{N}]+/gu);
  if (words === null) return null;
  return words.map((w, i) => `"${w}"${i === words.length - 1 ? '*' : ''}`).join(' ');
}

export function snippetParts(snippet: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  const re = new RegExp(`${OPEN}([^${CLOSE}]*)${CLOSE}`, 'gu');
  let last = 0;
  for (const m of snippet.matchAll(re)) {
    if (m.index > last) parts.push({ text: snippet.slice(last, m.index), hit: false });
    parts.push({ text: m[1]!, hit: true });
    last = m.index + m[0].length;
  }
  if (last < snippet.length) parts.push({ text: snippet.slice(last), hit: false });
  return parts;
}

interface HitRow {
  id: number;
  title: string;
  kind: 'dictation' | 'file';
  created_at: number;
  updated_at: number;
  duration_s: number;
  model: string;
  preview: string;
  snippet: string;
}

export function searchTranscripts(db: Database, query: LibraryQuery & { text: string }): LibraryPage<SearchHit> {
  const match = ftsQuery(query.text);
  if (match === null) return { items: [], total: 0 };
  const where = filterTerms(query);
  const { limit, offset } = pageBounds(query, LIBRARY_DEFAULTS.searchPageSize);
  // CROSS JOIN keeps the index as the outer loop: otherwise the planner may walk the date index and
  // run the full-text query once per row.
  const from = `FROM transcripts_fts CROSS JOIN transcripts t ON t.id = transcripts_fts.rowid WHERE transcripts_fts MATCH ? AND ${where.sql}`;
  // The page's ids first, then snippets for those rows only: snippet() costs a pass over each
  // document, and SQLite would otherwise compute it for every match before sorting.
  const rows = db
    .prepare(
      `WITH page AS (SELECT t.id ${from} ORDER BY t.created_at DESC, t.id DESC LIMIT ? OFFSET ?)
       SELECT ${SUMMARY_COLUMNS},
         snippet(transcripts_fts, -1, '${OPEN}', '${CLOSE}', '…', ${LIBRARY_DEFAULTS.snippetTokens}) AS snippet
       ${from} AND t.id IN (SELECT id FROM page)
       ORDER BY t.created_at DESC, t.id DESC`,
    )
    .all(match, ...where.params, limit, offset, match, ...where.params) as unknown as HitRow[];
  const { n } = db.prepare(`SELECT count(*) AS n ${from}`).get(match, ...where.params) as { n: number };
  return { items: rows.map((r) => ({ ...toSummary(r), snippet: snippetParts(r.snippet) })), total: n };
}
