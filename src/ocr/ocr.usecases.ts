import { replaceExtractedFields } from '../documents/reextract.usecases.js';
import { reindexDocuments } from '../search/search.indexer.js';
import type { BlobStore } from '../blobs/blobs.js';
import type { Db } from '../db/database.js';
import type { JobDefinition } from '../jobs/jobs.types.js';
import type { SearchProvider } from '../search/search.types.js';
import type { Clock } from '../shared/clock.js';
import type { OcrEngine, OcrWord } from './ocr.types.js';
import type { PageSource } from './page-source.js';
import { ocrErrors } from './ocr.errors.js';
import { GOOD_LAYER_SCORE, layerQuality, MIN_LAYER_TOKENS } from './quality.js';
import { DeclassError, describeError, isDeclassError } from '../shared/errors.js';

/** A coded error from the page-image or OCR step, its message prefixed with the document and page it failed on. */
function onPage(cause: DeclassError, where: string): DeclassError {
  return new DeclassError({
    code: cause.code,
    status: cause.status,
    message: `${where}: ${cause.message}`,
    cause,
    ...(cause.details ? { details: cause.details } : {}),
  });
}

export interface PageJobDeps {
  db: Db;
  blobs: BlobStore;
  search: SearchProvider;
  clock: Clock;
  pages: PageSource;
  /** The OCR engine, created on first use (starting tesseract.js costs a second or two). */
  engine: () => Promise<OcrEngine>;
}

/** Words as stored: [text, x0, y0, x1, y1, confidence, line]. Compact: a page has hundreds. */
export type StoredWord = [string, number, number, number, number, number, number];

export const toStoredWords = (words: readonly OcrWord[]): StoredWord[] =>
  words.map((w) => [w.text, w.x0, w.y0, w.x1, w.y1, Math.round(w.confidence * 10) / 10, w.line]);

/**
 * The page pipeline for one page of a scan or PDF: page image and thumbnail
 * into the blob store, then OCR when the page waits for it. All writes for the
 * page (image rows, OCR words, text, search index, job completion) commit in
 * one transaction and replace what was there, so a page processed twice (after
 * a crash) ends up the same as once. When the document's last waiting page is
 * done, its extracted fields are recomputed from the new text.
 */
export function createPageProcessJob(deps: PageJobDeps): JobDefinition<'page.process'> {
  return {
    name: 'page.process',
    maxAttempts: 3,
    isPermanent: isPermanentPageError,
    async onFailed({ documentId, pageNo }) {
      const now = deps.clock.now().toISOString();
      await deps.db.transaction().execute(async (trx) => {
        await trx
          .updateTable('pages')
          .set({ status: 'failed' })
          .where('document_id', '=', documentId)
          .where('page_no', '=', pageNo)
          .execute();
        await finishDocumentIfDone(trx, documentId, now);
      });
    },
    async handler({ documentId, pageNo }, ctx) {
      const row = await deps.db
        .selectFrom('pages as p')
        .innerJoin('documents as d', 'd.id', 'p.document_id')
        .innerJoin('files as f', 'f.id', 'd.file_id')
        .select([
          'p.id',
          'p.page_no',
          'p.text',
          'p.text_source',
          'p.status',
          'p.layer_text',
          'p.layer_quality',
          'd.title',
          'f.blob_key',
          'f.media_type',
          'f.format',
        ])
        .where('p.document_id', '=', documentId)
        .where('p.page_no', '=', pageNo)
        .executeTakeFirst();
      if (!row) return; // the document was deleted meanwhile: nothing to do

      const where = `${row.title ?? documentId} (${documentId}) page ${pageNo}`;
      let image: Awaited<ReturnType<PageSource['image']>>;
      try {
        image = await deps.pages.image({ blobKey: row.blob_key, mediaType: row.media_type, format: row.format }, pageNo);
      } catch (cause) {
        if (isDeclassError(cause) && (cause.code === 'ocr.image_too_large' || cause.code === 'ocr.corrupt_image')) {
          throw onPage(cause, where);
        }
        throw ocrErrors.pageImageFailed(`${where}: the page image could not be made (${describeError(cause)})`, {
          cause,
        });
      }
      const [imageKey, thumbKey] = await Promise.all([deps.blobs.put(image.bytes), deps.blobs.put(image.thumb.bytes)]);

      let ocr: { engine: string; result: Awaited<ReturnType<OcrEngine['recognize']>>; seconds: number } | null = null;
      if (row.status === 'waiting_ocr') {
        const engine = await deps.engine();
        const t0 = performance.now();
        const result = await engine
          .recognize({ bytes: image.bytes, width: image.width, height: image.height, dpi: image.dpi })
          .catch((cause: unknown) => {
            throw isDeclassError(cause) ? onPage(cause, where) : cause;
          });
        ocr = { engine: engine.name, result, seconds: (performance.now() - t0) / 1000 };
      }

      const now = deps.clock.now().toISOString();
      await deps.db.transaction().execute(async (trx) => {
        await ctx.complete(trx); // first: if another worker took the job over, nothing below is written
        const imageRow = {
          blob_key: imageKey,
          media_type: image.mediaType,
          width: image.width,
          height: image.height,
          dpi: image.dpi,
          method: image.method,
          thumb_key: thumbKey,
          thumb_width: image.thumb.width,
          thumb_height: image.thumb.height,
          created_at: now,
        };
        await trx
          .insertInto('page_images')
          .values({ page_id: row.id, ...imageRow })
          .onConflict((oc) => oc.column('page_id').doUpdateSet(imageRow))
          .execute();
        if (!ocr) return;

        const ocrRow = {
          engine: ocr.engine,
          width: ocr.result.width,
          height: ocr.result.height,
          mean_confidence: ocr.result.meanConfidence,
          words: JSON.stringify(toStoredWords(ocr.result.words)),
          seconds: ocr.seconds,
          created_at: now,
        };
        await trx
          .insertInto('page_ocr')
          .values({ page_id: row.id, ...ocrRow })
          .onConflict((oc) => oc.column('page_id').doUpdateSet(ocrRow))
          .execute();
        // The publisher's layer is kept beside the OCR text; the page reads whichever of the two is better.
        const layer = row.text_source === 'layer' ? row.text : row.layer_text;
        const keepLayer = preferLayer(layer, row.layer_quality, ocr.result.text);
        await trx
          .updateTable('pages')
          .set(
            keepLayer
              ? { text: layer ?? '', text_source: 'layer', layer_text: layer, status: 'ready' }
              : { text: ocr.result.text, text_source: 'ocr', layer_text: layer, status: 'ready' },
          )
          .where('id', '=', row.id)
          .execute();
        // The page-level text index follows the page by trigger; the document-level index is rebuilt when the
        // document is done, and every few pages of a long one so that its pages are findable as they come.
        const done = await finishDocumentIfDone(trx, documentId, now);
        if (done || row.page_no % REINDEX_EVERY_PAGES === 0) await reindexDocuments(trx, deps.search, [documentId]);
      });
    },
  };
}

