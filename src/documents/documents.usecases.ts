import type { DocumentsRepository, DocumentRow } from './documents.repository.js';
import { presentDocument, type DocumentRecord } from './documents.presenter.js';
import { resolveFields } from './fields.js';
import { groupBy } from '../shared/group.js';

/**
 * Builds records for a batch of documents with three queries, not three per document: with their text when
 * `text`, and without people, places and organisations when `entities` is false (a result list shows none);
 * with only the stored fields named in `fields` when given (the rest of the record is then empty).
 */
export async function loadRecords(
  repo: DocumentsRepository,
  docs: readonly DocumentRow[],
  { text, entities = true, fields: names }: { text: boolean; entities?: boolean; fields?: readonly string[] },
): Promise<DocumentRecord[]> {
  const ids = docs.map((d) => d.id);
  const [fields, mentions, texts] = await Promise.all([
    repo.fields(ids, names),
    entities ? repo.mentions(ids) : Promise.resolve([]),
    text ? repo.pagesText(ids) : Promise.resolve(null),
  ]);
  const fieldsByDoc = groupBy(fields, (f) => f.document_id);
  const mentionsByDoc = groupBy(mentions, (m) => m.document_id);
  return docs.map((d) =>
    presentDocument(
      d,
      resolveFields(fieldsByDoc.get(d.id) ?? []),
      mentionsByDoc.get(d.id) ?? [],
      texts ? (texts.get(d.id) ?? []).join('\f') : undefined,
    ),
  );
}

/** Streams every document as a record, in archive order. */
export async function* exportRecords(repo: DocumentsRepository, withText: boolean): AsyncGenerator<DocumentRecord> {
  for await (const batch of repo.iterate()) {
    for (const r of await loadRecords(repo, batch, { text: withText })) yield r;
  }
}
