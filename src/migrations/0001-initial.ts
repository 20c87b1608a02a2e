import type { ColumnDefinitionBuilder, Kysely } from 'kysely';
import type { Engine, Migration } from './migration.js';

async function up(db: Kysely<unknown>, engine: Engine): Promise<void> {
  const autoId = engine === 'postgres' ? 'serial' : 'integer';
  const idCol = (col: ColumnDefinitionBuilder) => (engine === 'postgres' ? col.primaryKey() : col.primaryKey().autoIncrement());

  await db.schema
    .createTable('collections')
    .addColumn('id', autoId, (c) => idCol(c))
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('agency', 'text')
    .addColumn('case_number', 'text')
    .addColumn('release_date', 'text')
    .addColumn('source_url', 'text')
    .addColumn('notes', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('files')
    .addColumn('id', autoId, (c) => idCol(c))
    .addColumn('sha256', 'text', (c) => c.notNull().unique())
    .addColumn('media_type', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('original_name', 'text', (c) => c.notNull())
    .addColumn('original_path', 'text', (c) => c.notNull())
    .addColumn('blob_key', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('documents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('file_id', 'integer', (c) => c.notNull().references('files.id'))
    .addColumn('collection_id', 'integer', (c) => c.references('collections.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('source_key', 'text', (c) => c.notNull())
    .addColumn('title', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('page_count', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('documents_collection_seq').on('documents').columns(['collection_id', 'seq']).execute();
  await db.schema.createIndex('documents_file').on('documents').column('file_id').execute();

  await db.schema
    .createTable('pages')
    .addColumn('id', autoId, (c) => idCol(c))
    .addColumn('document_id', 'text', (c) => c.notNull().references('documents.id').onDelete('cascade'))
    .addColumn('page_no', 'integer', (c) => c.notNull())
    .addColumn('label', 'text')
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('text_source', 'text', (c) => c.notNull())
    .addUniqueConstraint('pages_document_page', ['document_id', 'page_no'])
    .execute();

  await db.schema
    .createTable('document_fields')
    .addColumn('id', autoId, (c) => idCol(c))
    .addColumn('document_id', 'text', (c) => c.notNull().references('documents.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('provenance', 'text', (c) => c.notNull())
    .addColumn('page_no', 'integer')
    .addColumn('span_start', 'integer')
    .addColumn('span_end', 'integer')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .addUniqueConstraint('document_fields_doc_name_prov', ['document_id', 'name', 'provenance'])
    .execute();

  await db.schema
    .createTable('entities')
    .addColumn('id', autoId, (c) => idCol(c))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('authority_key', 'text')
    .addColumn('variants', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addUniqueConstraint('entities_kind_authority', ['kind', 'authority_key'])
    .execute();
  await db.schema.createIndex('entities_kind_name').on('entities').columns(['kind', 'name']).execute();

  await db.schema
    .createTable('entity_mentions')
    .addColumn('id', autoId, (c) => idCol(c))
    .addColumn('entity_id', 'integer', (c) => c.notNull().references('entities.id').onDelete('cascade'))
    .addColumn('document_id', 'text', (c) => c.notNull().references('documents.id').onDelete('cascade'))
    .addColumn('page_no', 'integer')
    .addColumn('span_start', 'integer')
    .addColumn('span_end', 'integer')
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('provenance', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('entity_mentions_document').on('entity_mentions').column('document_id').execute();
  await db.schema.createIndex('entity_mentions_entity').on('entity_mentions').column('entity_id').execute();

  await db.schema
    .createTable('ingest_runs')
    .addColumn('id', autoId, (c) => idCol(c))
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('options', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('ingest_outcomes')
    .addColumn('id', autoId, (c) => idCol(c))
    .addColumn('run_id', 'integer', (c) => c.notNull().references('ingest_runs.id'))
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text')
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('error_code', 'text')
    .addColumn('message', 'text')
    .addColumn('documents', 'integer', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ingest_outcomes_run').on('ingest_outcomes').column('run_id').execute();
}

export const migration0001: Migration = { id: 1, name: 'initial', up };
