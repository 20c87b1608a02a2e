import { sql, type Db } from '../db/database.js';
import { yearBuckets, type Bucket } from '../timeline/timeline.js';

/** What the entity page shows: the authority record, its documents over time, and who else appears with it. */
export interface EntityProfile {
  id: number;
  kind: string;
  name: string;
  authorityKey: string | null;
  description: string | null;
  variants: string[];
  /** One page of the entity's documents, oldest first (undated last). */
  documents: { id: string; title: string | null; start: string | null; mentions: number }[];
  /** Every document that mentions the entity (the list above is a page of them). */
  total: number;
  offset: number;
  years: Bucket[];
  undated: number;
  coOccurring: { id: number; kind: string; name: string; documents: number }[];
}

export const ENTITY_PAGE = 100;

/**
 * The entity page's data. Counts (documents, years, undated, co-occurring names) are over every document that
 * mentions the entity; the list is one page of them, by date.
 */
export async function loadEntityProfile(db: Db, id: number, offset = 0): Promise<EntityProfile | null> {
  const e = await db.selectFrom('entities').selectAll().where('id', '=', id).executeTakeFirst();
  if (!e) return null;
  let variants: string[] = [];
  try {
    const v = JSON.parse(e.variants) as unknown;
    if (Array.isArray(v)) variants = v.filter((x): x is string => typeof x === 'string' && x !== e.name);
  } catch {
    /* a malformed variants column shows no variants */
  }
  // The documents that mention it, each once, with its date as the archive shows it (the search row).
  const mentioning = db.selectFrom('entity_mentions').select('document_id').distinct().where('entity_id', '=', id);
  const perYear = await db
    .selectFrom(mentioning.as('m'))
    .leftJoin('search_docs as sd', 'sd.document_id', 'm.document_id')
    .select((eb) => ['sd.year', eb.fn.countAll<number>().as('n')])
    .groupBy('sd.year')
    .execute();
  const years = new Map<number, number>();
  let total = 0;
  let undated = 0;
  for (const r of perYear) {
    total += Number(r.n);
    if (r.year === null) undated += Number(r.n);
    else years.set(r.year, Number(r.n));
  }
  const docs = await db
    .selectFrom('entity_mentions as m')
    .innerJoin('documents as d', 'd.id', 'm.document_id')
    .leftJoin('search_docs as sd', 'sd.document_id', 'm.document_id')
    .select((eb) => ['d.id', 'd.title', 'sd.date_start', eb.fn.countAll<number>().as('mentions')])
    .where('m.entity_id', '=', id)
    .groupBy(['d.id', 'd.title', 'sd.date_start'])
    .orderBy(sql`sd.date_start IS NULL`)
    .orderBy('sd.date_start')
    .orderBy('d.id')
    .limit(ENTITY_PAGE)
    .offset(offset)
    .execute();
  const documents = docs.map((d) => ({ id: d.id, title: d.title, start: d.date_start, mentions: Number(d.mentions) }));
  const coOccurring = await db
    .selectFrom('entity_mentions as m1')
    .innerJoin('entity_mentions as m2', (j) => j.onRef('m2.document_id', '=', 'm1.document_id').onRef('m2.entity_id', '!=', 'm1.entity_id'))
    .innerJoin('entities as e', 'e.id', 'm2.entity_id')
    .select((eb) => ['e.id', 'e.kind', 'e.name', eb.fn.count<number>('m2.document_id').distinct().as('documents')])
    .where('m1.entity_id', '=', id)
    .groupBy(['e.id', 'e.kind', 'e.name'])
    .orderBy('documents', 'desc')
    .orderBy('e.name')
    .limit(20)
    .execute();
  return {
    id: e.id,
    kind: e.kind,
    name: e.name,
    authorityKey: e.authority_key,
    description: e.description,
    variants,
    documents,
    total,
    offset,
    years: yearBuckets(years),
    undated,
    coOccurring: coOccurring.map((c) => ({ ...c, documents: Number(c.documents) })),
  };
}
