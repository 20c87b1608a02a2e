import { sql, type Kysely } from 'kysely';
import type { Engine, Migration } from './migration.js';

/**
 * PostgreSQL full text for search index v2 (migration 20 made the engine-neutral
 * tables): a weighted tsvector per document on `search_docs` (title A, text B)
 * ranks documents; the page tsvector (migration 3) picks the best page and is
 * now kept in step with the page text by a trigger, as SQLite's is.
 */
async function up(db: Kysely<unknown>, engine: Engine): Promise<void> {
  if (engine !== 'postgres') return;
  await sql`ALTER TABLE search_docs ADD COLUMN tsv tsvector`.execute(db);
  await sql`CREATE INDEX search_docs_tsv ON search_docs USING GIN (tsv)`.execute(db);
  await sql`CREATE OR REPLACE FUNCTION declass_pages_tsv() RETURNS trigger AS $$
    BEGIN NEW.tsv := to_tsvector('english', coalesce(NEW.text, '')); RETURN NEW; END
    $$ LANGUAGE plpgsql`.execute(db);
  await sql`CREATE TRIGGER pages_tsv BEFORE INSERT OR UPDATE OF text ON pages
    FOR EACH ROW EXECUTE FUNCTION declass_pages_tsv()`.execute(db);
  await sql`UPDATE pages SET tsv = to_tsvector('english', text)`.execute(db);
}

export const migration0021: Migration = { id: 21, name: 'search-postgres-documents', up };
