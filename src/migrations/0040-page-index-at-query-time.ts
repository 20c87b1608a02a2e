import { sql, type Kysely } from 'kysely';
import type { Engine, Migration } from './migration.js';

/**
 * SQLite: drops the page-level full-text index (`page_text_fts` and the
 * triggers on `pages` that kept it in step). It tokenised every page a second
 * time (after `doc_fts`) and roughly doubled the index, yet served only to
 * pick each hit's best page and snippet — which the provider now does at query
 * time over the few hits it shows, in a scratch FTS5 table with the same
 * tokenizer. PostgreSQL keeps `pages.tsv` (its snippets read it).
 */
async function up(db: Kysely<unknown>, engine: Engine): Promise<void> {
  if (engine !== 'sqlite') return;
  for (const t of ['pages_fts_insert', 'pages_fts_delete', 'pages_fts_update']) await sql.raw(`DROP TRIGGER IF EXISTS ${t}`).execute(db);
  await sql`DROP TABLE IF EXISTS page_text_fts`.execute(db);
}

export const migration0040: Migration = { id: 40, name: 'page-index-at-query-time', up };
