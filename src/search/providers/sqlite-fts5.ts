import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import { parseQuery, type ParsedQuery, type QueryTerm } from '../query.js';
import type { SearchProvider, SearchHit } from '../search.types.js';

const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;

function termToFts(t: QueryTerm): string {
  return t.kind === 'phrase' ? quote(t.text) : t.prefix ? `${quote(t.text)} *` : quote(t.text);
}

/** Translates the parsed query into FTS5 syntax; every user string is quoted, so nothing the user types is FTS5 syntax. */
export function toFts5(q: ParsedQuery): string {
  const positive = q.must.map((c) => (c.any.length === 1 ? termToFts(c.any[0]!) : `(${c.any.map(termToFts).join(' OR ')})`)).join(' AND ');
  return q.not.reduce((acc, t) => `(${acc}) NOT ${termToFts(t)}`, positive);
}

/** Sentinels FTS5 puts around matches; replaced by <mark> after HTML-escaping. */
const OPEN = '\u0002';
const CLOSE = '\u0003';

export function markSnippet(raw: string): string {
  return raw
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replaceAll(OPEN, '<mark>')
    .replaceAll(CLOSE, '</mark>')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Title matches weigh more than body matches in BM25. */
const TITLE_WEIGHT = 5;

export function createSqliteFtsProvider({ db }: { db: Db }): SearchProvider {
  return {
    async index(trx, pages) {
      for (let i = 0; i < pages.length; i += 300) {
        const rows = pages.slice(i, i + 300).map((p) => sql`(${p.pageId}, ${p.title}, ${p.text})`);
        await sql`INSERT INTO page_fts(rowid, title, body) VALUES ${sql.join(rows)}`.execute(trx);
      }
    },
    async remove(trx, pages) {
      // Ids go through json_each as integers: a rowid bound from JS is a REAL, which FTS5 would not match.
      for (let i = 0; i < pages.length; i += 1000) {
        const ids = JSON.stringify(pages.slice(i, i + 1000).map((p) => p.pageId));
        await sql`DELETE FROM page_fts WHERE rowid IN (SELECT CAST(value AS INTEGER) FROM json_each(${ids}))`.execute(trx);
      }
    },
    async search({ query, limit, offset }) {
      const match = toFts5(parseQuery(query));
      const totalRow = await sql<{ n: number }>`
        SELECT count(DISTINCT p.document_id) AS n
        FROM page_fts JOIN pages p ON p.id = page_fts.rowid
        WHERE page_fts MATCH ${match}`.execute(db);
      const total = totalRow.rows[0]?.n ?? 0;
      if (total === 0) return { total, hits: [] };
      // Best page per document, documents ranked by their best page.
      const top = await sql<{ document_id: string; page_id: number; page_no: number; score: number }>`
        SELECT document_id, page_id, page_no, score FROM (
          SELECT document_id, page_id, page_no, score,
                 row_number() OVER (PARTITION BY document_id ORDER BY score) AS rn
          FROM (
            SELECT p.document_id, p.id AS page_id, p.page_no, bm25(page_fts, ${TITLE_WEIGHT}, 1.0) AS score
            FROM page_fts JOIN pages p ON p.id = page_fts.rowid
            WHERE page_fts MATCH ${match}
          )
        ) WHERE rn = 1
        ORDER BY score, document_id
        LIMIT ${limit} OFFSET ${offset}`.execute(db);
      // Snippets for the chosen pages only, in one query. (A bare `rowid = ?` bound from JS is a REAL that FTS5 ignores.)
      const ids = JSON.stringify(top.rows.map((r) => r.page_id));
      const snips = await sql<{ id: number; s: string }>`
          SELECT rowid AS id, snippet(page_fts, 1, ${OPEN}, ${CLOSE}, '…', 24) AS s
          FROM page_fts WHERE page_fts MATCH ${match} AND rowid IN (SELECT CAST(value AS INTEGER) FROM json_each(${ids}))`.execute(db);
      const snippetOf = new Map(snips.rows.map((r) => [r.id, r.s]));
      const hits: SearchHit[] = top.rows.map((r) => ({
        documentId: r.document_id,
        score: -r.score,
        page: r.page_no,
        snippet: markSnippet(snippetOf.get(r.page_id) ?? ''),
      }));
      return { total, hits };
    },
  };
}
