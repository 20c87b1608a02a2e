import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../db/database.js';
import type { Query, SortOrder, TextNode } from '../query.ast.js';
import { deleteSearchRows, writeSearchRows } from '../search.facets.js';
import { searchErrors } from '../search.errors.js';
import { countFacets, decodeCursor, EMPTY_RESPONSE, encodeCursor, metadataConditions, whereOf } from '../search.sql.js';
import type { SearchHit, SearchProvider, SearchRequest, SearchResponse } from '../search.types.js';
import { compileText, prefixTerms, type PrefixStems } from './sqlite-fts5.compile.js';
import { distinctiveTerms } from './sqlite-fts5.similar.js';

/** Sentinels FTS5 puts around matches; replaced by <mark> after HTML-escaping. */
const OPEN = '\u0002';
const CLOSE = '\u0003';

export const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function markSnippet(raw: string): string {
  return escapeHtml(raw).replaceAll(OPEN, '<mark>').replaceAll(CLOSE, '</mark>').replace(/\s+/g, ' ').trim();
}

/** BM25 column weights of the document index (title, body). Tuned with `npm run eval:search` (docs/search.md). */
export interface Ranking {
  title: number;
  body: number;
}
export const DEFAULT_RANKING: Ranking = { title: 4, body: 1 };

/** The tokenizer of every FTS5 table the provider reads (migration 0020). */
export const TOKENIZER = 'porter unicode61 remove_diacritics 2';

