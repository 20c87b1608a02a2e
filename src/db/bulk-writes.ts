import { SqliteAdapter, sql } from 'kysely';
import type { Db } from './database.js';

/** Page cache while bulk writing (KiB, SQLite's convention for a negative `cache_size`; the default is 16 MB). */
export const BULK_CACHE_KIB = 256 * 1024;
/** WAL pages between automatic checkpoints while bulk writing (128 MB; the default is 1,000 pages, 4 MB). */
export const BULK_WAL_AUTOCHECKPOINT = 32_768;

/** The connection settings a bulk write changes. */
const SETTINGS = ['cache_size', 'wal_autocheckpoint', 'temp_store'] as const;

/**
 * Runs `fn` — a long run of large write transactions: `declass ingest`, `declass reindex`, a benchmark's build —
 * with connection settings made for it, and restores them afterwards, whatever happens. SQLite only (PostgreSQL:
 * `fn` runs as is). The settings are this connection's own: other processes reading the archive are not affected.
 * Call it outside a transaction, and not in a process answering searches meanwhile (changing `temp_store` drops
 * the temp tables, where the search keeps its scratch tables; they are re-created on the next search).
 *
 * - Statement journals in memory (`temp_store = MEMORY`). Every multi-row INSERT into a table with a constraint
 *   or a foreign key (ingest writes rows in chunks) first saves the pages it is about to change that its
 *   transaction had already changed; past 64 KB SQLite spills that journal to a temp file, a write(2) per page —
 *   a tenth of the time of building a large index. In memory it costs a copy. (Kept for bulk writes because it also
 *   keeps whole sorts in memory, which a big query or CREATE INDEX would rather spill.)
 * - A bigger page cache (256 MB, unless `cacheKib` says otherwise): a transaction inserts into B-tree indexes whose
 *   keys are spread over the whole index (`document_facets(value_id, doc)` gains a row under most facet values; dates are random), so once the
 *   indexes outgrow the default 16 MB, inserts re-read pages and the cache spills dirty pages to the WAL before
 *   the commit.
 * - Fewer checkpoints: the WAL is copied into the database every 128 MB instead of after every transaction over
 *   4 MB, so a page that several transactions in a row change (index leaves, FTS5's structure record) is copied
 *   once. At the end a passive checkpoint copies what is left.
 */
export async function withBulkWrites<T>(
  db: Db,
  fn: () => Promise<T>,
  {
    cacheKib = BULK_CACHE_KIB,
  }: {
    /**
     * Page cache for the run, or null to keep the connection's (16 MB): `declass ingest` keeps it, since its peak
     * memory must stay under 300 MB whatever the batch (issue #2).
     */
    cacheKib?: number | null;
  } = {},
): Promise<T> {
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) return fn();
  const before = new Map<string, number>();
  for (const name of SETTINGS) {
    const row = (await sql.raw<Record<string, number>>(`PRAGMA ${name}`).execute(db)).rows[0];
    if (row && typeof row[name] === 'number') before.set(name, row[name]);
  }
  await sql.raw(`PRAGMA temp_store = MEMORY`).execute(db);
  if (cacheKib !== null) await sql.raw(`PRAGMA cache_size = ${-Math.trunc(cacheKib)}`).execute(db);
  await sql.raw(`PRAGMA wal_autocheckpoint = ${BULK_WAL_AUTOCHECKPOINT}`).execute(db);
  try {
    return await fn();
  } finally {
    for (const [name, value] of before) await sql.raw(`PRAGMA ${name} = ${Math.trunc(value)}`).execute(db);
    await sql`PRAGMA wal_checkpoint(PASSIVE)`.execute(db);
  }
}

/**
 * `declass ingest`'s bulk-write scope: the connection's own page cache is kept, since ingest's peak memory must stay
 * under 300 MB whatever the batch (issue #2).
 */
export function withIngestWrites<T>(db: Db, fn: () => Promise<T>): Promise<T> {
  return withBulkWrites(db, fn, { cacheKib: null });
}
