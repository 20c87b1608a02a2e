import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import type { DateFilter, Filter } from './query.ast.js';
import { normFacet } from './search.facets.js';
import { FACETS, type FacetName, type Facets } from './search.types.js';

/**
 * The archive's metadata as typed arrays, for filtering and exact facet counts
 * in one pass over a result set instead of a GROUP BY join per query.
 *
 * Derived from `search_docs` and `document_facets` (nothing new on disk), keyed
 * by the integer document key (`search_docs.rowid`, also the FTS rowid):
 * - a forward index in CSR form: the facet value ids of document `d` are
 *   `values[offsets[d] .. offsets[d + 1])`;
 * - start and end dates as YYYYMMDD integers (0 = undated), and the year;
 * - per value id its facet, display value and normalised form.
 *
 * Valid for one `search_state.generation`: writers bump it in their
 * transaction, readers compare before each search and reload when it moved
 * (whichever process wrote). Memory: 4 bytes per (document, value) link plus
 * ~14 bytes per document — about 45 MB at a million documents; loading it
 * takes ~3 s there. The loader's SQL is SQLite's (group_concat); the
 * structures and the counting are engine-neutral, but only the SQLite
 * provider uses them so far (PostgreSQL keeps its grouped SQL).
 */
export interface MemIndex {
  generation: number;
  /** Every document key, ascending. */
  all: Uint32Array;
  offsets: Uint32Array;
  values: Uint32Array;
  dateStart: Int32Array;
  dateEnd: Int32Array;
  year: Int16Array;
  /** Per value id: index into FACETS (255 = not a facet), display value, normalised value. */
  valueFacet: Uint8Array;
  valueName: string[];
  valueNorm: string[];
  /** Facet counts of the whole archive, by facet limit (browse with no condition). */
  allFacets: Map<number, Facets>;
}

const CHUNK = 50_000;

/** YYYYMMDD of an ISO day ("1945-05-08"); 0 for null. */
export function dayNumber(iso: string | null | undefined): number {
  if (!iso) return 0;
  const y = Number(iso.slice(0, 4));
  const m = Number(iso.slice(5, 7)) || 1;
  const d = Number(iso.slice(8, 10)) || 1;
  return Number.isFinite(y) ? y * 10000 + m * 100 + d : 0;
}

export async function readGeneration(db: Db): Promise<number> {
  const row = await db.selectFrom('search_state').select('generation').where('id', '=', 1).executeTakeFirst();
  return row?.generation ?? 0;
}

