import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql, type SqliteDatabase, type SqliteStatement } from 'kysely';
import type { Database } from './schema.js';
import { migrations } from '../migrations/registry.js';
import type { Engine } from '../migrations/migration.js';
import { DeclassError } from '../shared/errors.js';

export type Db = Kysely<Database>;

export interface OpenedDatabase {
  db: Db;
  engine: Engine;
  close(): Promise<void>;
}

/** Opens (creating if needed) the embedded SQLite archive at `file`, WAL mode, migrated. Use ':memory:' in tests. */
export async function openSqliteDatabase(file: string): Promise<OpenedDatabase> {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  let native: SQLite.Database;
  try {
    native = new SQLite(file);
  } catch (cause) {
    throw new DeclassError({ code: 'store.open_failed', message: `Cannot open the archive database ${file}: ${String(cause)}`, cause });
  }
  native.pragma('journal_mode = WAL');
  native.pragma('synchronous = NORMAL');
  native.pragma('foreign_keys = ON');
  native.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: cachingStatements(native) }) });
  await migrate(db, 'sqlite');
  return { db, engine: 'sqlite', close: () => db.destroy() };
}

/**
 * better-sqlite3 compiles a statement on every `prepare`; Kysely prepares each
 * query it runs. Recently used statements are kept (by SQL text) and reused:
 * the same queries with new parameters skip SQLite's compiler. Iteration (a
 * streaming query) gets a statement of its own, so a reused one is never busy.
 * A compiled statement holds memory in proportion to its length, so the cache
 * is small and keeps only short texts (bulk inserts use two shapes per table).
 */
function cachingStatements(native: SQLite.Database, size = 64, longest = 8000): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => native.close(),
    prepare(text: string): SqliteStatement {
      let stmt = cache.get(text);
      if (stmt)
        cache.delete(text); // re-inserted below: most recent last
      else stmt = native.prepare(text);
      // Long statements (big IN lists) are rarely repeated and each holds much memory: not kept.
      if (text.length <= longest) cache.set(text, stmt);
      if (cache.size > size) cache.delete(cache.keys().next().value!);
      const shared = stmt;
      return {
        reader: shared.reader,
        all: (params) => shared.all(params),
        run: (params) => shared.run(params),
        iterate: (params) => native.prepare(text).iterate(params),
      };
    },
  };
}

/**
 * Opens the PostgreSQL archive at `url`, migrated (migrations serialised across processes). The driver is loaded
 * here, on first use: an SQLite archive never pays for it (~10 MB of memory and start-up time per process).
 */
export async function openPostgresDatabase(url: string): Promise<OpenedDatabase> {
  const { openPostgres, withMigrationLock } = await import('./postgres.js');
  const { db } = await openPostgres(url);
  await withMigrationLock(db, () => migrate(db, 'postgres'));
  return { db, engine: 'postgres', close: () => db.destroy() };
}

/** Applies pending migrations from the registry, each in its own transaction. */
export async function migrate(db: Db, engine: Engine): Promise<number> {
  await db.schema
    .createTable('declass_migrations')
    .ifNotExists()
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('applied_at', 'text', (c) => c.notNull())
    .execute();
  const applied = new Set((await db.selectFrom('declass_migrations').select('id').execute()).map((r) => r.id));
  let count = 0;
  for (const m of migrations) {
    if (applied.has(m.id)) continue;
    await db.transaction().execute(async (trx) => {
      await m.up(trx as unknown as Kysely<unknown>, engine);
      await trx.insertInto('declass_migrations').values({ id: m.id, name: m.name, applied_at: new Date().toISOString() }).execute();
    });
    count++;
  }
  return count;
}

export { sql };
