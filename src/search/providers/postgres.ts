import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../db/database.js';
import type { Query, SortOrder, TextNode } from '../query.ast.js';
import { deleteSearchRows, searchBody, writeSearchRows } from '../search.facets.js';
import { searchErrors } from '../search.errors.js';
import { countFacets, decodeCursor, EMPTY_RESPONSE, encodeCursor, metadataConditions, whereOf } from '../search.sql.js';
import type { SearchHit, SearchProvider, SearchRequest, SearchResponse } from '../search.types.js';
import { compileTsquery, lexemes, prefixWords, type PrefixStems } from './postgres.compile.js';
import { escapeHtml, markSnippet } from './sqlite-fts5.js';

const CONFIG = sql.lit('english');
const OPEN = '\u0002';
const CLOSE = '\u0003';
/**
 * Search on PostgreSQL: `search_docs.tsv` (title weight A, text B; GIN) ranks
 * documents with ts_rank_cd; `pages.tsv` picks the best page, ts_headline its
 * snippet. Filters and facets use the engine-neutral tables (search.facets.ts).
 */
export function createPostgresSearchProvider({ db }: { db: Db }): SearchProvider {
  /** Stems in the index that a prefix may have lost its tail to ("negoti" for "negotiat*"): exact lexemes, looked up in the GIN index. */
  async function prefixStems(node: TextNode | null): Promise<PrefixStems> {
    const out = new Map<string, string[]>();
    for (const p of prefixWords(node)) {
      const found: string[] = [];
      for (const cut of [1, 2, 3].map((n) => p.slice(0, p.length - n)).filter((c) => c.length >= 3)) {
        const hit = await sql`SELECT 1 FROM search_docs WHERE tsv @@ to_tsquery('simple', ${cut}) LIMIT 1`.execute(db);
        if (hit.rows.length) found.push(cut);
      }
      out.set(p, found);
    }
    return out;
  }

  async function resultSet(query: Query, extra: RawBuilder<unknown>[] = []) {
    const text = compileTsquery(query.text, await prefixStems(query.text));
    const meta = await metadataConditions(db, query);
    if (!meta) return null; // a required value exists nowhere
    const where: RawBuilder<unknown>[] = [...extra, ...meta];
    let score: RawBuilder<unknown> = sql`0`;
    if (text.match) {
      where.unshift(sql`sd.tsv @@ ${text.match}`);
      score = sql`ts_rank_cd(sd.tsv, ${text.match})`;
    } else if (text.exclude) {
      where.push(sql`NOT (coalesce(sd.tsv, ''::tsvector) @@ ${text.exclude})`);
    }
    return { where, score, snippet: text.snippet, hasText: text.match !== null };
  }

  /** Errors PostgreSQL raises on a query (which the compiler should never produce) become coded 400s. */
  async function guarded<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === '42601' || code === '22023' || (typeof code === 'string' && code.startsWith('22')))
        throw searchErrors.invalidQuery('The search engine could not run this query; try simpler words.', { cause: err });
      throw err;
    }
  }

  async function run(req: SearchRequest, extra: RawBuilder<unknown>[] = []): Promise<SearchResponse> {
    const set = await resultSet(req.query, extra);
    if (!set) return EMPTY_RESPONSE;
    const { where } = set;
    const from = sql`search_docs sd`;
    const total = Number((await sql<{ n: number }>`SELECT count(*) AS n FROM ${from} ${whereOf(where)}`.execute(db)).rows[0]?.n ?? 0);
    if (total === 0) return EMPTY_RESPONSE;
    const sort: SortOrder = req.sort === 'relevance' && !set.hasText ? 'date_asc' : req.sort;
    // Relevance sorts on the negated rank so that every order is ascending-comparable for cursors.
    const key =
      sort === 'relevance'
        ? sql`(-${set.score})::float8`
        : sort === 'date_asc'
          ? sql`coalesce(sd.date_start, '9999-12-31')`
          : sql`coalesce(sd.date_start, '0000-00-00')`;
    const dir = sort === 'date_desc' ? sql`DESC` : sql`ASC`;
    let conds = where;
    if (req.cursor) {
      const c = decodeCursor(req.cursor);
      const cmp = sort === 'date_desc' ? sql`<` : sql`>`;
      const k = sort === 'relevance' ? sql`${Number(c.k)}::float8` : sql`${String(c.k)}`;
      conds = [...where, sql`(${key}, sd.rowid) ${cmp} (${k}, ${c.r})`];
    }
    const rows = await sql<{ doc: number; document_id: string; k: number | string; score: number }>`
      SELECT sd.rowid AS doc, sd.document_id, ${key} AS k, ${set.score}::float8 AS score
      FROM ${from} ${whereOf(conds)}
      ORDER BY k ${dir}, sd.rowid ${dir}
      LIMIT ${req.limit + 1} OFFSET ${req.cursor ? 0 : req.offset}`.execute(db);
    const top = rows.rows.slice(0, req.limit);
    const last = top[top.length - 1];
    const next = rows.rows.length > req.limit && last ? encodeCursor({ k: last.k, r: last.doc }) : null;
    const hits = await withSnippets(top, set.snippet);
    let facets = req.facetLimit > 0 ? await countFacets(db, from, where, req.facetLimit) : null;
    if (req.dateUnit) {
      const width = req.dateUnit === 'month' ? 7 : 10;
      const rows = await sql<{ key: string; n: number }>`
        SELECT substr(sd.date_start, 1, ${sql.lit(width)}) AS key, count(*) AS n
        FROM ${from} ${whereOf([...where, sql`sd.date_start IS NOT NULL`])}
        GROUP BY 1 ORDER BY 1`.execute(db);
      facets = { ...(facets ?? { fields: {}, years: [], decades: [] }), dates: rows.rows.map((r) => ({ key: r.key, count: Number(r.n) })) };
    }
    return { total, hits, next, facets };
  }

  async function withSnippets(rows: { document_id: string; score: number }[], match: RawBuilder<unknown> | null): Promise<SearchHit[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.document_id);
    // Best page per document: the highest-ranked page matching the positive words, else the first page.
    const best = await sql<{ document_id: string; page_no: number; label: string | null; snippet: string; matched: boolean }>`
      SELECT DISTINCT ON (p.document_id) p.document_id, p.page_no, p.label,
        ${
          match
            ? sql`CASE WHEN p.tsv @@ ${match}
                THEN ts_headline(${CONFIG}, p.text, ${match}, ${`StartSel=${OPEN}, StopSel=${CLOSE}, MaxWords=40, MinWords=15, MaxFragments=1, FragmentDelimiter=…`})
                ELSE substr(p.text, 1, 240) END`
            : sql`substr(p.text, 1, 240)`
        } AS snippet,
        ${match ? sql`(p.tsv @@ ${match})` : sql`false`} AS matched
      FROM pages p
      WHERE p.document_id IN (${sql.join(ids)})
      ORDER BY p.document_id, ${match ? sql`(p.tsv @@ ${match}) DESC, ts_rank_cd(p.tsv, ${match}) DESC,` : sql``} p.page_no`.execute(db);
    const byDoc = new Map(best.rows.map((b) => [b.document_id, b]));
    return rows.map((r) => {
      const b = byDoc.get(r.document_id);
      const head = (b?.snippet ?? '').replace(/\s+/g, ' ').trim();
      return {
        documentId: r.document_id,
        score: Math.round(Number(r.score) * 1000) / 1000,
        page: b?.page_no ?? 1,
        pageLabel: b?.label ?? null,
        snippet: b?.matched ? markSnippet(b.snippet) : escapeHtml(head.length >= 240 ? `${head.replace(/\s\S*$/, '')}…` : head),
      };
    });
  }

  /** The document's most distinctive lexemes: tf from its own tsvector, df from the GIN index. */
  async function distinctiveTerms(documentId: string, count: number): Promise<string[]> {
    const own = await sql<{ word: string; nentry: number }>`
      SELECT word, nentry FROM ts_stat(${`SELECT to_tsvector('english', coalesce(string_agg(text, ' '), '')) FROM pages WHERE document_id = ${escapeLiteral(documentId)}`})
      WHERE length(word) >= 3 ORDER BY nentry DESC LIMIT 60`.execute(db);
    const n = Number((await sql<{ n: number }>`SELECT count(*) AS n FROM search_docs`.execute(db)).rows[0]?.n ?? 1);
    const scored: { term: string; w: number }[] = [];
    for (const r of own.rows) {
      if (!/^\p{L}+$/u.test(r.word)) continue;
      const df = Number(
        (await sql<{ n: number }>`SELECT count(*) AS n FROM search_docs WHERE tsv @@ to_tsquery('simple', ${r.word})`.execute(db)).rows[0]
          ?.n ?? 0,
      );
      if (df < 2 || df > Math.max(2, n / 3)) continue;
      scored.push({ term: r.word, w: (1 + Math.log(r.nentry)) * Math.log(n / df) });
    }
    return scored
      .sort((a, b) => b.w - a.w || a.term.localeCompare(b.term))
      .slice(0, count)
      .map((x) => x.term);
  }

  return {
    name: 'postgres',

    async indexDocuments(trx, docs) {
      const { keyOf: keys } = await writeSearchRows(trx, docs);
      for (let i = 0; i < docs.length; i += 200) {
        const rows = docs.slice(i, i + 200).map((d) => sql`(${keys.get(d.id)!}::int, ${d.title}::text, ${searchBody(d)}::text)`);
        await sql`UPDATE search_docs AS sd
          SET tsv = setweight(to_tsvector(${CONFIG}, v.title), 'A') || setweight(to_tsvector(${CONFIG}, v.body), 'B')
          FROM (VALUES ${sql.join(rows)}) AS v(rowid, title, body) WHERE sd.rowid = v.rowid`.execute(trx);
      }
    },

    async removeDocuments(trx, ids) {
      await deleteSearchRows(trx, ids);
    },

    search: (req) => guarded(() => run(req)),

    async similar(documentId, limit) {
      const doc = await db.selectFrom('search_docs').select('rowid').where('document_id', '=', documentId).executeTakeFirst();
      if (!doc) return null;
      const terms = await distinctiveTerms(documentId, 12);
      if (terms.length === 0) return EMPTY_RESPONSE;
      // Stemmed lexemes are matched as they are (the 'simple' config leaves them alone).
      const text: TextNode = { kind: 'or', children: terms.map((t) => ({ kind: 'term', text: t, prefix: false, field: null, pos: 0 })) };
      return guarded(() =>
        run({ query: { text, filters: [], dates: [], sort: null }, limit, offset: 0, cursor: null, sort: 'relevance', facetLimit: 0 }, [
          sql`sd.rowid <> ${doc.rowid}`,
        ]),
      );
    },
  };
}

/** A string literal for the one place a query is passed as text (ts_stat takes a query string): quotes doubled. */
function escapeLiteral(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

export { lexemes };
