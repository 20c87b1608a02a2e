import { CompiledQuery, sql } from 'kysely';
import type { Db } from '../../db/database.js';
import type { SortOrder, TextNode } from '../query.ast.js';
import { deleteSearchRows, searchBody, writeSearchRows } from '../search.facets.js';
import { searchErrors } from '../search.errors.js';
import { intersect, minus } from '../search.keys.js';
import { createMemIndexCache, dayNumber, type MemIndex } from '../search.memindex.js';
import { applyMetadata, countFacets, countStarts, pageByDate } from '../search.memindex.query.js';
import { decodeCursor, EMPTY_RESPONSE, encodeCursor } from '../search.sql.js';
import type { SearchDocument, SearchProvider, SearchRequest, SearchResponse } from '../search.types.js';
import { compileText, prefixTerms, type PrefixStems } from './sqlite-fts5.compile.js';
import {
  asInteger,
  DEFAULT_RANK,
  earlyTierQuery,
  matchKeys,
  matchKeysQuery,
  pageByRelevance,
  type EarlyTier,
  type RankOptions,
  type Ranked,
} from './sqlite-fts5.rank.js';
import type { SideReader } from './sqlite-fts5.side.js';
import {
  createDocFrequencies,
  DEFAULT_RERANK,
  idf,
  pageWithHead,
  readEvidence,
  reorder,
  rerankWords,
  type RerankOptions,
} from './sqlite-fts5.rerank.js';
import { createMatchSets, DEFAULT_MATCH_SETS } from './sqlite-fts5.sets.js';
import { distinctiveTerms } from './sqlite-fts5.similar.js';
import { withSnippets } from './sqlite-fts5.snippets.js';

export { escapeHtml, markSnippet, TOKENIZER } from './sqlite-fts5.snippets.js';

/** BM25 column weights of the document index (title, body). Tuned with `npm run eval:search` (docs/search.md). */
export interface Ranking {
  title: number;
  body: number;
}
export const DEFAULT_RANKING: Ranking = { title: 4, body: 1 };

/**
 * SQLite FTS5: `doc_fts` finds and ranks documents (migration 0020); snippets
 * come from the hits' pages at query time (sqlite-fts5.snippets.ts); filters,
 * dates, sorting by date and facet counts run on the in-memory index
 * (search.memindex.ts).
 */
