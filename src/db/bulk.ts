import { CompiledQuery, sql, type Insertable } from 'kysely';
import type { Db } from './database.js';
import type { Database } from './schema.js';

/**
 * Bulk inserts for the big writes (pages, fields, mentions, facets): rows go
 * in multi-row statements whose SQL text is compiled by Kysely once per shape
 * (dialect, table, columns, row count) and reused, so a batch of 40,000 rows
 * costs parameter binding, not 40,000 rows of query-builder work. Both engines:
 * the template comes from each dialect's own compiler (`?` or `$n`).
 *
 * Rows go in chunks of at most 100 rows and 1,000 parameters, the rest in chunks of
 * power-of-two sizes (37 rows = 32 + 4 + 1): a handful of shapes per table, so the
 * statements are compiled once each, not once per odd batch size. Short statements,
 * which SQLite's statement cache (database.ts) keeps and reuses, and few round
 * trips on PostgreSQL. (Chunks of thousands of parameters compiled into
 * statements big enough to cost tens of MB when cached.) The limits stay far
 * below the engines' own (SQLite 32,766; PostgreSQL 65,535).
 */
const MAX_PARAMS = 1000;
const MAX_ROWS = 100;
const templates = new Map<string, string>();
/** Each connection's parameter marker ('?' or '$1': which dialect compiles its queries), found once. */
const markers = new WeakMap<Db, string>();
const markerOf = (db: Db): string => {
  let m = markers.get(db);
  if (m === undefined) markers.set(db, (m = sql`${null}`.compile(db).sql));
  return m;
};

export async function insertRows<T extends keyof Database>(db: Db, table: T, rows: readonly Insertable<Database[T]>[]): Promise<void> {
  const first = rows[0];
  if (!first) return;
  const columns = Object.keys(first) as (keyof Insertable<Database[T]> & string)[];
  const perChunk = Math.max(1, Math.min(MAX_ROWS, Math.floor(MAX_PARAMS / columns.length)));
  const marker = markerOf(db);
  for (let i = 0; i < rows.length;) {
    const left = rows.length - i;
    const size = left >= perChunk ? perChunk : 2 ** Math.floor(Math.log2(left));
    const chunk = rows.slice(i, i + size);
    i += size;
    const key = `${marker}|${table}|${columns.join(',')}|${chunk.length}`;
    let text = templates.get(key);
    if (text === undefined) {
      const blank = Object.fromEntries(columns.map((c) => [c, null])) as Insertable<Database[T]>;
      text = db
        .insertInto(table)
        .values(chunk.map(() => blank))
        .compile().sql;
      if (templates.size > 256) templates.clear();
      templates.set(key, text);
    }
    const params: unknown[] = new Array(chunk.length * columns.length);
    let k = 0;
    for (const row of chunk) {
      const r = row as Record<string, unknown>;
      for (const c of columns) params[k++] = r[c] ?? null;
    }
    await db.executeQuery(CompiledQuery.raw(text, params));
  }
}