/** SQLite FTS5: `doc_fts` ranks documents (migration 0020); snippets come from the hits' pages at query time. */
export function createSqliteFtsProvider({ db, ranking = DEFAULT_RANKING }: { db: Db; ranking?: Ranking }): SearchProvider {
  const bm25 = sql`bm25(doc_fts, ${sql.lit(ranking.title)}, ${sql.lit(ranking.body)})`;

  /** FROM + WHERE of the result set (no ordering), and the ranking key expression. */
  /** Stems in the index that a prefix may have lost its tail to ("negoti" for "negotiat*"). */
  async function prefixStems(node: TextNode | null): Promise<PrefixStems> {
    const out = new Map<string, string[]>();
    for (const p of prefixTerms(node)) {
      const cut = [1, 2, 3].map((n) => p.slice(0, p.length - n)).filter((c) => c.length >= 3);
      if (cut.length === 0) continue;
      const rows = await sql<{ term: string }>`SELECT term FROM doc_fts_vocab WHERE term IN (${sql.join(cut)})`.execute(db);
      out.set(
        p,
        rows.rows.map((r) => r.term),
      );
    }
    return out;
  }

  async function resultSet(query: Query, extra: RawBuilder<unknown>[] = []) {
    const text = compileText(query.text, await prefixStems(query.text));
    const meta = await metadataConditions(db, query);
    if (!meta) return null; // a required value exists nowhere
    const where: RawBuilder<unknown>[] = [...extra, ...meta];
    let from: RawBuilder<unknown>;
    let score: RawBuilder<unknown>;
    if (text.match) {
      from = sql`doc_fts CROSS JOIN search_docs sd ON sd.rowid = doc_fts.rowid`;
      where.unshift(sql`doc_fts MATCH ${text.match}`);
      score = bm25;
    } else {
      from = sql`search_docs sd`;
      if (text.exclude) where.push(sql`sd.rowid NOT IN (SELECT rowid FROM doc_fts WHERE doc_fts MATCH ${text.exclude})`);
      score = sql`0`;
    }
    return { from, where, score, snippet: text.snippet, hasText: text.match !== null };
  }

  /** Runs a search; engine errors from FTS5 (which the compiler should never produce) become coded 400s, not 500s. */
  async function guarded<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err);
      if (/fts5|syntax error|unterminated|no such column/i.test(msg))
        throw searchErrors.invalidQuery('The search engine could not run this query; try simpler words.', { cause: err });
      throw err;
    }
  }

  async function run(req: SearchRequest, extra: RawBuilder<unknown>[] = []): Promise<SearchResponse> {
    const set = await resultSet(req.query, extra);
    if (!set) return EMPTY_RESPONSE;
    const { from, where } = set;
    const whereSql = whereOf(where);
    const totalRow = await sql<{ n: number }>`SELECT count(*) AS n FROM ${from} ${whereSql}`.execute(db);
    const total = totalRow.rows[0]?.n ?? 0;
    if (total === 0) return EMPTY_RESPONSE;

    const sort: SortOrder = req.sort === 'relevance' && !set.hasText ? 'date_asc' : req.sort;
    const key =
      sort === 'relevance'
        ? set.score
        : sort === 'date_asc'
          ? sql`coalesce(sd.date_start, '9999-12-31')`
          : sql`coalesce(sd.date_start, '0000-00-00')`;
    const dir = sort === 'date_desc' ? sql`DESC` : sql`ASC`;
    let page = whereSql;
    if (req.cursor) {
      const c = decodeCursor(req.cursor);
      const cmp = sort === 'date_desc' ? sql`<` : sql`>`;
      page = whereOf([...where, sql`(${key}, sd.rowid) ${cmp} (${c.k}, ${c.r})`]);
    }
    const rows = await sql<{ doc: number; document_id: string; k: number | string; score: number }>`
      SELECT sd.rowid AS doc, sd.document_id, ${key} AS k, ${set.score} AS score
      FROM ${from} ${page}
      ORDER BY k ${dir}, sd.rowid ${dir}
      LIMIT ${req.limit + 1} OFFSET ${req.cursor ? 0 : req.offset}`.execute(db);
    const top = rows.rows.slice(0, req.limit);
    const last = top[top.length - 1];
    const next = rows.rows.length > req.limit && last ? encodeCursor({ k: last.k, r: last.doc }) : null;
    const hits = await withSnippets(top, set.snippet);
    const facets = req.facetLimit > 0 ? await countFacets(db, from, where, req.facetLimit) : null;
    return { total, hits, next, facets };
  }

  /**
   * Best page and snippet per hit: the hits' pages go into a scratch FTS5 table
   * (the connection's temp schema, same tokenizer as the index), where one
   * MATCH ranks every page of every hit; each document keeps its best page.
   * Indexing the few pages shown costs less than a second, page-level index
   * over the whole archive (migration 40). Runs in a transaction so two
   * requests never share the scratch table.
   */
  async function withSnippets(rows: { doc: number; document_id: string; score: number }[], match: string | null): Promise<SearchHit[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.document_id);
    const { pages, found } = await db.transaction().execute(async (trx) => {
      const pages = await trx
        .selectFrom('pages')
        .select(['id', 'document_id', 'page_no', 'label', 'text'])
        .where('document_id', 'in', ids)
        .orderBy('document_id')
        .orderBy('page_no')
        .execute();
      if (!match) return { pages, found: [] as { id: number; s: string; rank: number }[] };
      await sql`CREATE VIRTUAL TABLE IF NOT EXISTS temp.snippet_pages USING fts5(text, ${sql.raw(`tokenize = '${TOKENIZER}'`)})`.execute(
        trx,
      );
      await sql`DELETE FROM temp.snippet_pages`.execute(trx);
      for (let i = 0; i < pages.length; i += 200)
        await sql`INSERT INTO temp.snippet_pages(rowid, text) VALUES ${sql.join(
          pages.slice(i, i + 200).map((p) => sql`(CAST(${p.id} AS INTEGER), ${p.text})`),
        )}`.execute(trx);
      const found = await sql<{ id: number; s: string; rank: number }>`
        SELECT rowid AS id, snippet(snippet_pages, 0, ${OPEN}, ${CLOSE}, '…', 24) AS s, bm25(snippet_pages) AS rank
        FROM temp.snippet_pages WHERE snippet_pages MATCH ${match}`.execute(trx);
      await sql`DELETE FROM temp.snippet_pages`.execute(trx);
      return { pages, found: found.rows };
    });
    const byDoc = new Map<string, typeof pages>();
    for (const p of pages) {
      const list = byDoc.get(p.document_id);
      if (list) list.push(p);
      else byDoc.set(p.document_id, [p]);
    }
    const pageById = new Map(pages.map((p) => [p.id, p]));
    const best = new Map<string, { page: (typeof pages)[number]; snippet: string; rank: number }>();
    for (const f of found) {
      const page = pageById.get(f.id);
      if (!page) continue;
      const prev = best.get(page.document_id);
      // bm25 is lower for better matches; ties go to the earlier page.
      if (!prev || f.rank < prev.rank || (f.rank === prev.rank && page.page_no < prev.page.page_no))
        best.set(page.document_id, { page, snippet: markSnippet(f.s), rank: f.rank });
    }
    return rows.map((r) => {
      let chosen: { page: (typeof pages)[number]; snippet: string } | undefined = best.get(r.document_id);
      const first = byDoc.get(r.document_id)?.[0];
      if (!chosen && first) {
        const head = first.text.slice(0, 240).replace(/\s+/g, ' ').trim();
        chosen = { page: first, snippet: escapeHtml(first.text.length > 240 ? `${head.replace(/\s\S*$/, '')}…` : head) };
      }
      return {
        documentId: r.document_id,
        score: Math.round(-r.score * 1000) / 1000,
        page: chosen?.page.page_no ?? 1,
        pageLabel: chosen?.page.label ?? null,
        snippet: chosen?.snippet ?? '',
      };
    });
  }

  return {
    name: 'sqlite-fts5',

    async indexDocuments(trx, docs) {
      const keys = await writeSearchRows(trx, docs);
      const rowids = [...keys.values()];
      for (let i = 0; i < rowids.length; i += 400)
        await sql`DELETE FROM doc_fts WHERE rowid IN (${sql.join(rowids.slice(i, i + 400).map((r) => sql`CAST(${r} AS INTEGER)`))})`.execute(
          trx,
        );
      for (let i = 0; i < docs.length; i += 200) {
        const rows = docs.slice(i, i + 200).map((d) => sql`(CAST(${keys.get(d.id)} AS INTEGER), ${d.title}, ${d.pages.join('\n\n')})`);
        await sql`INSERT INTO doc_fts(rowid, title, body) VALUES ${sql.join(rows)}`.execute(trx);
      }
    },

    async removeDocuments(trx, ids) {
      const keys = await deleteSearchRows(trx, ids);
      for (const k of keys) await sql`DELETE FROM doc_fts WHERE rowid = CAST(${k} AS INTEGER)`.execute(trx);
    },

    search: (req) => guarded(() => run(req)),

    async similar(documentId, limit) {
      const doc = await db.selectFrom('search_docs').select('rowid').where('document_id', '=', documentId).executeTakeFirst();
      if (!doc) return null;
      const terms = await distinctiveTerms(db, documentId, 12);
      if (terms.length === 0) return EMPTY_RESPONSE;
      const text: TextNode = { kind: 'or', children: terms.map((t) => ({ kind: 'term', text: t, prefix: false, field: null, pos: 0 })) };
      return guarded(() =>
        run({ query: { text, filters: [], dates: [], sort: null }, limit, offset: 0, cursor: null, sort: 'relevance', facetLimit: 0 }, [
          sql`sd.rowid <> ${doc.rowid}`,
        ]),
      );
    },
  };
}