/** Reads the structures from the database, in one read transaction (a consistent snapshot). */
export async function loadMemIndex(db: Db): Promise<MemIndex> {
  return db.transaction().execute(async (trx) => {
    const generation = await readGeneration(trx);
    const max = Number(
      (
        await trx
          .selectFrom('search_docs')
          .select((eb) => eb.fn.max('rowid').as('m'))
          .executeTakeFirst()
      )?.m ?? 0,
    );
    const size = max + 1;
    const dateStart = new Int32Array(size);
    const dateEnd = new Int32Array(size);
    const year = new Int16Array(size);
    // Rows come back as one comma-separated string per chunk (group_concat): a million-document archive
    // has ~8 million (document, value) links, and one JS object per row would cost most of the load time.
    let all = new Uint32Array(1024);
    let n = 0;
    const day = (col: string) => {
      const c = sql.ref(col);
      return sql`coalesce(CAST(substr(${c}, 1, 4) AS INTEGER) * 10000 + max(1, CAST(substr(${c}, 6, 2) AS INTEGER)) * 100 + max(1, CAST(substr(${c}, 9, 2) AS INTEGER)), 0)`;
    };
    for (let lo = 0; lo < size; lo += CHUNK) {
      const row = await sql<{ v: string | null }>`
        SELECT group_concat(rowid || ',' || ${day('date_start')} || ',' || ${day('date_end')} || ',' || coalesce(year, 0)) AS v
        FROM search_docs WHERE rowid >= ${lo} AND rowid < ${lo + CHUNK}`.execute(trx);
      const nums = parseNumbers(row.rows[0]?.v ?? '');
      for (let i = 0; i + 3 < nums.length; i += 4) {
        const d = nums[i]!;
        if (n === all.length) all = grow(all);
        all[n++] = d;
        dateStart[d] = nums[i + 1]!;
        dateEnd[d] = nums[i + 2]!;
        year[d] = nums[i + 3]!;
      }
    }
    all = all.slice(0, n).sort();

    const offsets = new Uint32Array(size + 1);
    let values = new Uint32Array(Math.max(1024, n * 8));
    let len = 0;
    let filled = 0; // offsets[0..filled] are final
    for (let lo = 0; lo < size; lo += CHUNK) {
      const row = await sql<{ v: string | null }>`
        SELECT group_concat(doc || ',' || value_id) AS v
        FROM (SELECT doc, value_id FROM document_facets WHERE doc >= ${lo} AND doc < ${lo + CHUNK} ORDER BY doc, value_id)`.execute(trx);
      const nums = parseNumbers(row.rows[0]?.v ?? '');
      for (let i = 0; i + 1 < nums.length; i += 2) {
        const d = nums[i]!;
        while (filled < d) offsets[++filled] = len;
        if (len === values.length) values = grow(values);
        values[len++] = nums[i + 1]!;
      }
    }
    while (filled < size) offsets[++filled] = len;

    const vals = await trx.selectFrom('facet_values').select(['id', 'facet', 'value', 'norm']).execute();
    const vmax = vals.reduce((m, v) => Math.max(m, v.id), 0) + 1;
    const valueFacet = new Uint8Array(vmax).fill(255);
    const valueName: string[] = new Array<string>(vmax).fill('');
    const valueNorm: string[] = new Array<string>(vmax).fill('');
    for (const v of vals) {
      const f = (FACETS as readonly string[]).indexOf(v.facet);
      valueFacet[v.id] = f === -1 ? 255 : f;
      valueName[v.id] = v.value;
      valueNorm[v.id] = v.norm;
    }
    return {
      generation,
      all,
      offsets,
      values: values.slice(0, len),
      dateStart,
      dateEnd,
      year,
      valueFacet,
      valueName,
      valueNorm,
      allFacets: new Map(),
    };
  });
}

/** Non-negative integers of a comma-separated list. */
function parseNumbers(s: string): number[] {
  const out: number[] = [];
  let v = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 44) {
      out.push(v);
      v = 0;
    } else v = v * 10 + (c - 48);
  }
  if (s.length) out.push(v);
  return out;
}

function grow(a: Uint32Array<ArrayBuffer>): Uint32Array<ArrayBuffer> {
  const b = new Uint32Array(a.length * 2);
  b.set(a);
  return b;
}

/**
 * Keeps a MemIndex in step with the database: one cheap generation read per
 * search, a reload (shared by concurrent callers) when it moved.
 */
export function createMemIndexCache(db: Db, opts: { staleAbove?: number; now?: () => number } = {}): { get(): Promise<MemIndex> } {
  const staleAbove = opts.staleAbove ?? STALE_ABOVE;
  const now = opts.now ?? (() => performance.now());
  let current: MemIndex | null = null;
  let loading: Promise<MemIndex> | null = null;
  let finishedAt = -Infinity;
  let took = 0;
  const reload = () => {
    const started = now();
    return (loading ??= loadMemIndex(db)
      .then((ix) => {
        if (!current || ix.generation >= current.generation) current = ix;
        took = now() - started;
        return ix;
      })
      .finally(() => {
        finishedAt = now();
        loading = null;
      }));
  };
  return {
    async get() {
      const generation = await readGeneration(db);
      if (current && current.generation === generation) return current;
      // A large archive being written to keeps answering from the previous index while the new one loads
      // (seconds at a million documents): new documents lack facets and dates until then. Small ones wait.
      // During a long ingest the generation moves every batch: reloads are spaced so that loading takes
      // at most a fifth of the time (and never more often than every 10 s).
      if (current && current.all.length > staleAbove) {
        if (now() - finishedAt >= Math.max(10_000, 4 * took)) void reload().catch(() => undefined);
        return current;
      }
      return reload();
    },
  };
}

/** Documents above which a stale index is served during a reload. */
const STALE_ABOVE = 200_000;

