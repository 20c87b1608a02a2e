import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Engine } from '../migrations/migration.js';
import { reindexDocuments } from '../search/search.indexer.js';
import type { SearchProvider } from '../search/search.types.js';
import { withBulkWrites } from './bulk-writes.js';
import type { Db } from './database.js';
import { ARCHIVE_TABLES, type TableInfo } from './tables.js';

export interface TableReport {
  table: string;
  source: number;
  target: number;
  checksum: string;
  match: boolean;
}

const BATCH = 1000;

type Row = Record<string, unknown>;
type AnyDb = Kysely<Record<string, Row>>;

/** Rows of a table in key order, a batch at a time (keyset pagination), without engine-derived columns. */
async function* readRows(db: Db, t: TableInfo): AsyncGenerator<Row[]> {
  const any = db as unknown as AnyDb;
  let after: unknown = null;
  for (;;) {
    let q = any.selectFrom(t.name).selectAll().orderBy(t.key).limit(BATCH);
    if (after !== null) q = q.where(t.key, '>', after as never);
    const rows = (await q.execute()) as Row[];
    if (rows.length === 0) return;
    after = rows[rows.length - 1]![t.key];
    yield rows.map((r) => {
      const copy = { ...r };
      for (const d of t.derived ?? []) delete copy[d];
      return copy;
    });
  }
}

/** A checksum of a table's rows that does not depend on the engine (numbers and strings normalised). */
async function checksum(db: Db, t: TableInfo): Promise<{ count: number; digest: string }> {
  const h = createHash('sha256');
  let count = 0;
  for await (const rows of readRows(db, t)) {
    for (const r of rows) {
      const keys = Object.keys(r).sort();
      h.update(JSON.stringify(keys.map((k) => [k, typeof r[k] === 'bigint' ? Number(r[k]) : r[k]])));
      h.update('\n');
      count++;
    }
  }
  return { count, digest: h.digest('hex') };
}

/**
 * Copies every archive table from one engine to another, keeping ids, then
 * rebuilds the target's search index and verifies counts and checksums.
 * Re-running after an interruption completes the copy: rows already there are
 * skipped (same ids), missing ones inserted.
 */
export async function copyArchive(args: {
  source: Db;
  target: Db;
  targetEngine: Engine;
  targetSearch: SearchProvider;
  onProgress?: (table: string, rows: number) => void;
}): Promise<TableReport[]> {
  const { source, target, targetEngine, targetSearch } = args;
  for (const t of ARCHIVE_TABLES) {
    let copied = 0;
    for await (const rows of readRows(source, t)) {
      await target.transaction().execute(async (trx) => {
        const tx = trx as unknown as AnyDb;
        await tx
          .insertInto(t.name)
          .values(rows)
          .onConflict((oc) => oc.column(t.key).doNothing())
          .execute();
      });
      copied += rows.length;
      args.onProgress?.(t.name, copied);
    }
    if (targetEngine === 'postgres' && t.serial) {
      await sql`SELECT setval(pg_get_serial_sequence(${t.name}, ${t.key}), COALESCE((SELECT max(${sql.ref(t.key)}) FROM ${sql.table(t.name)}), 0) + 1, false)`.execute(
        target,
      );
    }
  }
  // The search index is engine-specific derived data: rebuilt from the copied pages.
  await rebuildSearchIndex(target, targetSearch);
  const report: TableReport[] = [];
  for (const t of ARCHIVE_TABLES) {
    const [a, b] = await Promise.all([checksum(source, t), checksum(target, t)]);
    report.push({
      table: t.name,
      source: a.count,
      target: b.count,
      checksum: a.digest.slice(0, 16),
      match: a.count === b.count && a.digest === b.digest,
    });
  }
  return report;
}

/** Rebuilds the search index of every document (after a copy, or to repair an index). */
export function rebuildSearchIndex(db: Db, search: SearchProvider): Promise<number> {
  return withBulkWrites(db, () => rebuildAll(db, search));
}

async function rebuildAll(db: Db, search: SearchProvider): Promise<number> {
  let after = '';
  let n = 0;
  for (;;) {
    const ids = (await db.selectFrom('documents').select('id').where('id', '>', after).orderBy('id').limit(BATCH).execute()).map(
      (r) => r.id,
    );
    if (ids.length === 0) return n;
    after = ids[ids.length - 1]!;
    await db.transaction().execute((trx) => reindexDocuments(trx, search, ids));
    n += ids.length;
  }
}
