import type { Db } from '../db/database.js';
import { documentDates, yearCounts, type Bucket } from '../timeline/timeline.js';

/** What the entity page shows: the authority record, its documents over time, and who else appears with it. */
export interface EntityProfile {
  id: number;
  kind: string;
  name: string;
  authorityKey: string | null;
  description: string | null;
  variants: string[];
  documents: { id: string; title: string | null; start: string | null; mentions: number }[];
  years: Bucket[];
  undated: number;
  coOccurring: { id: number; kind: string; name: string; documents: number }[];
}

const MAX_DOCS = 500;

export async function loadEntityProfile(db: Db, id: number): Promise<EntityProfile | null> {
  const e = await db.selectFrom('entities').selectAll().where('id', '=', id).executeTakeFirst();
  if (!e) return null;
  let variants: string[] = [];
  try {
    const v = JSON.parse(e.variants) as unknown;
    if (Array.isArray(v)) variants = v.filter((x): x is string => typeof x === 'string' && x !== e.name);
  } catch {
    /* a malformed variants column shows no variants */
  }
  const docs = await db
    .selectFrom('entity_mentions as m')
    .innerJoin('documents as d', 'd.id', 'm.document_id')
    .select((eb) => ['d.id', 'd.title', eb.fn.countAll<number>().as('mentions')])
    .where('m.entity_id', '=', id)
    .groupBy(['d.id', 'd.title'])
    .limit(MAX_DOCS)
    .execute();
  const dates = await documentDates(
    db,
    docs.map((d) => d.id),
  );
  const startOf = new Map(dates.map((d) => [d.id, d.start]));
  const documents = docs
    .map((d) => ({ id: d.id, title: d.title, start: startOf.get(d.id) ?? null, mentions: Number(d.mentions) }))
    .sort((a, b) => (a.start ?? '9999').localeCompare(b.start ?? '9999') || a.id.localeCompare(b.id));
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
    years: yearCounts(dates),
    undated: documents.filter((d) => !d.start).length,
    coOccurring: coOccurring.map((c) => ({ ...c, documents: Number(c.documents) })),
  };
}
