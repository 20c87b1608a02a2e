import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../db/database.js';
import { searchErrors } from '../search.errors.js';
import { has, intersect, lowerBound, minus, parseKeys, sortUnique } from '../search.keys.js';

export { parseKeys };

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
    /** `match` without its top-level exclusions (the same bm25 for S's members, fewer doclists to read). */
    rank: string;
    bm25: RawBuilder<unknown>;
    set: Uint32Array;
    /** Every document `match` finds, ascending (S is a subset). */
    matched: Uint32Array;
    broad: boolean;
    tier: number;
    /** S's members matching in the title, ascending (a first tier group), or null. */
    title?: Uint32Array | null;
    /** bm25 scores of `match` known from earlier pages (read and added to), or null. */
    scores?: ScoreMemo | null;
    /** A first tier scored ahead (sqlite-fts5.ts), used if it is this page's tier. */
    early?: EarlyTier | null;
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
  for (let first = true; t < parts.length && out.length < take; first = false) {
    const cursorHere = after !== null && first;
    const need = (cursorHere ? parts[t]!.length : skip) + take - out.length;
    // The tiers this page reaches are scored in one statement: bm25's set-up (a pass over each phrase's doclist)
    // and the pass over the members' range are paid once, not once per tier (a title group of 4 and the next tier).
    let u = t;
    for (let avail = parts[t]!.length; avail < need && u + 1 < parts.length;) avail += parts[++u]!.length;
    const rows = await scoreTiers(db, opts, parts.slice(t, u + 1), need);
    const list = cursorHere ? rows.filter((r) => r.tier > 0 || r.score > after.k || (r.score === after.k && r.doc > after.r)) : rows;
    for (const r of list.slice(skip)) {
      if (out.length === take) break;
      out.push({ doc: r.doc, score: r.score });
    }
    skip = 0;
    t = u + 1;
  }
  return out;
}

/** What scoring a page's tiers needs (`pageByRelevance`'s options). */
type TierOptions = {
  tier: number;
  match: string;
  rank: string;
  bm25: RawBuilder<unknown>;
  set: Uint32Array;
  matched: Uint32Array;
  early?: EarlyTier | null;
};

/**
 * Order (tier, bm25, key) of the documents of consecutive tiers `parts` (each ascending keys, a run of S): the first
 * `limit`, each with the index of its tier in `parts`.
 */
async function scoreTiers(
  db: Db,
  opts: TierOptions & { scores?: ScoreMemo | null },
  parts: Uint32Array[],
  limit: number,
): Promise<(Ranked & { tier: number })[]> {
  const members = parts.length === 1 ? parts[0]! : sortUnique(concat(parts));
  if (members.length === 0) return [];
  // A text asked for the first time reads only the page's scores (all of a tier's cost ~1 ms more to hand over);
  // from its second search on, the tiers' scores are read whole and kept.
  const memo = opts.scores && opts.scores.searches > 1 ? opts.scores.scores : null;
  if (!memo) return scoreTiersSql(db, opts, parts, members, limit);
  // A document's bm25 for a text does not depend on the filters or the page: scores read once serve every later
  // page and narrowing of the same text (in one search generation). The memo takes every score of the tiers read.
  const known: (Ranked & { tier: number })[] = [];
  for (let t = 0; t < parts.length; t++)
    for (const doc of parts[t]!) {
      const score = memo.get(doc);
      if (score === undefined) {
        const rows = await scoreTiersSql(db, opts, parts, members, members.length);
        if (memo.size + rows.length <= SCORE_MEMO_CAP) for (const r of rows) memo.set(r.doc, r.score);
        return rows.slice(0, limit);
      }
      known.push({ doc, score, tier: t });
    }
  known.sort((a, b) => a.tier - b.tier || a.score - b.score || a.doc - b.doc);
  return known.slice(0, limit);
}

/** The bm25 scores of one text (document key → score) and how many searches of the text have asked for them. */
export interface ScoreMemo {
  scores: Map<number, number>;
  searches: number;
}

