/**
 * Full-text search over titles and text (FTS5), newest first, with the history filters, and a snippet
 * around the best hit whose matched words are marked as `hit` parts (never HTML: the renderer shows the
 * parts as text and styles the hits, so a transcript containing "<b>" cannot inject markup).
 *
 *   searchTranscripts(db, { text: 'budget rev' }) // "budget" AND words starting "rev"
 */
import type { LibraryPage, LibraryQuery, SearchHit, SnippetPart } from '../../common/library.ts';
import { LIBRARY_DEFAULTS } from '../../common/defaults.ts';
import type { SQLInputValue } from 'node:sqlite';
import { type Database, statement } from './database.ts';
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

/**
 * Newest first by id (the order transcripts were stored in, which is their recording order in the app),
 * so FTS5 walks its index backwards and stops after a page: a word found in every transcript costs no
 * more than a rare one. Date filters go the other way round — the date index first, each row checked
 * against the matches — so a narrow range never walks the whole index.
 */
export function searchTranscripts(db: Database, query: LibraryQuery & { text: string }): LibraryPage<SearchHit> {
  const match = ftsQuery(query.text);
  if (match === null) return { items: [], total: 0 };
  const where = filterTerms(query);
  const { limit, offset } = pageBounds(query, LIBRARY_DEFAULTS.searchPageSize);
  const matches = 'SELECT rowid FROM transcripts_fts WHERE transcripts_fts MATCH ?';
  const byDate = query.from !== undefined || query.to !== undefined;
  const ids = (
    byDate
      ? statement(
          db,
          `SELECT t.id FROM transcripts t WHERE ${where.sql} AND t.id IN (${matches}) ORDER BY t.id DESC LIMIT ? OFFSET ?`,
        ).all(...where.params, match, limit, offset)
      : statement(
          db,
          // CROSS JOIN keeps the full-text index as the outer loop, walked in rowid order.
          `SELECT t.id FROM transcripts_fts CROSS JOIN transcripts t ON t.id = transcripts_fts.rowid
             WHERE transcripts_fts MATCH ? AND ${where.sql} ORDER BY transcripts_fts.rowid DESC LIMIT ? OFFSET ?`,
        ).all(match, ...where.params, limit, offset)
  ) as Array<{ id: number }>;
  // snippet() per hit through a rowid lookup: it costs a pass over that one document only. The CAST
  // matters: node:sqlite binds a JS number as REAL, and FTS5 then ignores the rowid constraint.
  const snippet = statement(
    db,
    `SELECT snippet(transcripts_fts, -1, '${OPEN}', '${CLOSE}', '…', ${LIBRARY_DEFAULTS.snippetTokens}) AS snippet
     FROM transcripts_fts WHERE transcripts_fts MATCH ? AND rowid = CAST(? AS INTEGER)`,
  );
  const summary = statement(db, `SELECT ${SUMMARY_COLUMNS} FROM transcripts t WHERE t.id = ?`);
  const rows = ids.map(({ id }) => ({
    ...(summary.get(id) as unknown as HitRow),
    snippet: (snippet.get(match, id) as { snippet: string }).snippet,
  }));
  return {
    items: rows.map((r) => ({ ...toSummary(r), snippet: snippetParts(r.snippet) })),
    total: countMatches(db, query, match),
  };
}

function countMatches(db: Database, query: LibraryQuery, match: string): number {
  const count = (sql: string, ...params: SQLInputValue[]) => (statement(db, sql).get(...params) as { n: number }).n;
  const matches = 'SELECT rowid FROM transcripts_fts WHERE transcripts_fts MATCH ?';
  if (query.kind === undefined && query.from === undefined && query.to === undefined)
    // Every match, less those in the trash (few): no pass over the rows of the matches.
    return (
      count('SELECT count(*) AS n FROM transcripts_fts WHERE transcripts_fts MATCH ?', match) -
      count(
        `SELECT count(*) AS n FROM transcripts t WHERE t.deleted_at IS NOT NULL
         AND EXISTS (SELECT 1 FROM transcripts_fts WHERE transcripts_fts MATCH ? AND rowid = t.id)`,
        match,
      )
    );
  const where = filterTerms(query);
  return count(
    `SELECT count(*) AS n FROM transcripts t WHERE ${where.sql} AND t.id IN (${matches})`,
    ...where.params,
    match,
  );
}
