import { sql, type Kysely } from 'kysely';
import type { Engine, Migration } from './migration.js';

/**
 * Search index v2: metadata filters and facets as indexed SQL, and a
 * document-level full-text index beside the page-level one.
 *
 * - `search_docs`: one row per document with an integer key (the FTS rowid) and
 *   its date range, so date filters and the year histogram are index lookups.
 * - `facet_values` + `document_facets`: every filterable value (type,
 *   classification, caveat, exemption, from, to, person, place, org,
 *   collection, release) once, and which documents carry it; facet counts are
 *   a GROUP BY over the result set's rowids joined through the primary key.
 * - SQLite: `doc_fts` (contentless, title + all pages) ranks documents;
 *   `page_text_fts` (external content over `pages`, kept in step by triggers,
 *   so every path that writes pages keeps it right) picks the best page and
 *   builds snippets. It replaces `page_fts`, which duplicated the text.
 *
 * Existing archives: run `declass reindex` once after upgrading.
 */
async function up(db: Kysely<unknown>, engine: Engine): Promise<void> {
  const key = engine === 'postgres' ? 'serial' : 'integer';
  await db.schema
    .createTable('search_docs')
    .addColumn('rowid', key, (c) => (engine === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('document_id', 'text', (c) => c.notNull().unique().references('documents.id').onDelete('cascade'))
    .addColumn('date_start', 'text')
    .addColumn('date_end', 'text')
    .addColumn('year', 'integer')
    .execute();
  await db.schema.createIndex('search_docs_date').on('search_docs').columns(['date_start', 'date_end']).execute();
  await db.schema.createIndex('search_docs_year').on('search_docs').column('year').execute();

  await db.schema
    .createTable('facet_values')
    .addColumn('id', key, (c) => (engine === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('facet', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('norm', 'text', (c) => c.notNull())
    .addUniqueConstraint('facet_values_facet_norm', ['facet', 'norm'])
    .execute();

  if (engine === 'sqlite') {
    await sql`CREATE TABLE document_facets (
      doc INTEGER NOT NULL REFERENCES search_docs(rowid) ON DELETE CASCADE,
      value_id INTEGER NOT NULL REFERENCES facet_values(id),
      PRIMARY KEY (doc, value_id)
    ) WITHOUT ROWID`.execute(db);
  } else {
    await db.schema
      .createTable('document_facets')
      .addColumn('doc', 'integer', (c) => c.notNull().references('search_docs.rowid').onDelete('cascade'))
      .addColumn('value_id', 'integer', (c) => c.notNull().references('facet_values.id'))
      .addPrimaryKeyConstraint('document_facets_pk', ['doc', 'value_id'])
      .execute();
  }
  await db.schema.createIndex('document_facets_value').on('document_facets').columns(['value_id', 'doc']).execute();

  if (engine !== 'sqlite') return;
  const tokenize = sql.raw(`tokenize = 'porter unicode61 remove_diacritics 2'`);
  await sql`CREATE VIRTUAL TABLE doc_fts USING fts5(title, body, content = '', contentless_delete = 1, ${tokenize})`.execute(db);
  await sql`CREATE VIRTUAL TABLE doc_fts_vocab USING fts5vocab(doc_fts, 'row')`.execute(db);
  await sql`DROP TABLE IF EXISTS page_fts`.execute(db);
  await sql`CREATE VIRTUAL TABLE page_text_fts USING fts5(text, content = 'pages', content_rowid = 'id', ${tokenize})`.execute(db);
  await sql`CREATE TRIGGER pages_fts_insert AFTER INSERT ON pages BEGIN
      INSERT INTO page_text_fts(rowid, text) VALUES (new.id, new.text);
    END`.execute(db);
  await sql`CREATE TRIGGER pages_fts_delete AFTER DELETE ON pages BEGIN
      INSERT INTO page_text_fts(page_text_fts, rowid, text) VALUES ('delete', old.id, old.text);
    END`.execute(db);
  await sql`CREATE TRIGGER pages_fts_update AFTER UPDATE OF text ON pages BEGIN
      INSERT INTO page_text_fts(page_text_fts, rowid, text) VALUES ('delete', old.id, old.text);
      INSERT INTO page_text_fts(rowid, text) VALUES (new.id, new.text);
    END`.execute(db);
  await sql`INSERT INTO page_text_fts(page_text_fts) VALUES ('rebuild')`.execute(db);
}

export const migration0020: Migration = { id: 20, name: 'search-facets', up };
