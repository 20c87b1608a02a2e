import type { Db } from '../db/database.js';
import type { Clock } from '../shared/clock.js';
import type { SearchProvider } from '../search/search.types.js';
import { indexInBatches } from '../search/search.indexer.js';
import type { DocumentRow } from '../documents/documents.repository.js';
import { presentDocument } from '../documents/documents.presenter.js';
import { resolveFields } from '../documents/fields.js';
import { groupBy } from '../shared/group.js';
import { insertRows } from '../db/bulk.js';
import { newEntityIds, storeEntities, storeFields, storePages, type PageMeta } from './ingest.store.js';
import type { JobsRepository } from '../jobs/jobs.repository.js';
import type { NewJob } from '../jobs/jobs.types.js';
import { layerQuality, needsOcr, type OcrMode } from '../ocr/quality.js';
import type { ImportResult } from './importers/importer.js';
import type { ParsedFile } from './parse.js';
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

export type IngestRepository = ReturnType<typeof createIngestRepository>;

/** Formats whose pages are images: each page gets a page image, a thumbnail and, where needed, OCR. */
const PAGED_FORMATS = new Set(['pdf', 'image']);

/** Documents stored per step of a file's transaction (bounds the memory a big TEI volume takes). */
const SLICE = 100;

/** Per page of a scan: OCR or not under `mode` (decided now, from the text layer), and the layer's quality. */
function pageMeta(doc: ImportResult['documents'][number], mode: OcrMode): PageMeta[] {
  return doc.pages.map((p) => {
    const layer = p.textSource === 'layer' ? p.text : (p.layerText ?? '');
    return { status: needsOcr(layer, mode) ? 'waiting_ocr' : 'ready', layerQuality: layer.trim() ? layerQuality(layer).score : null };
  });
}

export function createIngestRepository({
  db,
  clock,
  search,
  jobs,
}: {
  db: Db;
  clock: Clock;
  search: SearchProvider;
  jobs: JobsRepository;
}) {
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
      /** The file's documents, each with the fields the extractors read from its text. */
      parsed: ParsedFile;
      /** Collection named on the command line, used when the file is not a collection itself. */
      defaultCollection: CollectionInput | null;
      /** OCR policy given for this ingest (saved on the collection); null: the collection's, else auto. */
      ocrMode?: OcrMode | null;
      /**
       * Runs after the last document is stored, before the transaction commits (e.g. storing the original under
       * `file.blobKey`): a file whose parse fails midway leaves nothing behind, and a failure here stores nothing.
       */
      beforeCommit?: () => Promise<unknown>;
    }): Promise<string[]> {
      const { runId, file, parsed, defaultCollection } = args;
      const result = parsed.file;
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
        const collection =
          collectionId === null
            ? undefined
            : await trx
                .selectFrom('collections')
                .select(['slug', 'title', 'kind', 'ocr_mode'])
                .where('id', '=', collectionId)
                .executeTakeFirst();
        let mode: OcrMode = args.ocrMode ?? 'auto';
        if (collectionId !== null) {
          if (args.ocrMode) await trx.updateTable('collections').set({ ocr_mode: args.ocrMode }).where('id', '=', collectionId).execute();
          else if (collection?.ocr_mode === 'auto' || collection?.ocr_mode === 'force' || collection?.ocr_mode === 'never')
            mode = collection.ocr_mode;
        }
        const paged = PAGED_FORMATS.has(result.format);
        let seq = 0;
        if (collectionId !== null) {
          const max = await trx
            .selectFrom('documents')
            .select((eb) => eb.fn.max<number>('seq').as('m'))
            .where('collection_id', '=', collectionId)
            .executeTakeFirst();
          seq = (max?.m ?? 0) + 1;
        }

        // A slice of documents at a time (all in this one transaction): a big volume's rows,
        // records and index text never sit in memory all at once.
        const ids: string[] = [];
        const entityIds = newEntityIds();
        const index = indexInBatches(trx, search);
        // A short slice is the file's last (its length is known only once it has been read).
        for (let from = 0, more = true; more; from += SLICE) {
          const slice = await parsed.documents(from, from + SLICE);
          more = slice.length === SLICE;
          if (slice.length === 0) break;
          const docs = slice.map((x) => x.document);
          const single = from === 0 && slice.length === 1;
          const meta = paged ? docs.map((d) => pageMeta(d, mode)) : [];
          // Stable ids: the importer's preferred id, else the file hash; a clash with a stored document gets the hash appended.
          const wanted = docs.map(
            (d, j) => d.preferredId ?? (single ? file.sha256.slice(0, 16) : `${file.sha256.slice(0, 16)}-${from + j + 1}`),
          );
          const taken = new Set((await trx.selectFrom('documents').select('id').where('id', 'in', wanted).execute()).map((r) => r.id));
          const sliceIds = wanted.map((id) => (taken.has(id) ? `${id}-${file.sha256.slice(0, 8)}` : id));
          ids.push(...sliceIds);
          const docRows = docs.map((d, j) => ({
            id: sliceIds[j]!,
            file_id: fileRow.id,
            collection_id: collectionId,
            seq: seq + from + j,
            source_key: d.sourceKey,
            title: d.title,
            status: meta[j]?.some((m) => m.status === 'waiting_ocr') ? 'waiting_ocr' : 'ready',
            page_count: d.pages.length,
            created_at: now,
            updated_at: now,
          }));
          await insertRows(trx, 'documents', docRows);

          await storePages(trx, docs, sliceIds, meta);
          if (paged) {
            const pageJobs: NewJob[] = docs.flatMap((d, j) =>
              d.pages.map((_, n) => ({
                name: 'page.process' as const,
                payload: { documentId: sliceIds[j]!, pageNo: n + 1 },
                uniqueKey: `page:${sliceIds[j]!}:${n + 1}`,
                batch: `ingest:${runId}`,
              })),
            );
            await jobs.enqueue(trx, pageJobs);
          }
          const fields = groupBy(
            await storeFields(
              trx,
              docs,
              slice.map((x) => x.extracted),
              sliceIds,
              now,
            ),
            (f) => f.document_id,
          );
          const mentions = groupBy(
            await storeEntities(trx, parsed.entitiesBefore(from + slice.length), docs, sliceIds, entityIds),
            (m) => m.document_id,
          );
          // Search rows from what was just written, through the same presenter the archive reads with (no read-back).
          await index.add(
            docRows.map((row, j) => {
              const view: DocumentRow = {
                ...row,
                collection_slug: collection?.slug ?? null,
                collection_title: collection?.title ?? null,
                file_sha256: file.sha256,
                file_format: result.format,
                file_media_type: result.mediaType,
                file_path: file.originalPath,
                file_name: file.originalName,
                blob_key: file.blobKey,
              };
              return {
                record: presentDocument(view, resolveFields(fields.get(row.id) ?? []), mentions.get(row.id) ?? []),
                pages: docs[j]!.pages.map((p) => p.text),
                collectionKind: collection?.kind ?? null,
              };
            }),
          );
        }

        await index.finish();
        await args.beforeCommit?.();
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
