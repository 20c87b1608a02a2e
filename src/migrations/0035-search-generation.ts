import { sql, type Kysely } from 'kysely';
import type { Migration } from './migration.js';

/**
 * A counter of search-index writes: `indexDocuments` and `removeDocuments` bump
 * it inside their transaction, so every process serving searches (several
 * `serve` workers, a `worker` writing) can tell that its in-memory facet index
 * (search.memindex.ts) is stale with one cheap read. Nothing else changes: the
 * in-memory structures are derived from `search_docs` and `document_facets`.
 */
async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('search_state')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('generation', 'integer', (c) => c.notNull())
    .execute();
  await sql`INSERT INTO search_state (id, generation) VALUES (1, 1)`.execute(db);
}

export const migration0035: Migration = { id: 35, name: 'search-generation', up };
