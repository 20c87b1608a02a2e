import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../db/database.js';
import type { Query } from './query.ast.js';
import { resolveFilter } from './search.facets.js';
import { searchErrors } from './search.errors.js';
import { FACETS, type FacetName, type Facets, type SearchResponse } from './search.types.js';

/**
 * Engine-neutral pieces of a search over `search_docs sd` (aliased `sd`):
 * metadata and date conditions, keyset cursors and exact facet counts. Each
 * provider adds its own full-text condition, ranking and snippets.
 */
export const EMPTY_RESPONSE: SearchResponse = { total: 0, hits: [], next: null, facets: null };

export const whereOf = (conds: RawBuilder<unknown>[]) => (conds.length ? sql`WHERE ${sql.join(conds, sql` AND `)}` : sql``);

/** Conditions for the query's filters and date ranges; null when a required value exists nowhere (no result). */
export async function metadataConditions(db: Db, query: Query): Promise<RawBuilder<unknown>[] | null> {
  const where: RawBuilder<unknown>[] = [];
  for (const f of query.filters) {
    const ids = await resolveFilter(db, f);
    if (ids.length === 0) {
      if (f.negated) continue;
      return null;
    }
    const exists = sql`EXISTS (SELECT 1 FROM document_facets df WHERE df.doc = sd.rowid AND df.value_id IN (${sql.join(ids)}))`;
    where.push(f.negated ? sql`NOT ${exists}` : exists);
  }
  for (const d of query.dates) {
    if (d.on === 'start') {
      where.push(sql`sd.date_start IS NOT NULL`);
      if (d.from) where.push(sql`sd.date_start >= ${d.from}`);
      if (d.to) where.push(sql`sd.date_start <= ${d.to}`);
      continue;
    }
    if (d.from) where.push(sql`sd.date_end >= ${d.from}`);
    if (d.to) where.push(sql`sd.date_start <= ${d.to}`);
  }
  return where;
}

/** A keyset position: the sort key and the document's integer key of the last result shown. */
export interface Cursor {
  k: number | string;
  r: number;
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.k, c.r])).toString('base64url');
}

export function decodeCursor(s: string): Cursor {
  try {
    const v = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v.length === 2 && (typeof v[0] === 'number' || typeof v[0] === 'string') && Number.isInteger(v[1]))
      return { k: v[0], r: v[1] as number };
  } catch {
    // fall through
  }
  throw searchErrors.invalidCursor('The cursor is not one this server gave out; start again from the first page.');
}

/** Exact counts over the whole result set: one grouped join through (doc, value_id), top `limit` values per facet, and years. */
export async function countFacets(db: Db, from: RawBuilder<unknown>, where: RawBuilder<unknown>[], limit: number): Promise<Facets> {
  const rows = await sql<{ facet: string; value: string; n: number }>`
    SELECT facet, value, n FROM (
      SELECT fv.facet, fv.value, c.n, row_number() OVER (PARTITION BY fv.facet ORDER BY c.n DESC, fv.value) AS rn
      FROM (
        SELECT df.value_id, count(*) AS n
        FROM (SELECT sd.rowid AS doc FROM ${from} ${whereOf(where)}) r
        JOIN document_facets df ON df.doc = r.doc
        GROUP BY df.value_id
      ) c JOIN facet_values fv ON fv.id = c.value_id
    ) ranked WHERE rn <= ${limit}
    ORDER BY facet, n DESC, value`.execute(db);
  const fields: Facets['fields'] = {};
  for (const r of rows.rows) {
    if (!(FACETS as readonly string[]).includes(r.facet)) continue;
    (fields[r.facet as FacetName] ??= []).push({ value: r.value, count: Number(r.n) });
  }
  const years = await sql<{ year: number; n: number }>`
    SELECT sd.year AS year, count(*) AS n FROM ${from} ${whereOf([...where, sql`sd.year IS NOT NULL`])}
    GROUP BY sd.year ORDER BY sd.year`.execute(db);
  const decades = new Map<string, number>();
  for (const y of years.rows) {
    const d = `${Math.floor(y.year / 10) * 10}s`;
    decades.set(d, (decades.get(d) ?? 0) + Number(y.n));
  }
  return {
    fields,
    years: years.rows.map((y) => ({ year: y.year, count: Number(y.n) })),
    decades: [...decades].map(([decade, count]) => ({ decade, count })),
  };
}
