import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { NO_POSTGRES, postgresUrl } from '../../test/support/engines.js';
import { createQueueDatabase, jobsContract } from './jobs.contract.js';
import { createJobRunner } from './jobs.runner.js';
import type { JobDefinition } from './jobs.types.js';

if (postgresUrl) jobsContract('postgres');
else describe('job queue contract: postgres', () => it.skip(NO_POSTGRES, () => undefined));

describe.skipIf(!postgresUrl)(`job runner across a PostgreSQL restart${postgresUrl ? '' : ` (skipped: ${NO_POSTGRES})`}`, () => {
  it('carries on after every connection is cut mid-run: failed claims and transactions are retried, all jobs finish once', async () => {
    const database = await createQueueDatabase('postgres');
    const q = await database.connect();
    try {
      const JOBS = 40;
      await q.repo.enqueue(
        q.db,
        Array.from({ length: JOBS }, (_, i) => ({
          name: 'page.process' as const,
          payload: { documentId: 'd', pageNo: i + 1 },
          uniqueKey: `page:d:${i + 1}`,
        })),
      );
      await q.db.schema
        .createTable('effects')
        .addColumn('page_no', 'integer', (c) => c.primaryKey())
        .execute();
      let done = 0;
      const def: JobDefinition<'page.process'> = {
        name: 'page.process',
        maxAttempts: 5,
        handler: async ({ pageNo }, ctx) => {
          await new Promise((r) => setTimeout(r, 30));
          // The result and the completion commit together: a transaction cut by the restart leaves nothing behind.
          await q.db.transaction().execute(async (trx) => {
            await ctx.complete(trx);
            await (trx as unknown as typeof q.db)
              .insertInto('effects' as never)
              .values({ page_no: pageNo })
              .execute();
          });
          done++;
        },
      };
      const queueErrors: string[] = [];
      const runner = createJobRunner({
        repo: q.repo,
        definitions: [def],
        concurrency: 4,
        leaseMs: 2000,
        retry: { delayMs: () => 50 },
        queueRetry: { delayMs: () => 50 },
        onQueueError: (what) => queueErrors.push(what),
      });
      const run = runner.runUntilIdle();
      while (done < 8) await new Promise((r) => setTimeout(r, 10));
      // "Restart": terminate every backend of this database, then keep cutting for a moment.
      const admin = new pg.Client({ connectionString: database.url! });
      await admin.connect();
      const cut = () =>
        admin.query(
          'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
        );
      const terminated = (await cut()).rowCount ?? 0;
      for (let i = 0; i < 5; i++) {
        await new Promise((r) => setTimeout(r, 40));
        await cut();
      }
      await admin.end();
      await run;
      // Jobs held by a cut worker whose failure could not be recorded come back after their lease.
      for (let i = 0; i < 100 && (await q.repo.counts()).done < JOBS; i++) {
        await new Promise((r) => setTimeout(r, 100));
        await runner.runUntilIdle();
      }
      expect(terminated).toBeGreaterThan(0);
      expect(await q.repo.counts()).toMatchObject({ done: JOBS, failed: 0, total: JOBS });
      const effects = await q.db
        .selectFrom('effects' as never)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(effects.n)).toBe(JOBS);
    } finally {
      await q.close();
      await database.drop();
    }
  });
});
