import pg from 'pg';
import { Kysely, PostgresDialect, sql } from 'kysely';
import type { Database } from './schema.js';
import { DeclassError } from '../shared/errors.js';
import { redactUrl } from './url.js';

export { redactUrl };

// 64-bit integers (count(*), bigint columns) as numbers: archive sizes stay far below 2^53.
pg.types.setTypeParser(20, (v) => Number(v));

/** Opens a PostgreSQL pool and checks that it answers, failing with a clear message naming the URL (password hidden). */
export async function openPostgres(url: string, opts: { max?: number } = {}): Promise<{ db: Kysely<Database>; pool: pg.Pool }> {
  const pool = new pg.Pool({ connectionString: url, max: opts.max ?? 10, connectionTimeoutMillis: 10_000 });
  // A dropped connection (server restart) must not crash the process; the pool reconnects on next use.
  const warn = (err: Error) => process.emitWarning(`PostgreSQL connection error (${redactUrl(url)}): ${err.message}`);
  pool.on('error', warn);
  // The pool listens on idle clients only: a connection cut while checked out (mid-transaction) would emit an
  // unhandled 'error' and end the process. The query in flight fails instead, and the pool drops the client.
  pool.on('connect', (client) => client.on('error', warn));
  try {
    await pool.query('select 1');
  } catch (cause) {
    await pool.end().catch(() => undefined);
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new DeclassError({
      code: 'store.connection_failed',
      status: 503,
      message: `Cannot connect to PostgreSQL at ${redactUrl(url)}: ${reason}`,
      cause,
    });
  }
  return { db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), pool };
}

/** Serialises migrations across processes sharing one database (several workers starting at once). */
export async function withMigrationLock<T>(db: Kysely<Database>, fn: () => Promise<T>): Promise<T> {
  return db.connection().execute(async (conn) => {
    await sql`SELECT pg_advisory_lock(4242001)`.execute(conn);
    try {
      return await fn();
    } finally {
      await sql`SELECT pg_advisory_unlock(4242001)`.execute(conn);
    }
  });
}
