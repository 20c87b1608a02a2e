import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { BULK_CACHE_KIB, BULK_WAL_AUTOCHECKPOINT, withBulkWrites } from './bulk-writes.js';
import { openSqliteDatabase, type Db } from './database.js';

const settings = async (db: Db) => {
  const read = async (name: string) => (await sql.raw<Record<string, number>>(`PRAGMA ${name}`).execute(db)).rows[0]?.[name];
  return { cache: await read('cache_size'), checkpoint: await read('wal_autocheckpoint'), temp: await read('temp_store') };
};

describe('withBulkWrites (SQLite)', () => {
  it('sets the bulk settings for the run, restores them after it and after a failure, and checkpoints', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'declass-bulk-writes-'));
    const opened = await openSqliteDatabase(path.join(dir, 'declass.sqlite'));
    try {
      const db = opened.db;
      const before = await settings(db);
      expect(before.temp).not.toBe(2);
      const inside = await withBulkWrites(db, async () => {
        await db.insertInto('facet_values').values({ facet: 'type', value: 'memo', norm: 'memo' }).execute();
        return settings(db);
      });
      expect(inside).toEqual({ cache: -BULK_CACHE_KIB, checkpoint: BULK_WAL_AUTOCHECKPOINT, temp: 2 });
      expect(await settings(db)).toEqual(before);
      // The passive checkpoint at the end copied the run's writes into the database file.
      const wal = (await sql<{ log: number; checkpointed: number }>`PRAGMA wal_checkpoint(PASSIVE)`.execute(db)).rows[0];
      expect(wal?.log).toBe(wal?.checkpointed);

      await expect(
        withBulkWrites(db, () =>
          db.transaction().execute(async (trx) => {
            await trx.insertInto('facet_values').values({ facet: 'type', value: 'note', norm: 'note' }).execute();
            throw new Error('boom');
          }),
        ),
      ).rejects.toThrow('boom');
      expect(await settings(db)).toEqual(before);
      expect((await db.selectFrom('facet_values').select('norm').execute()).map((r) => r.norm)).toEqual(['memo']);
    } finally {
      await opened.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
