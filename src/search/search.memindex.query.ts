import type { DateFilter, Filter } from './query.ast.js';
import { intersect, sortUnique } from './search.keys.js';
import { dayNumber, resolveValues, type MemIndex } from './search.memindex.js';
import { FACETS, type FacetName, type Facets } from './search.types.js';

/**
 * Filtering, facet counting and date order over the in-memory index
 * (search.memindex.ts), exact and in a few linear passes.
 */

interface Condition {
  ids: number[];
  negated: boolean;
  /** How many (document, value) links its values have: the cost of reading its documents. */
  size: number;
}

const postingsSize = (ix: MemIndex, ids: readonly number[]) =>
  ids.reduce((n, id) => n + (ix.postOffsets[id + 1] ?? 0) - (ix.postOffsets[id] ?? 0), 0);

/** The documents having any of these values, ascending. */
function documentsOf(ix: MemIndex, ids: readonly number[]): Uint32Array {
  const lists = ids.map((id) => ix.postings.subarray(ix.postOffsets[id] ?? 0, ix.postOffsets[id + 1] ?? 0));
  if (lists.length === 1) return lists[0]!;
  const all = new Uint32Array(lists.reduce((n, l) => n + l.length, 0));
  let n = 0;
  for (const l of lists) {
    all.set(l, n);
    n += l.length;
  }
  return sortUnique(all);
}

/** Bit sets of the documents having any of some values, per in-memory index (so per search generation). */
const bitSets = new WeakMap<MemIndex, Map<string, Uint32Array>>();
/** Bit sets kept per index (an eighth of a byte per document each: 2 MB in all at a million documents). */
const BIT_SETS = 16;

/**
 * The documents having any of these values, as a bit set over document keys. Filters use a few common values over
 * and over (type:telegram, classification:secret): each set is made once per generation from the inverted lists and
 * kept (least recently used out), instead of once per search.
 */
function documentBits(ix: MemIndex, ids: readonly number[]): Uint32Array {
  let kept = bitSets.get(ix);
  if (!kept) bitSets.set(ix, (kept = new Map<string, Uint32Array>()));
  const key = ids.join(',');
  const hit = kept.get(key);
  if (hit) {
    kept.delete(key);
    kept.set(key, hit);
    return hit;
  }
  const bits = new Uint32Array(((ix.offsets.length - 1) >>> 5) + 1);
  for (const id of ids)
    for (let j = ix.postOffsets[id] ?? 0, e = ix.postOffsets[id + 1] ?? 0; j < e; j++) {
      const d = ix.postings[j]!;
      bits[d >>> 5]! |= 1 << (d & 31);
    }
  kept.set(key, bits);
  if (kept.size > BIT_SETS) kept.delete(kept.keys().next().value!);
  return bits;
}

/** Dated documents by the year they start in (keys ascending within a year), and those spanning more than a year. */
interface ByYear {
  /** Where year y's keys start in `keys` (y = 0…9999; the end at y + 1). */
  offsets: Int32Array;
  keys: Uint32Array;
  long: Uint32Array;
}
const byYears = new WeakMap<MemIndex, ByYear>();

function byYear(ix: MemIndex): ByYear {
  const hit = byYears.get(ix);
  if (hit) return hit;
  const { all, dateStart, dateEnd } = ix;
  const offsets = new Int32Array(10_001);
  let long = 0;
  for (let i = 0; i < all.length; i++) {
    const s = dateStart[all[i]!]!;
    if (s <= 0) continue;
    offsets[((s / 10_000) | 0) + 1]!++;
    if (dateEnd[all[i]!]! - s > 10_000) long++;
  }
  for (let y = 1; y < offsets.length; y++) offsets[y]! += offsets[y - 1]!;
  const keys = new Uint32Array(offsets[offsets.length - 1]!);
  const next = offsets.slice(0, 10_000);
  const longKeys = new Uint32Array(long);
  let n = 0;
  for (let i = 0; i < all.length; i++) {
    const d = all[i]!;
    const s = dateStart[d]!;
    if (s <= 0) continue;
    keys[next[(s / 10_000) | 0]!++] = d;
    if (dateEnd[d]! - s > 10_000) longKeys[n++] = d;
  }
  const out = { offsets, keys, long: longKeys };
  byYears.set(ix, out);
  return out;
}

