import type { Db } from '../db/database.js';
import type { Provenance } from '../db/schema.js';
import type { Clock } from '../shared/clock.js';
import type { SearchProvider, IndexedPage } from '../search/search.types.js';
import type { ImportResult } from './importers/importer.js';
import { createCollectionsRepository, type CollectionInput } from '../collections/collections.repository.js';

export type Outcome = 'ingested' | 'duplicate' | 'skipped' | 'failed';

export interface OutcomeRecord {
  path: string;
  sha256: string | null;
  outcome: Outcome;
  errorCode: string | null;
  message: string | null;
  documents: number;
}

export interface StoredFileInput {
  sha256: string;
  size: number;
  originalName: string;
  originalPath: string;
  blobKey: string;
}

/** SQLite caps bound parameters per statement; insert rows in chunks below it. */
const CHUNK = 400;

async function insertChunked<T>(rows: readonly T[], insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await insert(rows.slice(i, i + CHUNK));
}

export type IngestRepository = ReturnType<typeof createIngestRepository>;

export function createIngestRepository({ db, clock, search }: { db: Db; clock: Clock; search: SearchProvider }) {
  const collections = createCollectionsRepository({ db, clock });
  async function recordOutcome(runId: number, o: OutcomeRecord, trx: Db = db): Promise<void> {
    await trx
      .insertInto('ingest_outcomes')
      .values({
        run_id: runId,
        path: o.path,
        sha256: o.sha256,
        outcome: o.outcome,
        error_code: o.errorCode,
        message: o.message,
        documents: o.documents,
        at: clock.now().toISOString(),
      })
      .execute();
  }

  return {
    async startRun(options: Record<string, unknown>): Promise<number> {
      const row = await db
        .insertInto('ingest_runs')
        .values({ started_at: clock.now().toISOString(), finished_at: null, options: JSON.stringify(options) })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    async finishRun(runId: number): Promise<void> {
      await db.updateTable('ingest_runs').set({ finished_at: clock.now().toISOString() }).where('id', '=', runId).execute();
    },

    recordOutcome,

    async isKnown(sha256: string): Promise<boolean> {
      return (await db.selectFrom('files').select('id').where('sha256', '=', sha256).executeTakeFirst()) !== undefined;
    },

    async outcomes(runId: number) {
      return db.selectFrom('ingest_outcomes').selectAll().where('run_id', '=', runId).orderBy('id').execute();
    },

    /**
     * Stores a file's documents, pages, metadata, entities and search index
     * rows, and its outcome, in one transaction: either all of it lands or none.
     */
    async saveImport(args: {
      runId: number;
      file: StoredFileInput;
      result: ImportResult;
      /** Collection named on the command line, used when the file is not a collection itself. */
      defaultCollection: CollectionInput | null;
    }): Promise<string[]> {
      const { runId, file, result, defaultCollection } = args;
      const now = clock.now().toISOString();
      return db.transaction().execute(async (trx) => {
        const fileRow = await trx
          .insertInto('files')
          .values({
            sha256: file.sha256,
            media_type: result.mediaType,
            format: result.format,
            size: file.size,
            original_name: file.originalName,
            original_path: file.originalPath,
            blob_key: file.blobKey,
            created_at: now,
          })
          .returning('id')
          .executeTakeFirstOrThrow();

        const collectionInput: CollectionInput | null = result.collection
          ? {
              slug: result.collection.slug,
              title: result.collection.title,
              kind: result.collection.kind,
              agency: result.collection.agency,
              releaseDate: result.collection.releaseDate,
              sourceUrl: result.collection.sourceUrl,
              notes: result.collection.notes,
            }
          : defaultCollection;
        const collectionId = collectionInput ? await collections.ensure(collectionInput, trx) : null;
        let seq = 0;
        if (collectionId !== null) {
          const max = await trx
            .selectFrom('documents')
            .select((eb) => eb.fn.max<number>('seq').as('m'))
            .where('collection_id', '=', collectionId)
            .executeTakeFirst();
          seq = (max?.m ?? 0) + 1;
        }

        // Stable ids: the importer's preferred id, else the file hash; a clash with an existing document gets the hash appended.
        const wanted = result.documents.map(
          (d, i) => d.preferredId ?? (result.documents.length === 1 ? file.sha256.slice(0, 16) : `${file.sha256.slice(0, 16)}-${i + 1}`),
        );
        const taken = new Set<string>();
        for (let i = 0; i < wanted.length; i += CHUNK) {
          const rows = await trx
            .selectFrom('documents')
            .select('id')
            .where('id', 'in', wanted.slice(i, i + CHUNK))
            .execute();
          for (const r of rows) taken.add(r.id);
        }
        const ids = wanted.map((id) => (taken.has(id) ? `${id}-${file.sha256.slice(0, 8)}` : id));

        await insertChunked(
          result.documents.map((d, i) => ({
            id: ids[i]!,
            file_id: fileRow.id,
            collection_id: collectionId,
            seq: seq + i,
            source_key: d.sourceKey,
            title: d.title,
            status: d.needsOcr ? 'waiting_ocr' : 'ready',
            page_count: d.pages.length,
            created_at: now,
            updated_at: now,
          })),
          (chunk) => trx.insertInto('documents').values(chunk).execute(),
        );

        // Pages, returning ids for the search index.
        const indexed: IndexedPage[] = [];
        for (const [i, d] of result.documents.entries()) {
          const rows = d.pages.map((p, n) => ({
            document_id: ids[i]!,
            page_no: n + 1,
            label: p.label,
            text: p.text,
            text_source: p.textSource,
          }));
          for (let k = 0; k < rows.length; k += CHUNK) {
            const chunk = rows.slice(k, k + CHUNK);
            const inserted = await trx.insertInto('pages').values(chunk).returning('id').execute();
            inserted.forEach((r, j) => {
              const text = chunk[j]!.text;
              if (text) indexed.push({ pageId: r.id, title: d.title ?? '', text });
            });
          }
        }
        await search.index(trx, indexed);

        const fieldRows: {
          document_id: string;
          name: string;
          value: string;
          provenance: Provenance;
          page_no: null;
          span_start: null;
          span_end: null;
          updated_at: string;
          updated_by: null;
        }[] = [];
        result.documents.forEach((d, i) => {
          for (const [name, value] of Object.entries(d.fields)) {
            if (value === undefined || value === null) continue;
            fieldRows.push({
              document_id: ids[i]!,
              name,
              value: JSON.stringify(value),
              provenance: 'source',
              page_no: null,
              span_start: null,
              span_end: null,
              updated_at: now,
              updated_by: null,
            });
          }
        });
        await insertChunked(fieldRows, (chunk) => trx.insertInto('document_fields').values(chunk).execute());

        // Authority records declared by the file, then mentions linked to them (or to a name-only entity).
        const entityIds = new Map<string, number>();
        for (const e of result.entities) {
          const existing = await trx
            .selectFrom('entities')
            .select('id')
            .where('kind', '=', e.kind)
            .where('authority_key', '=', e.authorityKey)
            .executeTakeFirst();
          const id =
            existing?.id ??
            (
              await trx
                .insertInto('entities')
                .values({
                  kind: e.kind,
                  name: e.name,
                  authority_key: e.authorityKey,
                  variants: JSON.stringify(e.variants),
                  description: e.description,
                })
                .returning('id')
                .executeTakeFirstOrThrow()
            ).id;
          entityIds.set(`${e.kind}|${e.authorityKey}`, id);
        }
        const byName = new Map<string, number>();
        const mentionRows: {
          entity_id: number;
          document_id: string;
          page_no: number | null;
          span_start: number | null;
          span_end: number | null;
          text: string;
          provenance: Provenance;
        }[] = [];
        for (const [i, d] of result.documents.entries()) {
          for (const m of d.mentions) {
            let entityId = m.authorityKey ? entityIds.get(`${m.kind}|${m.authorityKey}`) : undefined;
            if (entityId === undefined) {
              const name = m.text.replace(/\s+/g, ' ').trim();
              if (!name) continue;
              const key = `${m.kind}|${name.toLowerCase()}`;
              entityId = byName.get(key);
              if (entityId === undefined) {
                const found = await trx
                  .selectFrom('entities')
                  .select('id')
                  .where('kind', '=', m.kind)
                  .where('name', '=', name)
                  .where('authority_key', 'is', null)
                  .executeTakeFirst();
                entityId =
                  found?.id ??
                  (
                    await trx
                      .insertInto('entities')
                      .values({ kind: m.kind, name, authority_key: null, variants: '[]', description: null })
                      .returning('id')
                      .executeTakeFirstOrThrow()
                  ).id;
                byName.set(key, entityId);
              }
            }
            mentionRows.push({
              entity_id: entityId,
              document_id: ids[i]!,
              page_no: m.pageNo,
              span_start: m.spanStart,
              span_end: m.spanEnd,
              text: m.text,
              provenance: 'source',
            });
          }
        }
        await insertChunked(mentionRows, (chunk) => trx.insertInto('entity_mentions').values(chunk).execute());

        await recordOutcome(
          runId,
          { path: file.originalPath, sha256: file.sha256, outcome: 'ingested', errorCode: null, message: null, documents: ids.length },
          trx,
        );
        return ids;
      });
    },
  };
}
