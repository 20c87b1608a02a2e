import { sql, type Kysely } from 'kysely';
import type { Engine, Migration } from './migration.js';

/** Pending terms FTS5 keeps in memory per table before writing a segment (FTS5's default is 1 MB). */
export const FTS_HASH_BYTES = 16 * 1024 * 1024;

/**
 * SQLite: FTS5's `hashsize` for `doc_fts` and `doc_title_fts`, 16 MB instead of 1 MB. FTS5 gathers a
 * transaction's new terms in memory and writes them out as one segment when the transaction commits, or sooner
 * when they pass `hashsize`. With 1 MB an ingest of a few thousand documents cut a segment every few hundred, and
 * automerge rewrote those segments again and again as the index grew; with 16 MB a 5,000-document transaction is
 * one segment (fewer, larger segments: less merging while building, fewer to read while searching). It only
 * matters to transactions that write that much, and bounds what they hold in memory (16 MB per table, while
 * writing). A setting of the index (kept in its `_config` table), so it applies to every writer.
 */
async function up(db: Kysely<unknown>, engine: Engine): Promise<void> {
  if (engine !== 'sqlite') return;
  for (const table of ['doc_fts', 'doc_title_fts'])
    await sql`INSERT INTO ${sql.table(table)}(${sql.raw(table)}, rank) VALUES ('hashsize', ${sql.lit(FTS_HASH_BYTES)})`.execute(db);
}

export const migration0050: Migration = { id: 50, name: 'search-fts-hashsize', up };
