import type { Db } from '../db/database.js';
import type { Clock } from '../shared/clock.js';
import { reindexDocuments } from '../search/search.indexer.js';
import type { SearchProvider } from '../search/search.types.js';
import { extractFields } from '../ingest/enrich.js';
import { extractedRows, insertChunked } from '../ingest/ingest.store.js';
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
    const pages = await db
      .selectFrom('pages')
      .select(['document_id', 'text'])
      .where('document_id', 'in', ids)
      .orderBy('document_id')
      .orderBy('page_no')
      .execute();
    const sourceDates = await db
      .selectFrom('document_fields')
      .select(['document_id', 'value'])
      .where('document_id', 'in', ids)
      .where('name', '=', 'date')
      .where('provenance', '=', 'source')
      .execute();
    const textByDoc = new Map<string, { text: string }[]>();
    for (const p of pages) textByDoc.set(p.document_id, [...(textByDoc.get(p.document_id) ?? []), { text: p.text }]);
    const dateByDoc = new Map(sourceDates.map((r) => [r.document_id, JSON.parse(r.value) as FieldMap['date']]));
    const now = clock.now().toISOString();
    const rows = ids.flatMap((id) => {
      const date = dateByDoc.get(id);
      const docFields: FieldMap = date ? { date } : {};
      return extractedRows(
        id,
        extractFields({
          pages: (textByDoc.get(id) ?? []).map((p) => ({ label: null, text: p.text, textSource: 'source' })),
          fields: docFields,
        }),
        now,
      );
    });
    await db.transaction().execute(async (trx) => {
      await trx.deleteFrom('document_fields').where('document_id', 'in', ids).where('provenance', '=', 'extracted').execute();
      await insertChunked(rows, (chunk) => trx.insertInto('document_fields').values(chunk).execute());
      // Dates and facet values come from these fields: the search rows follow them.
      await reindexDocuments(trx, deps.search, ids);
    });
    done += ids.length;
    fields += rows.length;
    opts.onProgress?.(done, total);
  }
  return { documents: done, fields, seconds: (performance.now() - started) / 1000 };
}