/**
 * A bit set holding at least every document whose dates may meet [from, to] (YYYYMMDD, 0 = open): those starting
 * from the year before `from`'s to `to`'s year (a document spanning at most a year and reaching `from` starts no
 * earlier), and those spanning more. Null when that is not far fewer than `size` documents (nothing to gain).
 */
function dateWindow(ix: MemIndex, from: number, to: number, size: number): Uint32Array | null {
  const b = byYear(ix);
  const y0 = from ? Math.max(0, ((from / 10_000) | 0) - 1) : 0;
  const y1 = to ? Math.min(9_999, (to / 10_000) | 0) : 9_999;
  const lo = b.offsets[y0]!;
  const hi = b.offsets[y1 + 1]!;
  if ((hi - lo + b.long.length) * 4 > size) return null;
  const bits = new Uint32Array(((ix.offsets.length - 1) >>> 5) + 1);
  for (let i = lo; i < hi; i++) {
    const d = b.keys[i]!;
    bits[d >>> 5]! |= 1 << (d & 31);
  }
  for (const d of b.long) bits[d >>> 5]! |= 1 << (d & 31);
  return bits;
}

/**
 * The documents of `set` (ascending keys) that pass every filter and date
 * range; null when a required value exists nowhere (no result at all).
 *
 * When one required value set has far fewer documents than `set`, its
 * documents (from the inverted lists) are the candidates; the other
 * conditions are checked per candidate, against a map of their documents when
 * that is cheaper than reading the candidate's values.
 */
export function applyMetadata(
  ix: MemIndex,
  set: Uint32Array,
  filters: readonly Filter[],
  dates: readonly DateFilter[],
): Uint32Array | null {
  const conds: Condition[] = [];
  for (const f of filters) {
    const ids = resolveValues(ix, f);
    if (ids.length === 0) {
      if (f.negated) continue;
      return null;
    }
    conds.push({ ids, negated: f.negated, size: postingsSize(ix, ids) });
  }
  const ranges = dates.map((d) => ({ from: d.from ? dayNumber(d.from) : 0, to: d.to ? dayNumber(d.to) : 0, start: d.on === 'start' }));
  if (conds.length === 0 && ranges.length === 0) return set;

  let cand = set;
  let driver: Condition | null = null;
  for (const c of conds) if (!c.negated && (!driver || c.size < driver.size)) driver = c;
  if (driver && driver.size * 4 < set.length) {
    cand = intersect(documentsOf(ix, driver.ids), set);
    conds.splice(conds.indexOf(driver), 1);
    if (conds.length === 0 && ranges.length === 0) return cand;
  }

  // Conditions over common values are bit sets, combined into one (negated ones inverted): one test per candidate.
  let bits: Uint32Array | null = null;
  const checks: { values: Uint8Array; negated: boolean }[] = [];
  for (const c of conds) {
    if (c.size <= cand.length * 16) {
      const own = documentBits(ix, c.ids);
      if (!bits) bits = c.negated ? own.map((w) => ~w) : own.slice();
      else if (c.negated) for (let w = 0; w < bits.length; w++) bits[w]! &= ~own[w]!;
      else for (let w = 0; w < bits.length; w++) bits[w]! &= own[w]!;
      continue;
    }
    const values = new Uint8Array(ix.valueFacet.length);
    for (const id of c.ids) values[id] = 1;
    checks.push({ values, negated: c.negated });
  }
  // A date range narrows by the years documents start in first (a superset of its documents): most candidates are
  // then turned away by one bit test instead of reading their dates.
  for (const r of ranges) {
    const window = dateWindow(ix, r.from, r.to, cand.length);
    if (!window) continue;
    if (!bits) bits = window;
    else for (let w = 0; w < bits.length; w++) bits[w]! &= window[w]!;
  }
  const { offsets, values, dateStart, dateEnd } = ix;
  const out = new Uint32Array(cand.length);
  let n = 0;
  if (bits && checks.length === 0 && ranges.length === 0) {
    for (let i = 0; i < cand.length; i++) {
      const d = cand[i]!;
      if ((bits[d >>> 5]! >>> (d & 31)) & 1) out[n++] = d;
    }
    return out.subarray(0, n);
  }
  outer: for (let i = 0; i < cand.length; i++) {
    const d = cand[i]!;
    if (bits && ((bits[d >>> 5]! >>> (d & 31)) & 1) === 0) continue;
    for (const r of ranges) {
      if (r.start) {
        const s0 = dateStart[d]!;
        if (s0 === 0 || (r.from && s0 < r.from) || (r.to && s0 > r.to)) continue outer;
        continue;
      }
      // As in SQL: an undated document is outside every range.
      if (r.from && !(dateEnd[d]! !== 0 && dateEnd[d]! >= r.from)) continue outer;
      if (r.to && !(dateStart[d]! !== 0 && dateStart[d]! <= r.to)) continue outer;
    }
    for (const c of checks) {
      let has = false;
      for (let j = offsets[d]!, e = offsets[d + 1]!; j < e; j++)
        if (c.values[values[j]!]) {
          has = true;
          break;
        }
      if (has === c.negated) continue outer;
    }
    out[n++] = d;
  }
  return out.subarray(0, n);
}

