import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import type { TextNode } from '../query.ast.js';
import { TOKENIZER } from './sqlite-fts5.snippets.js';
import type { Ranked } from './sqlite-fts5.rank.js';

/**
 * Second-stage ranking of the first few bm25 results, with what bm25 cannot
 * see: whether the query's words occur together, and as they were typed.
 *
 * bm25 adds up each word's weight wherever it occurs, so a document that says
 * "bank" thirty times beats one that has "bank" and "closure" in one sentence,
 * a document with one of five OR-ed words may beat one with four, and the
 * stemmer makes "banks" find every "State Bank". For the `candidates` best bm25
 * results, their pages (and section headings) go into two scratch FTS5 indexes
 * — the document index's tokenizer, and the same without the stemmer — and each
 * score is adjusted:
 *
 *   score' = bm25 · coverage^coverageExp · ((1 + typed) / 2)^exactExp − proximity · ln(1 + near)
 *
 * - coverage: the idf-weighted share of the query's distinct stems the document
 *   contains (1 for an AND query: every result has every word);
 * - typed: the idf-weighted share of the query's words it contains as typed;
 * - near: over each page, for every two neighbouring occurrences of different
 *   query stems at most `distance` words apart, min(idf) / gap.
 *
 * bm25 is negative (lower is better), so every term moves good documents up.
 * Weights were chosen on the tuning volume of `npm run eval:search` and checked
 * on the held-out volumes (docs/search.md). Documents past the first
 * `candidates` keep their plain bm25 order, so paging stays consistent: the
 * candidates are exactly the bm25 prefix of the ranking. Cost: tokenising the
 * candidates' text twice (~100 KB for 30 FRUS-length documents, a few ms).
 */
export interface RerankOptions {
  /** How many of the best bm25 results are re-ranked (0 turns re-ranking off). */
  candidates: number;
  /** Words at most this far apart count as near. */
  distance: number;
  /** Weight of the proximity evidence, in bm25 units. */
  proximity: number;
  /** Exponent of the coverage factor (0: ignore coverage). */
  coverageExp: number;
  /** Exponent of the as-typed factor (0: stemmed matches count as much as exact ones). */
  exactExp: number;
  /** Pages read per candidate (a long report is judged on its opening pages). */
  maxPages: number;
}
export const DEFAULT_RERANK: RerankOptions = {
  candidates: 30,
  distance: 10,
  proximity: 2,
  coverageExp: 0.5,
  exactExp: 0.5,
  maxPages: 20,
};

/** Page rowids in the scratch index: document key · 2^20 + page number (0: the section headings; pages beyond maxPages are not read). */
const PAGE_BITS = 2 ** 20;

/** A query word's stem and its idf in the whole index. */
export interface QueryWord {
  stem: string;
  idf: number;
}

/** Positions of the query words on one document's pages: page → [offset, word index] pairs. */
export type Occurrences = Map<number, [number, number][]>;

/** Positive words of the query (words of terms, phrases and NEAR groups; not prefixes, not title-only). */
export function rerankWords(node: TextNode | null): string[] {
  if (!node) return [];
  switch (node.kind) {
    case 'term':
      return node.prefix || node.field ? [] : [node.text];
    case 'phrase':
      return node.field ? [] : [node.text];
    case 'near':
      return node.terms;
    case 'and':
    case 'or':
      return node.children.flatMap(rerankWords);
    case 'not':
      return [];
  }
}

/** What one candidate shows: its pages' occurrences of the stems, and which words it has as typed. */
export interface DocEvidence {
  occ?: Occurrences | undefined;
  exactIn?: ReadonlySet<number> | undefined;
}

/**
 * Pure: the adjusted score of one candidate (lower is better, as bm25). `exact` lists the query's words as typed
 * with the index of their stem in `words`.
 */
export function adjustedScore(
  bm25: number,
  doc: DocEvidence,
  words: readonly QueryWord[],
  exact: readonly { stem: number }[],
  opts: RerankOptions,
): number {
  let all = 0;
  for (const w of words) all += w.idf;
  if (!doc.occ || all === 0) return bm25;
  const present = new Set<number>();
  let near = 0;
  for (const list of doc.occ.values()) {
    list.sort((a, b) => a[0] - b[0]);
    for (let i = 0; i < list.length; i++) {
      const [at, w] = list[i]!;
      present.add(w);
      if (i === 0) continue;
      const [prevAt, prevW] = list[i - 1]!;
      const gap = at - prevAt;
      if (prevW !== w && gap > 0 && gap <= opts.distance) near += Math.min(words[w]!.idf, words[prevW]!.idf) / gap;
    }
  }
  let have = 0;
  for (const w of present) have += words[w]!.idf;
  let factor = opts.coverageExp === 0 ? 1 : Math.pow(have / all, opts.coverageExp);
  // Words found as typed ("banks", not only "bank" of "State Bank"): half the factor's range.
  let typedAll = 0;
  let typedHave = 0;
  exact.forEach((e, i) => {
    const w = words[e.stem]?.idf ?? 0;
    typedAll += w;
    if (doc.exactIn?.has(i)) typedHave += w;
  });
  if (opts.exactExp > 0 && typedAll > 0) factor *= Math.pow((1 + typedHave / typedAll) / 2, opts.exactExp);
  return bm25 * factor - opts.proximity * Math.log1p(near);
}