export function createSqliteFtsProvider({
  db,
  ranking = DEFAULT_RANKING,
  rank = DEFAULT_RANK,
  rerank = DEFAULT_RERANK,
  matchSets = DEFAULT_MATCH_SETS,
  side = null,
}: {
  db: Db;
  ranking?: Ranking;
  rank?: RankOptions;
  /** Second-stage ranking of the first bm25 results (sqlite-fts5.rerank.ts). */
  rerank?: RerankOptions;
  /** Match sets kept between searches (sqlite-fts5.sets.ts); a budget of 0 keeps none. */
  matchSets?: { budgetBytes: number; minSize: number };
  /**
   * A second connection in its own thread (sqlite-fts5.side.ts): a first search lists half its matches, or scores
   * its likely first tier, there (`planAhead`).
   */
  side?: SideReader | null;
}): SearchProvider {
  const bm25 = sql`bm25(doc_fts, ${sql.lit(ranking.title)}, ${sql.lit(ranking.body)})`;
  const memo = createMemIndexCache(db);
  const frequencies = createDocFrequencies(db);
  const sets = createMatchSets(db, matchSets);

  /** Stems in the index that a prefix may have lost its tail to ("negoti" for "negotiat*"). */
  async function prefixStems(node: TextNode | null): Promise<PrefixStems> {
    const out = new Map<string, string[]>();
    for (const p of prefixTerms(node)) {
      const cut = [1, 2, 3].map((n) => p.slice(0, p.length - n)).filter((c) => c.length >= 3);
      if (cut.length === 0) continue;
      const found: string[] = [];
      // An 'instance' fts5vocab answers "is this term in the index?" with its first occurrence; the 'row' one
      // (doc_fts_vocab) counts the term's documents first, a pass over its whole doclist (4 ms for "negoti" at 1M).
      await sql`CREATE VIRTUAL TABLE IF NOT EXISTS temp.doc_fts_instances USING fts5vocab(main, 'doc_fts', 'instance')`.execute(db);
      for (const c of cut) {
        const rows = await sql<{ term: string }>`SELECT term FROM temp.doc_fts_instances WHERE term = ${c} LIMIT 1`.execute(db);
        found.push(...rows.rows.map((r) => r.term));
      }
      out.set(p, found);
    }
    return out;
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

  /**
   * The result set is a sorted array of document keys: FTS5 finds the text
   * matches (keys only, no scoring), the in-memory index applies filters and
   * dates. Its size is the total; facets are counted over it; only the page
   * shown is ranked (sqlite-fts5.rank.ts) or picked by date.
   */
  async function run(req: SearchRequest, except: number | null = null): Promise<SearchResponse> {
    const ix = await memo.get();
    const text = compileText(req.query.text, await prefixStems(req.query.text));
    let set: Uint32Array;
    // The text's matches in the titles' own index (migration 45), read at most once per search.
    let titles: Promise<Uint32Array | null> | null = null;
    const titleMatches = (match: string) => (titles ??= sets.get(match, 'doc_title_fts', ix.generation).catch(() => null));
    const ahead = text.match
      ? await planAhead({ ix, match: text.match, rankText: text.rank ?? text.match, titleMatches, req, except })
      : null;
    const early = ahead?.early ?? null;
    const matched = text.match
      ? await sets.get(text.match, 'doc_fts', ix.generation, ahead?.split ? () => listSplit(ix, text.match!) : undefined)
      : null;
    if (matched) set = matched;
    else set = text.exclude ? minus(ix.all, await sets.get(text.exclude, 'doc_fts', ix.generation)) : ix.all;
    const textMatches = set.length;
    const filtered = applyMetadata(ix, set, req.query.filters, req.query.dates);
    if (!filtered) return EMPTY_RESPONSE;
    set = filtered;
    if (except !== null) set = minus(set, Uint32Array.of(except));
    const total = set.length;
    if (total === 0) return EMPTY_RESPONSE;
    // Counted before the page is ranked: while a first tier is scored on the side reader, not after.
    let facets = req.facetLimit > 0 ? countFacets(ix, set, req.facetLimit) : null;
    if (req.dateUnit) facets = { ...(facets ?? { fields: {}, years: [], decades: [] }), dates: countStarts(ix, set, req.dateUnit) };

    const sort: SortOrder = req.sort === 'relevance' && !text.match ? 'date_asc' : req.sort;
    const take = req.limit + 1;
    const offset = req.cursor ? 0 : req.offset;
    const c = req.cursor ? decodeCursor(req.cursor) : null;
    let page: { doc: number; k: number; score: number }[];
    if (sort === 'relevance' && text.match && matched) {
      const broad = isSingleLeaf(req.query.text) && textMatches * 2 >= ix.all.length && set.length > rank.tier;
      // Large sets: which of them match in the title (the first tiers), from the titles' own index (migration 45).
      const title =
        rank.titleFirst && !broad && set.length > rank.tier
          ? await titleMatches(text.match).then((t) => (t ? intersect(set, t) : null))
          : null;
      // Once per search: the memo counts the searches of a text (sqlite-fts5.rank.ts reads whole tiers from the second).
      const scores = sets.scores(text.match, ix.generation);
      const plain = (n: number, from: number, after: { k: number; r: number } | null) =>
        pageByRelevance(
          db,
          {
            match: text.match!,
            rank: text.rank ?? text.match!,
            bm25,
            set,
            matched,
            broad,
            tier: rank.tier,
            title,
            scores,
            early,
          },
          n,
          from,
          after,
        );
      const words = [...new Set(rerankWords(req.query.text).map((w) => w.toLowerCase()))];
      // One word or phrase, or a broad set listed by date: nothing to weigh against each other.
      const candidates = broad || isSingleLeaf(req.query.text) || words.length < 2 ? 0 : rerank.candidates;
      page = await pageWithHead(
        plain,
        async (head) => {
          if (head.length < 2) return head;
          // The new order depends on the head (documents and bm25 scores) and the words alone: a repeated search
          // or a later page of it reuses it.
          const key = `${words.join(' ')}\u0000${head.map((h) => `${h.doc}:${h.score}`).join(',')}`;
          return sets.reranked(key, ix.generation, async () => {
            const evidence = await readEvidence(
              db,
              head.map((h) => h.doc),
              words,
              rerank.maxPages,
            );
            if (evidence.stems.length < 2) return head;
            const df = await frequencies(evidence.stems, ix.generation);
            const weighted = evidence.stems.map((stem) => ({ stem, idf: idf(df.get(stem) ?? 0, ix.all.length) }));
            return reorder(head, evidence, weighted, rerank);
          });
        },
        candidates,
        take,
        offset,
        c ? { k: Number(c.k), r: c.r } : null,
      );
    } else {
      const desc = sort === 'date_desc';
      const after = c ? { k: typeof c.k === 'number' ? c.k : dayNumber(c.k) || (desc ? 0 : 99991231), r: c.r } : null;
      page = pageByDate(ix, set, desc, take, offset, after).map((p) => ({ ...p, score: 0 }));
    }
    const top = page.slice(0, req.limit);
    const last = top[top.length - 1];
    const next = page.length > req.limit && last ? encodeCursor({ k: last.k, r: last.doc }) : null;
    const hits = await withSnippets(db, await documentIds(top), text.snippet);
    return { total, hits, next, facets };
  }

  /** Searches running in this process (a side statement is started only for a search running alone). */
  let running = 0;

  /**
   * What a first search hands the side reader while this thread lists the text's matches: the listing of half of
   * them, when the result will be ordered without bm25 (by date, or a broad single word or phrase, newest first);
   * otherwise its likely first tier to score. Only when nothing else is running here: under load the other core is
   * busy with other searches, and a text searched before (its set kept) has nothing to overlap.
   */
  async function planAhead(search: FirstSearch): Promise<{ split: boolean; early: EarlyTier | null } | null> {
    const { ix, match, req } = search;
    if (!side || !side.idle || running > 1 || sets.has(match, 'doc_fts', ix.generation)) return null;
    // A prefix's terms have their doclists merged whole whatever the key range: neither half of a listing nor a
    // sample of the newest documents reads less than the whole.
    const ranged = prefixTerms(req.query.text).length === 0;
    if (req.sort !== 'relevance') return ranged ? { split: true, early: null } : null;
    if (ranged && isSingleLeaf(req.query.text) && (await likelyBroad(ix, match))) return { split: true, early: null };
    return { split: false, early: await scoreAhead(search) };
  }

  /**
   * Whether a word or phrase is likely in half the archive or more (then listed newest first, without bm25): its
   * share of the newest `BROAD_SAMPLE` documents, read in well under a millisecond (FTS5 reads only that range of
   * the doclists), is at least 40%. A wrong guess costs time, never the result.
   */
  async function likelyBroad(ix: MemIndex, match: string): Promise<boolean> {
    const sample = Math.min(BROAD_SAMPLE, ix.all.length);
    const from = ix.all[ix.all.length - sample];
    if (from === undefined) return false;
    const row = await sql<{ n: number }>`
      SELECT count(*) AS n FROM doc_fts WHERE doc_fts MATCH ${match} AND rowid >= ${asInteger(from)}`.execute(db);
    return (row.rows[0]?.n ?? 0) >= sample * 0.4;
  }

  /**
   * The text's matches read in two halves of the keys at once: the older half here, the newer on the side reader
   * (each reads only its range of the doclists, and parses its own keys). Falls back to reading the newer half here.
   */
  async function listSplit(ix: MemIndex, match: string): Promise<Uint32Array> {
    const mid = ix.all[ix.all.length >> 1];
    if (!side || mid === undefined) return matchKeys(db, match);
    const newer = side.keys(matchKeysQuery(match, 'doc_fts', { above: mid }).compile(db));
    const older = await matchKeys(db, match, 'doc_fts', { upTo: mid });
    const got = await newer;
    const upper = got && got.generation === ix.generation ? got.keys : await matchKeys(db, match, 'doc_fts', { above: mid });
    const all = new Uint32Array(older.length + upper.length);
    all.set(older);
    all.set(upper, older.length);
    return all;
  }

  /**
   * A first search's likely first tier, scored on the side reader while this thread lists the text's matches
   * (FTS5's walk of the doclists, ~25 ns a document, and bm25's set-up, another walk of them, then overlap on two
   * cores instead of following each other). The tier a large set's first page comes from is its newest title
   * matches (sqlite-fts5.rank.ts); the titles' own index lists them in well under a millisecond, and the filters
   * apply to them in memory, so the tier is known, but for the text's exclusions, before the matches are: the side
   * statement runs the whole match over them, so it finds exactly the tier's members. When the set turns out
   * otherwise (small, broad, or not led by titles) its rows go unused. A text without title matches and without
   * filters has its newest matches as its first tier: those are scored.
   */
  async function scoreAhead({ ix, match, rankText, titleMatches, req, except }: FirstSearch): Promise<EarlyTier | null> {
    if (!side || !rank.titleFirst) return null;
    const titles = await titleMatches(match);
    if (!titles) return null;
    let members = applyMetadata(ix, titles, req.query.filters, req.query.dates);
    if (!members) return null;
    if (except !== null) members = minus(members, Uint32Array.of(except));
    members = members.subarray(Math.max(0, members.length - rank.tier));
    const plain = req.query.filters.length === 0 && req.query.dates.length === 0 && except === null;
    // No title matches: without filters the first tier is the text's newest matches.
    if (members.length === 0 && !plain) return null;
    let limit = Math.max((req.cursor ? 0 : req.offset) + req.limit + 1, rerank.candidates);
    // Given members are scored with the text minus its exclusions (as sqlite-fts5.rank.ts scores a title group: the
    // same bm25, without a pass over an excluded word's doclist), all of them: those the exclusions remove are
    // dropped once the result set is known.
    const given = members.length > 0;
    if (given && rankText !== match) limit = members.length;
    const query = earlyTierQuery(given ? rankText : match, bm25, given ? members : null, rank.tier, limit).compile(db);
    const generation = ix.generation;
    const rows = side.all<Ranked & { tier: number }>(query).then((r) => (r && r.generation === generation ? r.rows : null));
    return { members: given ? members : null, limit, rows };
  }

  async function documentIds(rows: { doc: number; score: number }[]): Promise<{ doc: number; document_id: string; score: number }[]> {
    if (rows.length === 0) return [];
    const found = await db
      .selectFrom('search_docs')
      .select(['rowid', 'document_id'])
      .where(
        'rowid',
        'in',
        rows.map((r) => r.doc),
      )
      .execute();
    const idOf = new Map(found.map((f) => [f.rowid, f.document_id]));
    return rows.flatMap((r) => {
      const id = idOf.get(r.doc);
      return id === undefined ? [] : [{ doc: r.doc, document_id: id, score: r.score }];
    });
  }

  return {
    name: 'sqlite-fts5',

    async indexDocuments(trx, docs) {
      const keys = await writeRowsDropText(trx, docs);
      // One row per statement, on purpose (see FTS_INSERT).
      for (const d of docs) {
        const key = keys.get(d.id);
        await trx.executeQuery(CompiledQuery.raw(FTS_INSERT.doc, [key, d.title, searchBody(d)]));
        if (d.title !== '') await trx.executeQuery(CompiledQuery.raw(FTS_INSERT.title, [key, d.title]));
      }
    },

    beginBatch(trx) {
      let staged = false;
      return {
        async index(docs) {
          if (!staged) {
            await sql.raw(STAGE.create).execute(trx);
            staged = true;
          }
          const keys = await writeRowsDropText(trx, docs);
          for (let i = 0; i < docs.length; i += STAGE.rows) {
            const part = docs.slice(i, i + STAGE.rows);
            await trx.executeQuery(
              CompiledQuery.raw(
                STAGE.insert(part.length),
                part.flatMap((d) => [keys.get(d.id), d.title, searchBody(d)]),
              ),
            );
          }
        },
        async finish() {
          if (!staged) return;
          for (const statement of STAGE.finish) await sql.raw(statement).execute(trx);
        },
      };
    },

    async removeDocuments(trx, ids) {
      const keys = await deleteSearchRows(trx, ids);
      for (const k of keys) {
        await sql`DELETE FROM doc_fts WHERE rowid = CAST(${k} AS INTEGER)`.execute(trx);
        await sql`DELETE FROM doc_title_fts WHERE rowid = CAST(${k} AS INTEGER)`.execute(trx);
      }
    },

    async search(req) {
      running++;
      try {
        return await guarded(() => run(req));
      } finally {
        running--;
      }
    },

    async warmUp() {
      side?.warm();
      await memo.get();
    },

    async similar(documentId, limit) {
      const doc = await db.selectFrom('search_docs').select('rowid').where('document_id', '=', documentId).executeTakeFirst();
      if (!doc) return null;
      const terms = await distinctiveTerms(db, documentId, 12);
      if (terms.length === 0) return EMPTY_RESPONSE;
      const text: TextNode = { kind: 'or', children: terms.map((t) => ({ kind: 'term', text: t, prefix: false, field: null, pos: 0 })) };
      return guarded(() =>
        run(
          { query: { text, filters: [], dates: [], sort: null }, limit, offset: 0, cursor: null, sort: 'relevance', facetLimit: 0 },
          doc.rowid,
        ),
      );
    },
  };
}

/**
 * The index writes, one row per statement. A statement that may need a statement journal (any multi-row INSERT,
 * into FTS5 or not) makes SQLite call xSavepoint on every FTS5 table written so far in the transaction, and FTS5
 * writes its pending terms out as a new segment there. With 200-row statements alternating between `doc_fts` and
 * `doc_title_fts`, every statement cut a segment of the other table: a segment per 200 documents, all of them
 * merged again and again as the index grew. A single-row INSERT needs no statement journal, so a transaction's
 * terms stay in FTS5's memory until its `hashsize` (migration 50) or the commit: one segment per transaction, as
 * long as no other multi-row statement follows in it (a file's slices do: `beginBatch` stages them).
 * The key is cast: bound as a JavaScript number it is a REAL.
 */
export const FTS_INSERT = {
  doc: 'INSERT INTO doc_fts(rowid, title, body) VALUES (CAST(? AS INTEGER), ?, ?)',
  title: 'INSERT INTO doc_title_fts(rowid, title) VALUES (CAST(? AS INTEGER), ?)',
} as const;

/**
 * A batch's text rows wait in a temporary table (`beginBatch`), and reach FTS5 in one statement per table at its
 * end. Ingest stores a file in one transaction, a slice of documents at a time, and each slice also writes rows
 * with multi-row INSERTs (documents, fields, mentions, facets), each needing a statement journal: written slice by
 * slice, FTS5 wrote its pending terms out as a new segment at the next slice's first such INSERT (see
 * `FTS_INSERT`), a segment per 100 documents, merged again as the index grew. Staged, a file is one segment per
 * table, written from SQLite's own memory (the text leaves the JavaScript heap at once). The temporary table is
 * this connection's, in memory under `withBulkWrites`, emptied at each batch's end, and rolls back with the
 * transaction.
 */
const STAGE = {
  // No constraint that could abort a statement (which would need a statement journal): a key staged twice keeps its
  // last text, as indexing it twice would.
  create: 'CREATE TEMP TABLE IF NOT EXISTS fts_staged (k INTEGER PRIMARY KEY, title TEXT, body TEXT)',
  /** Rows per INSERT. */
  rows: 100,
  insert: (n: number) =>
    `INSERT OR REPLACE INTO temp.fts_staged(k, title, body) VALUES ${Array(n).fill('(CAST(? AS INTEGER), ?, ?)').join(', ')}`,
  finish: [
    'INSERT INTO doc_fts(rowid, title, body) SELECT k, title, body FROM temp.fts_staged ORDER BY k',
    "INSERT INTO doc_title_fts(rowid, title) SELECT k, title FROM temp.fts_staged WHERE title <> '' ORDER BY k",
    'DELETE FROM temp.fts_staged',
  ],
} as const;

/**
 * Writes the documents' search rows (`writeSearchRows`) and drops the full-text rows of those indexed before, whose
 * new text follows; returns each document's key.
 */
async function writeRowsDropText(trx: Db, docs: readonly SearchDocument[]): Promise<Map<string, number>> {
  const { keyOf, replaced } = await writeSearchRows(trx, docs);
  for (let i = 0; i < replaced.length; i += 400) {
    const list = sql.join(replaced.slice(i, i + 400).map((r) => sql`CAST(${r} AS INTEGER)`));
    await sql`DELETE FROM doc_fts WHERE rowid IN (${list})`.execute(trx);
    await sql`DELETE FROM doc_title_fts WHERE rowid IN (${list})`.execute(trx);
  }
  return keyOf;
}

/** A search whose text's matches are about to be listed (what `planAhead` decides on). */
interface FirstSearch {
  ix: MemIndex;
  match: string;
  /** `match` without its top-level exclusions. */
  rankText: string;
  /** The text's matches in the titles' index (read once per search). */
  titleMatches: (match: string) => Promise<Uint32Array | null>;
  req: SearchRequest;
  /** A document left out (`similar`), or null. */
  except: number | null;
}

/** Documents (the newest) a word's share of is read to guess whether it is in half the archive (`likelyBroad`). */
const BROAD_SAMPLE = 5000;

/** One word, phrase or prefix (its idf alone decides whether bm25 can order it). */
function isSingleLeaf(node: TextNode | null): boolean {
  return node !== null && (node.kind === 'term' || node.kind === 'phrase');
}
