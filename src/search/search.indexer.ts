import type { Db } from '../db/database.js';
import { createDocumentsRepository } from '../documents/documents.repository.js';
import type { DocumentRecord } from '../documents/documents.presenter.js';
import { loadRecords } from '../documents/documents.usecases.js';
import type { FilterField } from './query.ast.js';
import type { SearchDocument, SearchProvider } from './search.types.js';
import { collapseWhitespace } from '../extract/span.js';

/**
 * The one way to (re)build a document's search rows — full text, date, facets —
 * from what the archive stores (resolved fields: editor > source > extracted,
 * mentions, pages). Ingest calls it; so must OCR, re-extraction and editing,
 * inside their own transaction, after they write.
 */
export async function reindexDocuments(trx: Db, search: SearchProvider, ids: readonly string[]): Promise<void> {
  const repo = createDocumentsRepository({ db: trx });
  // One batch for the transaction, read 500 documents at a time (one full-text segment, not one per 500).
  const index = indexInBatches(trx, search);
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await repo.getMany(ids.slice(i, i + 500));
    const [records, texts, kinds] = await Promise.all([
      loadRecords(repo, rows, { text: false }),
      repo.pagesText(rows.map((r) => r.id)),
      collectionKinds(
        trx,
        rows.map((r) => r.collection_id).filter((x): x is number => x !== null),
      ),
    ]);
    const byId = new Map(rows.map((r) => [r.id, r]));
    await index.add(
      records.map((record) => ({
        record,
        pages: texts.get(record.id) ?? [],
        collectionKind: kinds.get(byId.get(record.id)?.collection_id ?? -1) ?? null,
      })),
    );
  }
  await index.finish();
}

/**
 * A record in hand to index: built by the same presenter from the very rows just written (ingest does this instead of
 * reading them back), or read back from the store (`reindexDocuments`).
 */
export interface RecordToIndex {
  record: DocumentRecord;
  pages: readonly string[];
  collectionKind: string | null;
}

/**
 * Indexes records batch by batch within one transaction (ingest: a file's slices): `add` each batch, then `finish`
 * once before the commit. Through the provider's own batches where it has them (`SearchProvider.beginBatch`).
 */
export function indexInBatches(
  trx: Db,
  search: SearchProvider,
): { add(items: readonly RecordToIndex[]): Promise<void>; finish(): Promise<void> } {
  const batch = search.beginBatch?.(trx) ?? {
    index: (docs: readonly SearchDocument[]) => search.indexDocuments(trx, docs),
    finish: () => Promise.resolve(),
  };
  return {
    add: async (items) => {
      if (items.length > 0) await batch.index(items.map(toSearchDocumentOf));
    },
    finish: () => batch.finish(),
  };
}

const toSearchDocumentOf = (it: RecordToIndex): SearchDocument => toSearchDocument(it.record, it.pages, it.collectionKind);

async function collectionKinds(db: Db, ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('collections')
    .select(['id', 'kind'])
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Map(rows.map((r) => [r.id, r.kind]));
}

/** Pure: the search view of a record. Values a facet would show are as the record shows them. */
export function toSearchDocument(rec: DocumentRecord, pages: readonly string[], collectionKind: string | null): SearchDocument {
  const facets: SearchDocument['facets'] = [];
  const add = (facet: FilterField, value: string | null | undefined, key?: string) => {
    const v = value == null ? value : collapseWhitespace(value);
    if (v) facets.push(key ? { facet, value: v, key } : { facet, value: v });
  };
  add('type', rec.type);
  add('classification', rec.classification.level);
  for (const c of rec.classification.caveats) add('caveat', c);
  for (const e of rec.exemptions) add('exemption', e);
  for (const n of rec.from) add('from', n.name);
  for (const n of rec.to) add('to', n.name);
  for (const n of rec.people) add('person', n.name);
  for (const n of rec.places) add('place', n.name);
  for (const n of rec.organizations) add('org', n.name);
  if (rec.collection) {
    add('collection', rec.collection.title, rec.collection.slug);
    if (collectionKind === 'release') add('release', rec.collection.title, rec.collection.slug);
  }
  return {
    id: rec.id,
    title: rec.title ?? '',
    pages: [...pages],
    sections: [...rec.sections],
    date: rec.date ? { start: rec.date.start, end: rec.date.end } : null,
    facets,
  };
}