/** Pure: candidates in their new order, scores adjusted; ties keep the bm25 order. */
export function reorder(window: readonly Ranked[], evidence: Evidence, words: readonly QueryWord[], opts: RerankOptions): Ranked[] {
  return window
    .map((r, i) => ({
      r: {
        doc: r.doc,
        score: adjustedScore(r.score, { occ: evidence.occ.get(r.doc), exactIn: evidence.exactIn.get(r.doc) }, words, evidence.exact, opts),
      },
      i,
    }))
    .sort((a, b) => a.r.score - b.r.score || a.i - b.i)
    .map((x) => x.r);
}

/** What the scratch indexes tell about the candidates. */
export interface Evidence {
  /** The query's distinct stems (what `occ` word indexes point into). */
  stems: string[];
  /** Per candidate key, its pages' occurrences of the stems. */
  occ: Map<number, Occurrences>;
  /** The query's words as typed (lower case, no accents), each with the index of its stem. */
  exact: { word: string; stem: number }[];
  /** Per candidate key, which of `exact` it contains as written (indexes into `exact`). */
  exactIn: Map<number, Set<number>>;
}

/** The exact-form index: the document tokenizer without the stemmer. */
const EXACT_TOKENIZER = TOKENIZER.replace(/^porter\s+/, '');

/**
 * Stems of `words` and their positions on the candidates' pages, and which words occur there as written, from
 * two scratch contentless FTS5 tables in the connection's temp schema (stemmed as the document index, and not
 * stemmed), filled and emptied in one transaction so concurrent requests never share them.
 */
export async function readEvidence(db: Db, docs: readonly number[], words: readonly string[], maxPages: number): Promise<Evidence> {
  return db.transaction().execute(async (trx) => {
    for (const [table, tokenizer] of [
      ['rerank_fts', TOKENIZER],
      ['rerank_exact', EXACT_TOKENIZER],
    ] as const) {
      await sql`CREATE VIRTUAL TABLE IF NOT EXISTS ${sql.raw(`temp.${table}`)} USING fts5(text, content = '', ${sql.raw(`tokenize = '${tokenizer}'`)})`.execute(
        trx,
      );
      await sql`CREATE VIRTUAL TABLE IF NOT EXISTS ${sql.raw(`temp.${table}_terms`)} USING fts5vocab(temp, ${sql.raw(table)}, instance)`.execute(
        trx,
      );
    }
    try {
      // The query's words first, one row each (negative rowids), to learn their stems from the same tokenizer.
      const wordRows = sql.join(words.map((w, i) => sql`(${-(i + 1)}, ${w})`));
      await sql`INSERT INTO temp.rerank_fts(rowid, text) VALUES ${wordRows}`.execute(trx);
      await sql`INSERT INTO temp.rerank_exact(rowid, text) VALUES ${wordRows}`.execute(trx);
      const stemmed = await sql<{
        term: string;
        doc: number;
        offset: number;
      }>`SELECT term, doc, "offset" FROM temp.rerank_fts_terms`.execute(trx);
      const typed = await sql<{
        term: string;
        doc: number;
        offset: number;
      }>`SELECT term, doc, "offset" FROM temp.rerank_exact_terms`.execute(trx);
      const stems = [...new Set(stemmed.rows.map((r) => r.term))];
      const index = new Map(stems.map((s, i) => [s, i]));
      // Both tokenizers cut the same tokens: a word's n-th token as typed has the n-th stem.
      const stemAt = new Map(stemmed.rows.map((r) => [`${r.doc}:${r.offset}`, index.get(r.term)!]));
      const exact: Evidence['exact'] = [];
      const seen = new Set<string>();
      for (const r of typed.rows) {
        const stem = stemAt.get(`${r.doc}:${r.offset}`);
        if (stem === undefined || seen.has(r.term)) continue;
        seen.add(r.term);
        exact.push({ word: r.term, stem });
      }
      const evidence: Evidence = { stems, occ: new Map(), exact, exactIn: new Map() };
      if (stems.length < 2) return evidence;
      // The text as indexed (search.facets.ts searchBody): the pages, and as "page 0" the section headings.
      const text = sql`
        SELECT sd.rowid * ${PAGE_BITS} + p.page_no, p.text FROM search_docs sd JOIN pages p ON p.document_id = sd.document_id
        WHERE sd.rowid IN (${sql.join(docs)}) AND p.page_no <= ${maxPages}
        UNION ALL
        SELECT sd.rowid * ${PAGE_BITS}, f.value FROM search_docs sd JOIN document_fields f ON f.document_id = sd.document_id
        WHERE sd.rowid IN (${sql.join(docs)}) AND f.name = 'sections'`;
      await sql`INSERT INTO temp.rerank_fts(rowid, text) ${text}`.execute(trx);
      await sql`INSERT INTO temp.rerank_exact(rowid, text) ${text}`.execute(trx);
      const rows = await sql<{ term: string; doc: number; offset: number }>`
        SELECT term, doc, "offset" FROM temp.rerank_fts_terms WHERE term IN (${sql.join(stems)}) AND doc > 0`.execute(trx);
      for (const r of rows.rows) {
        const key = Math.floor(r.doc / PAGE_BITS);
        let pages = evidence.occ.get(key);
        if (!pages) evidence.occ.set(key, (pages = new Map<number, [number, number][]>()));
        let list = pages.get(r.doc);
        if (!list) pages.set(r.doc, (list = []));
        list.push([r.offset, index.get(r.term)!]);
      }
      if (exact.length > 0) {
        const at = new Map(exact.map((e, i) => [e.word, i]));
        const found = await sql<{ term: string; doc: number }>`
          SELECT DISTINCT term, doc FROM temp.rerank_exact_terms WHERE term IN (${sql.join(exact.map((e) => e.word))}) AND doc > 0`.execute(
          trx,
        );
        for (const r of found.rows) {
          const key = Math.floor(r.doc / PAGE_BITS);
          let set = evidence.exactIn.get(key);
          if (!set) evidence.exactIn.set(key, (set = new Set()));
          set.add(at.get(r.term)!);
        }
      }
      return evidence;
    } finally {
      await sql`INSERT INTO temp.rerank_fts(rerank_fts) VALUES ('delete-all')`.execute(trx);
      await sql`INSERT INTO temp.rerank_exact(rerank_exact) VALUES ('delete-all')`.execute(trx);
    }
  });
}

