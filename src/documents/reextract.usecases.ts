import type { Db } from '../db/database.js';
import type { Clock } from '../shared/clock.js';
import { reindexDocuments } from '../search/search.indexer.js';
import type { SearchProvider } from '../search/search.types.js';
import { extractFields } from '../ingest/enrich.js';
import { extractedRows } from '../ingest/ingest.store.js';
import { insertRows } from '../db/bulk.js';
import type { FieldMap } from './fields.js';

export interface ReextractSummary {
  documents: number;
  fields: number;
  seconds: number;
}

/**
 * Re-runs the extractors over every document's current text and replaces the
 * values they produced (provenance "extracted"). Values from the source file
 * and values set by an editor are never touched. One transaction per batch.
 */
export async function reextractAll(
  deps: { db: Db; clock: Clock; search: SearchProvider },
  opts: { batchSize?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<ReextractSummary> {
  const { db, clock } = deps;
  const started = performance.now();
  const batchSize = opts.batchSize ?? 500;
  const total = Number(
    (
      await db
        .selectFrom('documents')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
  let done = 0;
  let fields = 0;
  let after = '';
  for (;;) {
    const ids = (await db.selectFrom('documents').select('id').where('id', '>', after).orderBy('id').limit(batchSize).execute()).map(
      (r) => r.id,
    );
    if (ids.length === 0) break;
    after = ids[ids.length - 1]!;
    const written = await db.transaction().execute(async (trx) => {
      const n = await replaceExtractedFields(trx, ids, clock.now().toISOString());
      // Dates and facet values come from these fields: the search rows follow them.
      await reindexDocuments(trx, deps.search, ids);
      return n;
    });
    done += ids.length;
    fields += written;
    opts.onProgress?.(done, total);
  }
  return { documents: done, fields, seconds: (performance.now() - started) / 1000 };
}

/**
 * Runs the extractors over these documents' current page text and replaces
 * their "extracted" field rows (source and editor rows are never touched).
 * Returns the number of values written. Used by re-extraction and by OCR when
 * a document's text changes.
 */
export async function replaceExtractedFields(trx: Db, ids: readonly string[], now: string): Promise<number> {
  if (ids.length === 0) return 0;
  const pages = await trx
    .selectFrom('pages')
    .select(['document_id', 'text', 'label'])
    .where('document_id', 'in', ids)
    .orderBy('document_id')
    .orderBy('page_no')
    .execute();
  const sourceDates = await trx
    .selectFrom('document_fields')
    .select(['document_id', 'value'])
    .where('document_id', 'in', ids)
    .where('name', '=', 'date')
    .where('provenance', '=', 'source')
    .execute();
  const pagesByDoc = new Map<string, { text: string; label: string | null }[]>();
  for (const p of pages) pagesByDoc.set(p.document_id, [...(pagesByDoc.get(p.document_id) ?? []), { text: p.text, label: p.label }]);
  const dateByDoc = new Map(sourceDates.map((r) => [r.document_id, JSON.parse(r.value) as FieldMap['date']]));
  const rows = ids.flatMap((id) => {
    const date = dateByDoc.get(id);
    const fields: FieldMap = date ? { date } : {};
    const docPages = (pagesByDoc.get(id) ?? []).map((p) => ({ label: p.label, text: p.text, textSource: 'source' as const }));
    return extractedRows(id, extractFields({ pages: docPages, fields }), now);
  });
  await trx.deleteFrom('document_fields').where('document_id', 'in', ids).where('provenance', '=', 'extracted').execute();
  await insertRows(trx, 'document_fields', rows);
  return rows.length;
}