/** Years are four digits (search_docs.year is the first four characters of the start date). */
const YEARS = 10_000;

/** Adds (sign 1) or removes (sign -1) the documents of `set` to per-value and per-year counters. */
function tally(ix: MemIndex, set: Uint32Array, counts: Uint32Array, years: Uint32Array, sign: 1 | -1): void {
  const { offsets, values, year } = ix;
  if (sign === 1)
    for (let i = 0; i < set.length; i++) {
      const d = set[i]!;
      for (let j = offsets[d]!, e = offsets[d + 1]!; j < e; j++) counts[values[j]!]!++;
      const y = year[d]!;
      if (y > 0) years[y]!++;
    }
  else
    for (let i = 0; i < set.length; i++) {
      const d = set[i]!;
      for (let j = offsets[d]!, e = offsets[d + 1]!; j < e; j++) counts[values[j]!]!--;
      const y = year[d]!;
      if (y > 0) years[y]!--;
    }
}

/** The archive's documents not in `set` (a map of `set`, then one pass over the archive: no merge branches). */
function complement(ix: MemIndex, set: Uint32Array): Uint32Array {
  const inSet = new Uint8Array(ix.offsets.length);
  for (let i = 0; i < set.length; i++) inSet[set[i]!] = 1;
  const { all } = ix;
  const out = new Uint32Array(all.length);
  let n = 0;
  for (let i = 0; i < all.length; i++) {
    const d = all[i]!;
    out[n] = d;
    n += 1 - inSet[d]!;
  }
  return out.subarray(0, n);
}

/** Counters over the whole archive, made once per index. */
function allCounts(ix: MemIndex): { values: Uint32Array; years: Uint32Array } {
  if (!ix.allCounts) {
    const values = new Uint32Array(ix.valueFacet.length);
    const years = new Uint32Array(YEARS);
    tally(ix, ix.all, values, years, 1);
    ix.allCounts = { values, years };
  }
  return ix.allCounts;
}

/**
 * Exact facet counts over `set`: one pass with one counter per value id, then the top `limit` per facet, and years.
 * A set holding over four fifths of the archive is counted by its complement: the archive's counts minus the rest's.
 */
export function countFacets(ix: MemIndex, set: Uint32Array, limit: number): Facets {
  const whole = set === ix.all;
  if (whole) {
    const cached = ix.allFacets.get(limit);
    if (cached) return cached;
  }
  let counts: Uint32Array;
  let years: Uint32Array;
  // Only when the rest is much smaller: the set's own keys are read in order (cache-friendly), the rest's scattered.
  if (!whole && (ix.all.length - set.length) * 4 < set.length) {
    const all = allCounts(ix);
    counts = all.values.slice();
    years = all.years.slice();
    tally(ix, complement(ix, set), counts, years, -1);
  } else {
    counts = new Uint32Array(ix.valueFacet.length);
    years = new Uint32Array(YEARS);
    tally(ix, set, counts, years, 1);
  }
  // The top `limit` values per facet (by count, then name), kept sorted while scanning the counters once.
  const names = ix.valueName;
  const better = (a: number, b: number) => counts[a]! > counts[b]! || (counts[a] === counts[b] && cmp(names[a]!, names[b]!) < 0);
  const tops: number[][] = FACETS.map(() => []);
  for (let id = 0; id < counts.length; id++) {
    if (counts[id] === 0) continue;
    const f = ix.valueFacet[id]!;
    if (f === 255) continue;
    const top = tops[f]!;
    if (top.length === limit) {
      if (!better(id, top[limit - 1]!)) continue;
      top[limit - 1] = id;
    } else top.push(id);
    for (let j = top.length - 1; j > 0 && better(top[j]!, top[j - 1]!); j--) [top[j], top[j - 1]] = [top[j - 1]!, top[j]!];
  }
  const fields: Facets['fields'] = {};
  tops.forEach((top, f) => {
    if (top.length) fields[FACETS[f] as FacetName] = top.map((id) => ({ value: names[id]!, count: counts[id]! }));
  });
  const yearList: Facets['years'] = [];
  const decades = new Map<string, number>();
  for (let y = 1; y < years.length; y++) {
    const c = years[y]!;
    if (c === 0) continue;
    yearList.push({ year: y, count: c });
    const dec = `${Math.floor(y / 10) * 10}s`;
    decades.set(dec, (decades.get(dec) ?? 0) + c);
  }
  const out: Facets = { fields, years: yearList, decades: [...decades].map(([decade, count]) => ({ decade, count })) };
  if (whole) ix.allFacets.set(limit, out);
  return out;
}