/** Document frequencies from `doc_fts_vocab`, remembered per index generation (a common word's count reads its whole doclist). */
export function createDocFrequencies(db: Db, max = 20_000) {
  let generation = -1;
  const known = new Map<string, number>();
  return async function frequencies(stems: readonly string[], gen: number): Promise<Map<string, number>> {
    if (gen !== generation || known.size > max) {
      known.clear();
      generation = gen;
    }
    const missing = stems.filter((s) => !known.has(s));
    if (missing.length > 0) {
      for (const s of missing) known.set(s, 0);
      const rows = await sql<{
        term: string;
        doc: number;
      }>`SELECT term, doc FROM doc_fts_vocab WHERE term IN (${sql.join(missing)})`.execute(db);
      for (const r of rows.rows) known.set(r.term, r.doc);
    }
    return new Map(stems.map((s) => [s, known.get(s) ?? 0]));
  };
}

/** bm25's idf (FTS5's own formula, without its clamp): ln((N − n + ½) / (n + ½)), at least 0. */
export const idf = (n: number, docs: number) => Math.max(0, Math.log((docs - n + 0.5) / (n + 0.5)));

/**
 * A page of the relevance order with its head re-ranked. `plain(take, offset, after)` pages the bm25 order
 * (sqlite-fts5.rank.ts); the first `candidates` of it are re-ordered by `rerank`, the rest follow in bm25 order.
 * A cursor names a document: inside the head it resumes after that document's new place, past the head it is
 * a plain bm25 cursor. Returned rows carry their bm25 score as the cursor key (`k`) and the shown score.
 */
export async function pageWithHead(
  plain: (take: number, offset: number, after: { k: number; r: number } | null) => Promise<Ranked[]>,
  rerank: (head: Ranked[]) => Promise<Ranked[]>,
  candidates: number,
  take: number,
  offset: number,
  after: { k: number; r: number } | null,
): Promise<{ doc: number; k: number; score: number }[]> {
  const asPlain = (rows: Ranked[]) => rows.map((r) => ({ doc: r.doc, k: r.score, score: r.score }));
  if (candidates <= 0 || (after === null && offset >= candidates)) return asPlain(await plain(take, offset, after));
  const head = await plain(candidates, 0, null);
  const reordered = await rerank(head);
  const bm25Of = new Map(head.map((r) => [r.doc, r.score]));
  let start = offset;
  if (after) {
    const at = reordered.findIndex((r) => r.doc === after.r);
    if (at === -1) return asPlain(await plain(take, 0, after));
    start = at + 1;
  }
  const out = reordered.slice(start, start + take).map((r) => ({ doc: r.doc, k: bm25Of.get(r.doc)!, score: r.score }));
  const last = head[head.length - 1];
  if (out.length < take && head.length === candidates && last)
    out.push(...asPlain(await plain(take - out.length, 0, { k: last.score, r: last.doc })));
  return out;
}
