import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import { insertRows } from '../db/bulk.js';
import type { Filter } from './query.ast.js';
import type { SearchDocument } from './search.types.js';

/** Bumps the search generation; call inside the transaction that changes the index. */
export async function bumpGeneration(trx: Db): Promise<void> {
  await sql`UPDATE search_state SET generation = generation + 1 WHERE id = 1`.execute(trx);
}

/**
 * Engine-neutral SQL behind metadata filters and facets (`search_docs`,
 * `facet_values`, `document_facets`). Providers call these and add their own
 * full-text tables.
 */

/** How values compare: case, accents, underscores and spacing do not matter ("Memorandum_of_Conversation" = "memorandum of conversation"). */
export function normFacet(value: string): string {
  let norm = normMemo.get(value);
  if (norm === undefined) {
    norm = value
      .normalize('NFKD')
      .replace(/\p{M}+/gu, '')
      .toLowerCase()
      .replace(/[_\s]+/g, ' ')
      .trim();
    // Facet values repeat from document to document (types, places, people): each is normalised once. Capped.
    if (normMemo.size >= 50_000) normMemo.clear();
    normMemo.set(value, norm);
  }
  return norm;
}
const normMemo = new Map<string, string>();

const CHUNK = 400;

/** Each document's integer key, and the keys of those indexed before (whose old index entries must go). */
export interface SearchRows {
  keyOf: Map<string, number>;
  replaced: number[];
}

/**
 * Upserts `search_docs` and replaces `document_facets` for these documents; returns each document's integer key.
 * Bumps the search generation in the same transaction (in-memory structures and caches key on it).
 * Keys only grow (SQLite AUTOINCREMENT, a PostgreSQL sequence), so a key above the largest one before the upsert
 * is a new document: nothing of it is indexed yet, and nothing needs deleting (in a big index, FTS5 deleting a
 * rowid it never held still costs a lookup in every segment).
 */
export async function writeSearchRows(trx: Db, docs: readonly SearchDocument[]): Promise<SearchRows> {
  await bumpGeneration(trx);
  const last = await trx
    .selectFrom('search_docs')
    .select((eb) => eb.fn.max('rowid').as('m'))
    .executeTakeFirst();
  const lastBefore = Number(last?.m ?? 0);
  const keyOf = new Map<string, number>();
  for (let i = 0; i < docs.length; i += CHUNK) {
    const chunk = docs.slice(i, i + CHUNK);
    const rows = await trx
      .insertInto('search_docs')
      .values(
        chunk.map((d) => ({
          document_id: d.id,
          date_start: d.date?.start ?? null,
          date_end: d.date?.end ?? null,
          year: d.date ? Number(d.date.start.slice(0, 4)) : null,
        })),
      )
      .onConflict((oc) =>
        oc.column('document_id').doUpdateSet((eb) => ({
          date_start: eb.ref('excluded.date_start'),
          date_end: eb.ref('excluded.date_end'),
          year: eb.ref('excluded.year'),
        })),
      )
      .returning(['rowid', 'document_id'])
      .execute();
    for (const r of rows) keyOf.set(r.document_id, r.rowid);
  }
  const replaced = [...keyOf.values()].filter((k) => k <= lastBefore);
  for (let i = 0; i < replaced.length; i += CHUNK)
    await trx
      .deleteFrom('document_facets')
      .where('doc', 'in', replaced.slice(i, i + CHUNK))
      .execute();

  // Values: insert the new ones, then look all of them up.
  const all = facetValuesOf(docs);
  const idOf = new Map<string, number>();
  for (let i = 0; i < all.length; i += CHUNK) {
    const chunk = all.slice(i, i + CHUNK);
    await trx
      .insertInto('facet_values')
      .values(chunk)
      .onConflict((oc) => oc.columns(['facet', 'norm']).doNothing())
      .execute();
    const found = await trx
      .selectFrom('facet_values')
      .select(['id', 'facet', 'norm'])
      .where(sql<boolean>`(facet, norm) IN (VALUES ${sql.join(chunk.map((v) => sql`(${v.facet}, ${v.norm})`))})`)
      .execute();
    for (const f of found) idOf.set(`${f.facet}\u0000${f.norm}`, f.id);
  }
  await insertRows(trx, 'document_facets', facetLinks(docs, keyOf, idOf));
  return { keyOf, replaced };
}