/** The value ids a filter selects, as search.facets.ts `resolveFilter` defines them (value, or a surname of a name). */
export function resolveValues(ix: MemIndex, f: Filter): number[] {
  const facet = (FACETS as readonly string[]).indexOf(f.field);
  const norm = normFacet(f.value);
  const lower = f.value.replace(/\s+/g, ' ').trim().toLowerCase();
  const out: number[] = [];
  for (let id = 0; id < ix.valueFacet.length; id++) {
    if (ix.valueFacet[id] !== facet) continue;
    const v = ix.valueNorm[id]!;
    if (v === norm || ix.valueName[id]!.toLowerCase() === lower || v.endsWith(` ${norm}`) || v.startsWith(`${norm},`)) out.push(id);
  }
  return out;
}

/**
 * The documents of `set` (ascending keys) that pass every filter and date
 * range; null when a required value exists nowhere (no result at all).
 */
export function applyMetadata(
  ix: MemIndex,
  set: Uint32Array,
  filters: readonly Filter[],
  dates: readonly DateFilter[],
): Uint32Array | null {
  const conds: { mark: Uint8Array; negated: boolean }[] = [];
  for (const f of filters) {
    const ids = resolveValues(ix, f);
    if (ids.length === 0) {
      if (f.negated) continue;
      return null;
    }
    const mark = new Uint8Array(ix.valueFacet.length);
    for (const id of ids) mark[id] = 1;
    conds.push({ mark, negated: f.negated });
  }
  const ranges = dates.map((d) => ({ from: d.from ? dayNumber(d.from) : 0, to: d.to ? dayNumber(d.to) : 0 }));
  if (conds.length === 0 && ranges.length === 0) return set;
  const { offsets, values, dateStart, dateEnd } = ix;
  const out = new Uint32Array(set.length);
  let n = 0;
  outer: for (let i = 0; i < set.length; i++) {
    const d = set[i]!;
    for (const r of ranges) {
      // As in SQL: an undated document is outside every range.
      if (r.from && !(dateEnd[d]! !== 0 && dateEnd[d]! >= r.from)) continue outer;
      if (r.to && !(dateStart[d]! !== 0 && dateStart[d]! <= r.to)) continue outer;
    }
    for (const c of conds) {
      let has = false;
      for (let j = offsets[d]!, e = offsets[d + 1]!; j < e; j++)
        if (c.mark[values[j]!]) {
          has = true;
          break;
        }
      if (has === c.negated) continue outer;
    }
    out[n++] = d;
  }
  return out.subarray(0, n);
}

/** Exact facet counts over `set`: one pass with one counter per value id, then the top `limit` per facet, and years. */
export function countFacets(ix: MemIndex, set: Uint32Array, limit: number): Facets {
  const whole = set === ix.all;
  if (whole) {
    const cached = ix.allFacets.get(limit);
    if (cached) return cached;
  }
  const counts = new Uint32Array(ix.valueFacet.length);
  const years = new Uint32Array(1 << 15);
  const { offsets, values, year } = ix;
  for (let i = 0; i < set.length; i++) {
    const d = set[i]!;
    for (let j = offsets[d]!, e = offsets[d + 1]!; j < e; j++) counts[values[j]!]!++;
    const y = year[d]!;
    if (y > 0) years[y]!++;
  }
  const per: { id: number; n: number }[][] = FACETS.map(() => []);
  for (let id = 0; id < counts.length; id++) {
    const c = counts[id]!;
    const f = ix.valueFacet[id]!;
    if (c > 0 && f !== 255) per[f]!.push({ id, n: c });
  }
  const fields: Facets['fields'] = {};
  per.forEach((all, f) => {
    if (all.length === 0) return;
    // Only values that can make the top `limit` are sorted (by count, then name): a facet may hold thousands.
    let list = all;
    if (list.length > limit) {
      const threshold = Uint32Array.from(list, (x) => x.n).sort()[list.length - limit]!;
      list = list.filter((x) => x.n >= threshold);
    }
    list.sort((a, b) => b.n - a.n || cmp(ix.valueName[a.id]!, ix.valueName[b.id]!));
    fields[FACETS[f] as FacetName] = list.slice(0, limit).map((x) => ({ value: ix.valueName[x.id]!, count: x.n }));
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

/** Position of `x` in ascending `a` (first index with a[i] >= x). */
export function lowerBound(a: Uint32Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export const has = (a: Uint32Array, x: number) => {
  const i = lowerBound(a, x);
  return i < a.length && a[i] === x;
};