/**
 * Page failures that would recur on every attempt: the same bytes give the same corrupt image, the same
 * over-limit size, the same unreadable page; a page that ran past the OCR timeout runs past it again (the
 * limit is far above a normal page's seconds). A failed or crashed engine process may be transient: retried.
 */
const PERMANENT_PAGE_ERRORS = new Set(['ocr.corrupt_image', 'ocr.image_too_large', 'ocr.page_image_failed', 'ocr.timeout']);
export function isPermanentPageError(err: unknown): boolean {
  if (!isDeclassError(err) || !PERMANENT_PAGE_ERRORS.has(err.code)) return false;
  // A page image that failed because the blob could not be read (EMFILE, EIO…) may well succeed next time.
  const cause: unknown = err.cause;
  return !(cause instanceof Error && typeof (cause as NodeJS.ErrnoException).errno === 'number');
}

/** OCR text wins unless the layer scores this much better: OCR words have boxes for the viewer. */
const LAYER_MARGIN = 0.05;

/**
 * Whether a page keeps its publisher's text layer although it was OCR'd: the
 * better of the two by the same quality score that decides OCR (quality.ts).
 * OCR can lose to a layer made from a better scan than the one published.
 */
export function preferLayer(layer: string | null, layerScore: number | null, ocrText: string): boolean {
  if (!layer?.trim()) return false;
  const l = layerScore ?? layerQuality(layer).score;
  const o = layerQuality(ocrText);
  return o.tokens < MIN_LAYER_TOKENS ? l >= GOOD_LAYER_SCORE : l > o.score + LAYER_MARGIN;
}

/** How often (in pages) a long document's search rows are refreshed while its pages are OCR'd. */
const REINDEX_EVERY_PAGES = 10;

/** When no page of the document waits for OCR any more: it is ready, and its extracted fields are recomputed from its text. */
export async function finishDocumentIfDone(trx: Db, documentId: string, now: string): Promise<boolean> {
  const waiting = await trx
    .selectFrom('pages')
    .select('id')
    .where('document_id', '=', documentId)
    .where('status', '=', 'waiting_ocr')
    .executeTakeFirst();
  if (waiting) return false;
  // Only rows the extractors wrote are replaced; editors' rows (and the source's) are never touched.
  await replaceExtractedFields(trx, [documentId], now);
  await trx.updateTable('documents').set({ status: 'ready', updated_at: now }).where('id', '=', documentId).execute();
  return true;
}