/** Scores remembered per text at most (deep pages past it are scored each time). */
export const SCORE_MEMO_CAP = 16_000;

/**
 * A first tier scored ahead: on the side reader (sqlite-fts5.side.ts), while this thread lists the matches, a
 * first search scores the tier its page most likely comes from (sqlite-fts5.ts) — either given members (the newest
 * title matches that pass the filters) or, for a text with no title matches and no filters, its newest matches.
 */
export interface EarlyTier {
  /** The documents scored (ascending): at most a tier of title matches, filters applied; or null: the newest matches. */
  members: Uint32Array | null;
  /** How many of the best were asked for. */
  limit: number;
  /**
   * Those of them the text finds (given members: the text without its exclusions), in the order (score, key); null
   * when the side read failed or read another generation.
   */
  rows: Promise<(Ranked & { tier: number })[] | null>;
}

/** The statement of an early tier: its documents scored as the only tier, the best `limit` (ordered as `scoreTiersSql` orders them). */
export function earlyTierQuery(
  match: string,
  bm25: RawBuilder<unknown>,
  members: Uint32Array | null,
  tier: number,
  limit: number,
): RawBuilder<Ranked & { tier: number }> {
  return members
    ? membersQuery(match, bm25, sql`0`, members, limit)
    : sql`SELECT doc, score, 0 AS tier FROM (
          SELECT rowid AS doc, ${bm25} AS score FROM doc_fts WHERE doc_fts MATCH ${match} ORDER BY rowid DESC LIMIT ${tier})
        ORDER BY score, doc LIMIT ${limit}`;
}

/** Scores picked out of the matches by a membership test (`+rowid` keeps SQLite from probing FTS5 row by row). */
function membersQuery(match: string, bm25: RawBuilder<unknown>, tier: RawBuilder<unknown>, members: Uint32Array, take: number) {
  return sql<{ doc: number; score: number; tier: number }>`
    SELECT rowid AS doc, ${bm25} AS score, ${tier} AS tier FROM doc_fts
    WHERE doc_fts MATCH ${match} AND rowid BETWEEN ${asInteger(members[0]!)} AND ${asInteger(members[members.length - 1]!)}
      AND +rowid IN ${keyList(members)}
    ORDER BY tier, score, rowid LIMIT ${take}`;
}

const keyList = (keys: Uint32Array) => sql`(SELECT value FROM json_each(${JSON.stringify(Array.from(keys))}))`;

/**
 * Whether `early` scored exactly `members`, the only tier of a page, in the result set S: its given members found in
 * S are that tier; or, scoring the newest `tier` matches, S is every match and `members` its newest `tier`.
 */
function isEarlyTier(early: EarlyTier, members: Uint32Array, opts: { set: Uint32Array; matched: Uint32Array; tier: number }): boolean {
  const { set } = opts;
  if (members.length === 0) return false;
  if (!early.members) {
    const n = set.length;
    return (
      n === opts.matched.length &&
      members.length === Math.min(opts.tier, n) &&
      members[0] === set[n - members.length] &&
      members[members.length - 1] === set[n - 1]
    );
  }
  if (members[0]! < early.members[0]!) return false;
  const inSet = intersect(early.members, set);
  if (inSet.length !== members.length) return false;
  for (let i = 0; i < members.length; i++) if (inSet[i] !== members[i]) return false;
  return true;
}

