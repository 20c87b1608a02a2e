import type { Db } from '../../db/database.js';
import { matchKeys, type FtsTable, type ScoreMemo } from './sqlite-fts5.rank.js';

/**
 * The match sets of broad text queries, kept between searches.
 *
 * Every search needs the full set of documents its words match (the total and the facet counts are exact), and for
 * a word or phrase in most of the archive FTS5 spends most of the query producing it: ~25 ns a document to walk the
 * doclists, twice that to hand the keys over ("secretary of state" at a million documents: 860,000 keys, ~130 ms).
 * A reader who searches once then narrows by facets, dates, sort and pages asks for the same text again and again.
 *
 * So the sets of at least `minSize` documents are kept, least recently used first out, within `budgetBytes` (4 bytes
 * a key), for one search generation: any index write (which bumps it, in every process) makes them all stale, as
 * it does the in-memory index they are used with. Small sets are not kept: FTS5 finds them in a few milliseconds.
 *
 * Beside the sets, and on the same terms (one generation, off with a budget of 0): the bm25 scores a text's tiers
 * were read with (sqlite-fts5.rank.ts) and the re-ranked heads of searches (sqlite-fts5.rerank.ts).
 */
export interface MatchSets {
  /**
   * The keys `match` finds in `table`, ascending, for the search generation of the in-memory index in use; `list`,
   * if given, is how to read them when they are not kept (by default `matchKeys`).
   */
  get(match: string, table: FtsTable, generation: number, list?: () => Promise<Uint32Array>): Promise<Uint32Array>;
  /** Whether the set of `match` in `table` is kept for this generation (a `get` would not read the index). */
  has(match: string, table: FtsTable, generation: number): boolean;
  /** Bytes held by the sets. */
  readonly bytes: number;
  /**
   * The bm25 scores of `match` read so far in this generation (document key → score), for the ranking to add to
   * and reuse, and the count of searches that asked (this one included); the last `SCORED_TEXTS` texts are kept.
   */
  scores(match: string, generation: number): ScoreMemo | null;
  /** The re-ranked head of a search (`key`: its words and head), computed once per generation; the last 64 kept. */
  reranked<T>(key: string, generation: number, compute: () => Promise<T>): Promise<T>;
}

/** Texts whose scores are remembered (each at most SCORE_MEMO_CAP of them, sqlite-fts5.rank.ts). */
export const SCORED_TEXTS = 32;
const RERANKED_HEADS = 64;

interface Entry {
  generation: number;
  keys: Uint32Array;
}

const setKey = (table: FtsTable, match: string) => `${table}\u0000${match}`;

export const DEFAULT_MATCH_SETS = { budgetBytes: 64 * 1024 * 1024, minSize: 2000 };

export function createMatchSets(
  db: Db,
  { budgetBytes, minSize }: { budgetBytes: number; minSize: number } = DEFAULT_MATCH_SETS,
): MatchSets {
  const lru = new Map<string, Entry>();
  let bytes = 0;

  const drop = (key: string) => {
    const e = lru.get(key);
    if (!e) return;
    bytes -= e.keys.byteLength;
    lru.delete(key);
  };
  const keep = (key: string, e: Entry) => {
    drop(key);
    if (e.keys.length < minSize || e.keys.byteLength > budgetBytes) return;
    lru.set(key, e);
    bytes += e.keys.byteLength;
    for (const k of lru.keys()) {
      if (bytes <= budgetBytes) break;
      drop(k);
    }
  };

  const scored = new Map<string, ScoreMemo & { generation: number }>();

  const heads = new Map<string, { generation: number; value: Promise<unknown> }>();

  return {
    reranked<T>(key: string, generation: number, compute: () => Promise<T>): Promise<T> {
      if (budgetBytes <= 0) return compute();
      const hit = heads.get(key);
      heads.delete(key);
      if (hit && hit.generation === generation) {
        heads.set(key, hit);
        return hit.value as Promise<T>;
      }
      const value = compute();
      heads.set(key, { generation, value });
      value.catch(() => {
        if (heads.get(key)?.value === value) heads.delete(key);
      });
      if (heads.size > RERANKED_HEADS) heads.delete(heads.keys().next().value!);
      return value;
    },
    scores(match, generation) {
      if (budgetBytes <= 0) return null;
      const hit = scored.get(match);
      scored.delete(match);
      const entry = hit && hit.generation === generation ? hit : { generation, scores: new Map<number, number>(), searches: 0 };
      entry.searches++;
      scored.set(match, entry);
      if (scored.size > SCORED_TEXTS) scored.delete(scored.keys().next().value!);
      return entry;
    },
    has(match, table, generation) {
      return lru.get(setKey(table, match))?.generation === generation;
    },
    get bytes() {
      return bytes;
    },
    async get(match, table, generation, list = () => matchKeys(db, match, table)) {
      if (budgetBytes <= 0) return list();
      const key = setKey(table, match);
      const hit = lru.get(key);
      if (hit && hit.generation === generation) {
        lru.delete(key);
        lru.set(key, hit);
        return hit.keys;
      }
      const keys = await list();
      // An in-memory index older than the entry's (another request's, mid-reload) reads afresh and keeps nothing.
      if (!hit || hit.generation < generation) keep(key, { generation, keys });
      return keys;
    },
  };
}