/** Binary (code unit) order, as SQL orders the values. */
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The sort key of a document for a date order: its start day, undated last either way; ties by key. */
export function dateKey(ix: MemIndex, d: number, desc: boolean): number {
  const s = ix.dateStart[d] ?? 0;
  return s === 0 ? (desc ? 0 : 99991231) : s;
}

/**
 * The page of `set` in date order after `offset` results or after the cursor
 * position (key, doc): a bounded selection for shallow pages, a sort otherwise.
 * Returns up to `take` documents.
 */
export function pageByDate(
  ix: MemIndex,
  set: Uint32Array,
  desc: boolean,
  take: number,
  offset: number,
  after: { k: number; r: number } | null,
): { doc: number; k: number }[] {
  // Composite numeric key: day * 2^26 + doc (both exact in a double for keys < 2^26).
  const SCALE = 67_108_864;
  const sign = desc ? -1 : 1;
  const bound = after ? sign * (after.k * SCALE + after.r) : -Infinity;
  const want = offset + take;
  const keyOf = (d: number) => sign * (dateKey(ix, d, desc) * SCALE + d);
  let keys: Float64Array;
  if (want <= 1000) {
    // Keep the `want` smallest keys in a sorted buffer.
    keys = new Float64Array(want);
    let n = 0;
    for (let i = 0; i < set.length; i++) {
      const k = keyOf(set[i]!);
      if (k <= bound) continue;
      if (n === want && k >= keys[n - 1]!) continue;
      let j = n < want ? n++ : n - 1;
      while (j > 0 && keys[j - 1]! > k) {
        keys[j] = keys[j - 1]!;
        j--;
      }
      keys[j] = k;
    }
    keys = keys.subarray(0, n);
  } else {
    const all = new Float64Array(set.length);
    let n = 0;
    for (let i = 0; i < set.length; i++) {
      const k = keyOf(set[i]!);
      if (k > bound) all[n++] = k;
    }
    keys = all.subarray(0, n).sort();
  }
  const out: { doc: number; k: number }[] = [];
  for (let i = offset; i < keys.length && out.length < take; i++) {
    const abs = Math.abs(keys[i]!);
    const doc = abs % SCALE;
    out.push({ doc, k: (abs - doc) / SCALE });
  }
  return out;
}

/** Documents of `set` per start month ("1962-04") or day ("1962-04-02"), ascending; undated ones are not counted. */
export function countStarts(ix: MemIndex, set: Uint32Array, unit: 'month' | 'day'): { key: string; count: number }[] {
  const counts = new Map<number, number>();
  const div = unit === 'month' ? 100 : 1;
  const { dateStart } = ix;
  for (let i = 0; i < set.length; i++) {
    const v = dateStart[set[i]!]!;
    if (v === 0) continue;
    const k = Math.floor(v / div);
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  const pad = (n: number, w: number) => String(n).padStart(w, '0');
  return [...counts]
    .sort((a, b) => a[0] - b[0])
    .map(([k, count]) => ({
      key:
        unit === 'month'
          ? `${pad(Math.floor(k / 100), 4)}-${pad(k % 100, 2)}`
          : `${pad(Math.floor(k / 10000), 4)}-${pad(Math.floor(k / 100) % 100, 2)}-${pad(k % 100, 2)}`,
      count,
    }));
}
