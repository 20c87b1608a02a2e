import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../db/database.js';
import { searchErrors } from '../search.errors.js';
import { has, lowerBound, minus, sortUnique } from '../search.keys.js';

/**
 * Relevance order without scoring every match.
 *
 * FTS5's bm25() costs ~3 µs a row plus, once per statement, a pass over each
 * phrase's whole doclist (its idf). Scoring 800,000 matches of "government"
 * takes most of a second. So the result set S (known in full, ascending keys)
 * is cut into tiers of `tier` documents — its title matches first, then the
 * rest, each from the newest key down — and bm25 ranks within a tier: the
 * order is (tier, bm25, key). A set no larger than one
 * tier — every query of the relevance evaluation — is ranked exactly as plain
 * bm25 ranks it; a page only scores the one or two tiers it shows.
 *
 * When the query is one word or phrase found in half the archive or more,
 * bm25's idf is clamped to ~0 (FTS5: log((N − n + ½) / (n + ½)) ≤ 0 → 1e-6), so
 * its order carries no signal worth its cost: such "broad" sets are listed
 * newest first (score 0).
 */
export interface RankOptions {
  /** Documents per bm25 tier (and the largest set ranked exactly). */
  tier: number;
  /** Put a large set's title matches in the first tiers (one more pass over the doclists). */
  titleFirst: boolean;
}
export const DEFAULT_RANK: RankOptions = { tier: 2000, titleFirst: true };

export interface Ranked {
  doc: number;
  /** Raw bm25 (lower is better), 0 for broad sets. */
  score: number;
}

/**
 * The tiers of S, best first: when `title` (S's members that match in the title) is given and is a proper part of
 * S, its documents come first — bm25 weighs the title 4:1, so they hold most of the top — then the rest; each
 * group in runs of `size` from the newest key down.
 */
function tiersOf(set: Uint32Array, title: Uint32Array | null, size: number): Uint32Array[] {
  const parts: Uint32Array[] = [];
  const chunks = (a: Uint32Array) => {
    for (let hi = a.length; hi > 0; hi -= size) parts.push(a.subarray(Math.max(0, hi - size), hi));
  };
  if (title && title.length > 0 && title.length < set.length) {
    chunks(title);
    chunks(minus(set, title));
  } else chunks(set);
  return parts;
}

/** A page of S in relevance order: `take` documents after `offset`, or after the cursor position (score, key). */
export async function pageByRelevance(
  db: Db,
  opts: {
    match: string;
    bm25: RawBuilder<unknown>;
    set: Uint32Array;
    whole: boolean;
    broad: boolean;
    tier: number;
    /** S's members matching in the title, ascending (a first tier group), or null. */
    title?: Uint32Array | null;
  },
  take: number,
  offset: number,
  after: { k: number; r: number } | null,
): Promise<Ranked[]> {
  const { set } = opts;
  const n = set.length;
  if (opts.broad) {
    // Newest first: positions are plain indices from the end.
    const start = after ? n - lowerBound(set, after.r) : offset;
    const out: Ranked[] = [];
    for (let i = start; i < n && out.length < take; i++) out.push({ doc: set[n - 1 - i]!, score: 0 });
    return out;
  }
  const size = Math.max(1, opts.tier);
  const split = n > size && opts.title ? opts.title : null;
  const parts = tiersOf(set, split, size);
  // A part is a contiguous run of the text matches only when S is all of them and there is one group.
  const whole = opts.whole && !(split && split.length > 0 && split.length < n);
  let t = 0;
  let skip = 0;
  if (after) {
    while (t < parts.length && !has(parts[t]!, after.r)) t++;
    // The cursor's document is no longer in the result (the index changed since): its position is unknown.
    if (t === parts.length)
      throw searchErrors.invalidCursor('The results changed since this cursor was given out; start again from the first page.');
  } else {
    let seen = 0;
    while (t < parts.length && seen + parts[t]!.length <= offset) seen += parts[t++]!.length;
    skip = offset - seen;
  }
  const out: Ranked[] = [];
  for (let first = true; t < parts.length && out.length < take; t++, first = false) {
    const part = parts[t]!;
    const cursorHere = after !== null && first;
    const rows = await scoreTier(db, { ...opts, whole }, part, cursorHere ? part.length : skip + take - out.length);
    const list = cursorHere ? rows.filter((r) => r.score > after.k || (r.score === after.k && r.doc > after.r)) : rows;
    for (const r of list.slice(skip)) {
      if (out.length === take) break;
      out.push(r);
    }
    skip = 0;
  }
  return out;
}

/** bm25 order of the documents `part` (ascending keys, a run of S): the first `limit`. */
async function scoreTier(
  db: Db,
  opts: { match: string; bm25: RawBuilder<unknown>; whole: boolean },
  part: Uint32Array,
  limit: number,
): Promise<Ranked[]> {
  if (part.length === 0) return [];
  const first = part[0]!;
  const last = part[part.length - 1]!;
  // When S is all the text matches, the rowid range is the tier; otherwise S's members are picked out by
  // a membership test (`+rowid` keeps SQLite from probing FTS5 row by row, which would redo bm25's set-up per row).
  const member = opts.whole ? sql`` : sql`AND +rowid IN (SELECT value FROM json_each(${JSON.stringify(Array.from(part))}))`;
  const rows = await sql<{ doc: number; score: number }>`
    SELECT rowid AS doc, ${opts.bm25} AS score FROM doc_fts
    WHERE doc_fts MATCH ${opts.match} AND rowid BETWEEN ${first} AND ${last} ${member}
    ORDER BY score, rowid LIMIT ${Math.min(limit, part.length)}`.execute(db);
  return rows.rows;
}

/**
 * The keys of the documents a MATCH expression finds (in the document index, or in the titles' own index),
 * ascending, in one round trip: group_concat, cast to a BLOB so the list reaches JS as bytes (no UTF-8 decoding
 * into a string) and is parsed here.
 */
export async function matchKeys(db: Db, match: string, table: 'doc_fts' | 'doc_title_fts' = 'doc_fts'): Promise<Uint32Array> {
  const t = sql.table(table);
  const row = await sql<{ ids: Uint8Array | null }>`
    SELECT CAST(group_concat(rowid) AS BLOB) AS ids FROM ${t} WHERE ${t} MATCH ${match}`.execute(db);
  return parseKeys(row.rows[0]?.ids ?? new Uint8Array(0));
}

/** Keys from comma-separated decimal ASCII, ascending and distinct (sorted here if they were not). */
export function parseKeys(s: Uint8Array): Uint32Array {
  if (s.length === 0) return new Uint32Array(0);
  const out = new Uint32Array((s.length >> 1) + 1);
  let n = 0;
  let v = 0;
  let sorted = true;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === 44) {
      if (n > 0 && v <= out[n - 1]!) sorted = false;
      out[n++] = v;
      v = 0;
    } else v = v * 10 + (c - 48);
  }
  if (n > 0 && v <= out[n - 1]!) sorted = false;
  out[n++] = v;
  const keys = out.slice(0, n);
  return sorted ? keys : sortUnique(keys);
}
