import { sql, type Kysely } from 'kysely';
import type { Engine, Migration } from './migration.js';

/** Full-text index of pages for the PostgreSQL search provider: a weighted tsvector per page with a GIN index. */
async function up(db: Kysely<unknown>, engine: Engine): Promise<void> {
  if (engine !== 'postgres') return;
  await sql`ALTER TABLE pages ADD COLUMN tsv tsvector`.execute(db);
  await sql`CREATE INDEX pages_tsv ON pages USING GIN (tsv)`.execute(db);
}

export const migration0003: Migration = { id: 3, name: 'search-postgres-tsvector', up };
