import type { ColumnDefinitionBuilder, Kysely } from 'kysely';
import type { Engine, Migration } from './migration.js';

/**
 * Scanned records: per-page status and the publisher's text layer kept beside
 * OCR text; page images (full and thumbnail) in the blob store; OCR words with
 * boxes; the OCR policy per collection; and the persistent job queue.
 */
async function up(db: Kysely<unknown>, engine: Engine): Promise<void> {
  const autoId = engine === 'postgres' ? 'serial' : 'integer';
  const idCol = (col: ColumnDefinitionBuilder) => (engine === 'postgres' ? col.primaryKey() : col.primaryKey().autoIncrement());

  await db.schema.alterTable('collections').addColumn('ocr_mode', 'text').execute();
  await db.schema
    .alterTable('pages')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('ready'))
    .execute();
  await db.schema.alterTable('pages').addColumn('layer_text', 'text').execute();
  await db.schema.alterTable('pages').addColumn('layer_quality', 'real').execute();

  await db.schema
    .createTable('page_images')
    .addColumn('page_id', 'integer', (c) => c.primaryKey().references('pages.id').onDelete('cascade'))
    .addColumn('blob_key', 'text', (c) => c.notNull())
    .addColumn('media_type', 'text', (c) => c.notNull())
    .addColumn('width', 'integer', (c) => c.notNull())
    .addColumn('height', 'integer', (c) => c.notNull())
    .addColumn('dpi', 'real', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('thumb_key', 'text', (c) => c.notNull())
    .addColumn('thumb_width', 'integer', (c) => c.notNull())
    .addColumn('thumb_height', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('page_ocr')
    .addColumn('page_id', 'integer', (c) => c.primaryKey().references('pages.id').onDelete('cascade'))
    .addColumn('engine', 'text', (c) => c.notNull())
    .addColumn('width', 'integer', (c) => c.notNull())
    .addColumn('height', 'integer', (c) => c.notNull())
    .addColumn('mean_confidence', 'real', (c) => c.notNull())
    .addColumn('words', 'text', (c) => c.notNull())
    .addColumn('seconds', 'real', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('jobs')
    .addColumn('id', autoId, (c) => idCol(c))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('unique_key', 'text', (c) => c.unique())
    .addColumn('batch', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('max_attempts', 'integer', (c) => c.notNull())
    .addColumn('run_after', 'text', (c) => c.notNull())
    .addColumn('lease_owner', 'text')
    .addColumn('lease_expires', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text')
    .addColumn('finished_at', 'text')
    .execute();
  await db.schema.createIndex('jobs_claim').on('jobs').columns(['status', 'run_after']).execute();
  await db.schema.createIndex('jobs_batch').on('jobs').columns(['batch', 'status']).execute();
}

export const migration0010: Migration = { id: 10, name: 'scans-ocr-jobs', up };
