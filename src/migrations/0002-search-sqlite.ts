import { sql, type Kysely } from 'kysely';
import type { Engine, Migration } from './migration.js';

/**
 * Full-text index of pages for the SQLite FTS5 search provider. One row per
 * page (rowid = pages.id) so snippets can name the page they come from; the
 * document title is repeated on each page row so title matches rank.
 */
async function up(db: Kysely<unknown>, engine: Engine): Promise<void> {
  if (engine !== 'sqlite') return;
  await sql`CREATE VIRTUAL TABLE page_fts USING fts5(
    title, body,
    tokenize = 'porter unicode61 remove_diacritics 2'
  )`.execute(db);
}

export const migration0002: Migration = { id: 2, name: 'search-sqlite-fts5', up };
