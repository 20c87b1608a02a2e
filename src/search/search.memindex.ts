import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import type { Filter } from './query.ast.js';
import { normFacet } from './search.facets.js';
import { FACETS, type Facets } from './search.types.js';

/**
 * The archive's metadata as typed arrays, for filtering and exact facet counts
 * in one pass over a result set instead of a GROUP BY join per query.
 *
 * Derived from `search_docs` and `document_facets` (nothing new on disk), keyed
 * by the integer document key (`search_docs.rowid`, also the FTS rowid):
 * - a forward index in CSR form: the facet value ids of document `d` are
 *   `values[offsets[d] .. offsets[d + 1])`;
 * - start and end dates as YYYYMMDD integers (0 = undated), and the year;
 * - the inverse, also CSR: the documents of value `v` (ascending) are
 *   `postings[postOffsets[v] .. postOffsets[v + 1])`, so a filter on a value
 *   costs its own documents, not a look at every candidate's values;
 * - per value id its facet, display value and normalised form.
 *
 * Valid for one `search_state.generation`: writers bump it in their
 * transaction, readers compare before each search and reload when it moved
 * (whichever process wrote). Memory: 6 bytes per (document, value) link (8 above
 * 65,536 values) plus ~14 bytes per document — about 60 MB at a million documents; loading it
 * takes ~3 s there. The loader's SQL is SQLite's (group_concat); the
 * structures and the counting are engine-neutral, but only the SQLite
 * provider uses them so far (PostgreSQL keeps its grouped SQL).
 */
export interface MemIndex {
  generation: number;
  /** Every document key, ascending. */
  all: Uint32Array;
  offsets: Uint32Array;
  /** Value ids, 16-bit while the archive has fewer than 65,536 values (half the memory a facet count reads). */
  values: Uint16Array | Uint32Array;
  postOffsets: Uint32Array;
  postings: Uint32Array;
  dateStart: Int32Array;
  dateEnd: Int32Array;
  year: Int16Array;
  /** Per value id: index into FACETS (255 = not a facet), display value, normalised value. */
  valueFacet: Uint8Array;
  valueName: string[];
  valueNorm: string[];
  /** Facet counts of the whole archive, by facet limit (browse with no condition). */
  allFacets: Map<number, Facets>;
  /** Raw counters over the whole archive (per value id, per year), made on first need: a large set is counted by its complement. */
  allCounts: { values: Uint32Array; years: Uint32Array } | null;
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
    let top = vmax;
    for (let j = 0; j < len; j++) if (values[j]! >= top) top = values[j]! + 1;
    const links = top <= 65_536 ? Uint16Array.from(values.subarray(0, len)) : values.slice(0, len);
    const { postOffsets, postings } = invert(offsets, links, top);
    return {
      generation,
      all,
      offsets,
      values: links,
      postOffsets,
      postings,
      dateStart,
      dateEnd,
      year,
      valueFacet,
      valueName,
      valueNorm,
      allFacets: new Map(),
      allCounts: null,
    };
  });
}

/** The value -> documents lists of a document -> values CSR (documents ascending in each list). */
function invert(offsets: Uint32Array, values: Uint16Array | Uint32Array, top: number): { postOffsets: Uint32Array; postings: Uint32Array } {
  const postOffsets = new Uint32Array(top + 1);
  for (let j = 0; j < values.length; j++) postOffsets[values[j]! + 1]!++;
  for (let v = 0; v < top; v++) postOffsets[v + 1]! += postOffsets[v]!;
  const fill = postOffsets.slice(0, top);
  const postings = new Uint32Array(values.length);
  for (let d = 0; d + 1 < offsets.length; d++) for (let j = offsets[d]!, e = offsets[d + 1]!; j < e; j++) postings[fill[values[j]!]!++] = d;
  return { postOffsets, postings };
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