async function scoreTiersSql(
  db: Db,
  opts: TierOptions,
  parts: Uint32Array[],
  members: Uint32Array,
  limit: number,
): Promise<(Ranked & { tier: number })[]> {
  const { early } = opts;
  if (early && parts.length === 1 && limit <= early.limit && isEarlyTier(early, members, opts)) {
    const rows = await early.rows;
    // Scored without the exclusions, a given member may be outside the result set.
    if (rows) return (early.members ? rows.filter((r) => has(opts.set, r.doc)) : rows).slice(0, limit);
  }
  const lo = members[0]!;
  const hi = members[members.length - 1]!;
  const tier =
    parts.length === 1
      ? sql`0`
      : sql`CASE ${sql.join(
          parts.slice(0, -1).map((p, i) => sql`WHEN +rowid IN ${keyList(p)} THEN ${i}`),
          sql` `,
        )} ELSE ${parts.length - 1} END`;
  const take = Math.min(limit, members.length);
  // FTS5 reads the doclists from `hi` down to `lo` only (integer bounds, see `matchKeysQuery`): the text matches in
  // [lo, hi], exactly `m` of them, are read newest first when they are all members (a run of the matches) or few
  // enough; bm25 is computed for the members only. (bm25's set-up still reads each phrase's whole doclist.)
  const m = lowerBound(opts.matched, hi + 1) - lowerBound(opts.matched, lo);
  if (m === members.length || m * 2 <= opts.matched.length) {
    const score = m === members.length ? opts.bm25 : sql`CASE WHEN +rowid IN ${keyList(members)} THEN ${opts.bm25} END`;
    const rows = await sql<{ doc: number; score: number; tier: number }>`
      SELECT doc, score, tier FROM (
        SELECT rowid AS doc, ${score} AS score, ${tier} AS tier FROM doc_fts
        WHERE doc_fts MATCH ${opts.match} AND rowid BETWEEN ${asInteger(lo)} AND ${asInteger(hi)} ORDER BY rowid DESC LIMIT ${m})
      WHERE score IS NOT NULL ORDER BY tier, score, doc LIMIT ${take}`.execute(db);
    return rows.rows;
  }
  // Members spread over most of the matches (a title group): one pass, members picked out by a membership test
  // (`+rowid` keeps SQLite from probing FTS5 row by row, which would redo bm25's set-up for each row). Being listed,
  // they can be found with the match minus its exclusions: an excluded word has no instance in them, so bm25 scores
  // them the same, without its pass over the excluded word's doclist.
  const rows = await membersQuery(opts.rank, opts.bm25, tier, members, take).execute(db);
  return rows.rows;
}

function concat(parts: readonly Uint32Array[]): Uint32Array {
  const out = new Uint32Array(parts.reduce((n, p) => n + p.length, 0));
  let n = 0;
  for (const p of parts) {
    out.set(p, n);
    n += p.length;
  }
  return out;
}

/**
 * The keys of the documents a MATCH expression finds (in the document index, or in the titles' own index),
 * ascending, in one round trip: group_concat, cast to a BLOB so the list reaches JS as bytes (no UTF-8 decoding
 * into a string) and is parsed here.
 */
export type FtsTable = 'doc_fts' | 'doc_title_fts';

export async function matchKeys(db: Db, match: string, table: FtsTable = 'doc_fts', range: KeyRange = {}): Promise<Uint32Array> {
  const row = await matchKeysQuery(match, table, range).execute(db);
  return parseKeys(row.rows[0]?.ids ?? new Uint8Array(0));
}

/** Keys above `above` and up to `upTo` (either bound optional). */
export interface KeyRange {
  above?: number;
  upTo?: number;
}

/**
 * The statement of `matchKeys`. Bounds on the key are bound as integers: a JavaScript number binds as a REAL, and
 * FTS5 ignores a rowid bound that is not an INTEGER (it then reads the whole doclists, whatever the range).
 */
export function matchKeysQuery(match: string, table: FtsTable, range: KeyRange = {}): RawBuilder<{ ids: Uint8Array | null }> {
  const t = sql.table(table);
  const above = range.above === undefined ? sql`` : sql` AND rowid > ${asInteger(range.above)}`;
  const upTo = range.upTo === undefined ? sql`` : sql` AND rowid <= ${asInteger(range.upTo)}`;
  return sql<{ ids: Uint8Array | null }>`
    SELECT CAST(group_concat(rowid) AS BLOB) AS ids FROM ${t} WHERE ${t} MATCH ${match}${above}${upTo}`;
}

/** A key bound for FTS5 (see `matchKeysQuery`). */
export const asInteger = (key: number) => sql`CAST(${key} AS INTEGER)`;