// The per-document loops live in small functions of their own: V8 then optimises these, not the whole of
// `writeSearchRows` with the query builders it calls (that one compile had cost ~0.1 s of a 6-volume ingest).

/** The distinct facet values of these documents, by facet and normalised value. */
function facetValuesOf(docs: readonly SearchDocument[]): { facet: string; value: string; norm: string }[] {
  const wanted = new Map<string, { facet: string; value: string; norm: string }>();
  for (const d of docs)
    for (const f of d.facets) {
      const norm = normFacet(f.key ?? f.value);
      if (norm) wanted.set(`${f.facet}\u0000${norm}`, { facet: f.facet, value: f.value, norm });
    }
  return [...wanted.values()];
}

/** Each document's links to its facet values (once per value). */
function facetLinks(
  docs: readonly SearchDocument[],
  keyOf: ReadonlyMap<string, number>,
  idOf: ReadonlyMap<string, number>,
): { doc: number; value_id: number }[] {
  const links: { doc: number; value_id: number }[] = [];
  for (const d of docs) {
    const doc = keyOf.get(d.id)!;
    const seen = new Set<number>();
    for (const f of d.facets) {
      const id = idOf.get(`${f.facet}\u0000${normFacet(f.key ?? f.value)}`);
      if (id === undefined || seen.has(id)) continue;
      seen.add(id);
      links.push({ doc, value_id: id });
    }
  }
  return links;
}

export async function deleteSearchRows(trx: Db, ids: readonly string[]): Promise<number[]> {
  await bumpGeneration(trx);
  const keys: number[] = [];
  for (let i = 0; i < ids.length; i += CHUNK) {
    const rows = await trx
      .deleteFrom('search_docs')
      .where('document_id', 'in', ids.slice(i, i + CHUNK))
      .returning('rowid')
      .execute();
    keys.push(...rows.map((r) => r.rowid));
  }
  return keys;
}

/**
 * The facet value ids a filter selects: the value itself (normalised), or for
 * names a surname (`person:lansing` finds "Robert Lansing" and "Lansing, Robert").
 */
export async function resolveFilter(db: Db, f: Filter): Promise<number[]> {
  const norm = normFacet(f.value);
  const value = f.value.replace(/\s+/g, ' ').trim();
  const escaped = norm.replace(/[\\%_]/g, (c) => `\\${c}`);
  const rows = await db
    .selectFrom('facet_values')
    .select('id')
    .where('facet', '=', f.field)
    .where((eb) =>
      eb.or([
        eb('norm', '=', norm),
        eb(sql`lower(value)`, '=', value.toLowerCase()),
        sql<boolean>`norm LIKE ${`% ${escaped}`} ESCAPE '\\'`,
        sql<boolean>`norm LIKE ${`${escaped},%`} ESCAPE '\\'`,
      ]),
    )
    .execute();
  return rows.map((r) => r.id);
}

/**
 * The text indexed as a document's body (both engines): the pages, then the headings the document is printed
 * under (its subject, where a FRUS title names only sender and recipient). Weighted as body text: measured with
 * `npm run eval:search` (docs/search.md).
 */
export function searchBody(d: SearchDocument): string {
  // One copy at most: one page alone is the page itself; else a single join (a concatenation would make a cons
  // string, which binding it to the statement copies once more to flatten).
  if (!d.sections?.length) return d.pages.length === 1 ? d.pages[0]! : d.pages.join('\n\n');
  return [...(d.pages.length > 0 ? d.pages : ['']), d.sections.join('\n')].join('\n\n');
}
