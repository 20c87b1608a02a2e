import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../db/database.js';
import { parseQuery, type ParsedQuery, type QueryTerm } from '../query.js';
import type { SearchProvider } from '../search.types.js';
import { markSnippet } from './sqlite-fts5.js';

const CONFIG = sql.lit('english');

/** A term as a tsquery, built by PostgreSQL's own parsers from a bound string: user text is never tsquery syntax. */
function termQuery(t: QueryTerm): RawBuilder<unknown> {
  if (t.kind === 'phrase') return sql`phraseto_tsquery(${CONFIG}, ${t.text})`;
  if (t.prefix) {
    const lexeme = t.text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
    return lexeme ? sql`to_tsquery(${CONFIG}, ${`${lexeme}:*`})` : sql`plainto_tsquery(${CONFIG}, ${t.text})`;
  }
  return sql`plainto_tsquery(${CONFIG}, ${t.text})`;
}

export function toTsquery(q: ParsedQuery): RawBuilder<unknown> {
  const clauses = q.must.map((c) => (c.any.length === 1 ? termQuery(c.any[0]!) : sql`(${sql.join(c.any.map(termQuery), sql` || `)})`));
  let query = sql`(${sql.join(clauses, sql` && `)})`;
  for (const t of q.not) query = sql`(${query} && !!${termQuery(t)})`;
  return query;
}

const OPEN = '\u0002';
const CLOSE = '\u0003';

/** Search on PostgreSQL: a weighted tsvector per page (title A, text B), GIN-indexed, ranked with ts_rank_cd. */
export function createPostgresSearchProvider({ db }: { db: Db }): SearchProvider {
  return {
    async index(trx, pages) {
      for (let i = 0; i < pages.length; i += 500) {
        const rows = pages.slice(i, i + 500).map((p) => sql`(${p.pageId}::int, ${p.title}::text)`);
        await sql`UPDATE pages AS p
          SET tsv = setweight(to_tsvector(${CONFIG}, v.title), 'A') || setweight(to_tsvector(${CONFIG}, p.text), 'B')
          FROM (VALUES ${sql.join(rows)}) AS v(id, title) WHERE p.id = v.id`.execute(trx);
      }
    },
    async remove(trx, pages) {
      if (pages.length === 0) return;
      await sql`UPDATE pages SET tsv = NULL WHERE id = ANY(${pages.map((p) => p.pageId)}::int[])`.execute(trx);
    },
    async search({ query, limit, offset }) {
      const q = toTsquery(parseQuery(query));
      const total = await sql<{ n: number }>`SELECT count(DISTINCT document_id)::int AS n FROM pages WHERE tsv @@ ${q}`.execute(db);
      const n = total.rows[0]?.n ?? 0;
      if (n === 0) return { total: 0, hits: [] };
      const top = await sql<{ document_id: string; page_no: number; score: number; snippet: string }>`
        WITH best AS (
          SELECT DISTINCT ON (document_id) document_id, id, page_no, ts_rank_cd(tsv, ${q}) AS score
          FROM pages WHERE tsv @@ ${q}
          ORDER BY document_id, score DESC, page_no
        ), ranked AS (
          SELECT * FROM best ORDER BY score DESC, document_id LIMIT ${limit} OFFSET ${offset}
        )
        SELECT r.document_id, r.page_no, r.score,
               ts_headline(${CONFIG}, p.text, ${q}, ${`StartSel=${OPEN}, StopSel=${CLOSE}, MaxWords=40, MinWords=15, MaxFragments=1, FragmentDelimiter=…`}) AS snippet
        FROM ranked r JOIN pages p ON p.id = r.id
        ORDER BY r.score DESC, r.document_id`.execute(db);
      return {
        total: n,
        hits: top.rows.map((r) => ({
          documentId: r.document_id,
          score: Number(r.score),
          page: r.page_no,
          snippet: markSnippet(r.snippet),
        })),
      };
    },
  };
}
