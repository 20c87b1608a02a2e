import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresDatabase, openSqliteDatabase, type Db } from '../db/database.js';
import { systemClock } from '../shared/clock.js';
import { createTestDatabase, type EngineName } from '../../test/support/engines.js';
import { tempDir } from '../../test/support/services.js';
import { createJobsRepository, type JobsRepository } from './jobs.repository.js';
import { createJobRunner } from './jobs.runner.js';
import type { JobDefinition, NewJob } from './jobs.types.js';

/** A queue connection of its own: on PostgreSQL its own pool, on SQLite its own connection to the same file. */
export interface QueueConnection {
  db: Db;
  repo: JobsRepository;
  close(): Promise<void>;
}

/** One archive database for a suite; `connect()` opens as many separate connections to it as a test wants. */
export interface QueueDatabase {
  url: string | null;
  connect(): Promise<QueueConnection>;
  drop(): Promise<void>;
}

export async function createQueueDatabase(engine: EngineName): Promise<QueueDatabase> {
  if (engine === 'sqlite') {
    const file = path.join(tempDir('declass-jobs-'), 'declass.sqlite');
    return {
      url: null,
      async connect() {
        const opened = await openSqliteDatabase(file);
        return { db: opened.db, repo: createJobsRepository({ db: opened.db, clock: systemClock, engine }), close: () => opened.close() };
      },
      drop: () => Promise.resolve(),
    };
  }
  const database = await createTestDatabase();
  return {
    url: database.url,
    async connect() {
      const opened = await openPostgresDatabase(database.url);
      return { db: opened.db, repo: createJobsRepository({ db: opened.db, clock: systemClock, engine }), close: () => opened.close() };
    },
    drop: () => database.drop(),
  };
}

const job = (batch: string, n: number): NewJob<'page.process'> => ({
  name: 'page.process',
  payload: { documentId: batch, pageNo: n },
  uniqueKey: `page:${batch}:${n}`,
  batch,
});
const jobs = (batch: string, count: number) => Array.from({ length: count }, (_, i) => job(batch, i + 1));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * One suite for every job-queue engine: unique keys, claim order, concurrent
 * claimers over separate connections, lease takeover, retries and failure.
 * Each test uses its own batch, so they share one database.
 */
export function jobsContract(engine: EngineName): void {
  describe(`job queue contract: ${engine}`, () => {
    let database: QueueDatabase;
    let q: QueueConnection;
    let batchNo = 0;
    /** A fresh batch name; the queue is emptied first so claims only see this test's jobs. */
    const freshBatch = async () => {
      await q.db.deleteFrom('jobs').execute();
      return `b${++batchNo}`;
    };

    beforeAll(async () => {
      database = await createQueueDatabase(engine);
      q = await database.connect();
    });
    afterAll(async () => {
      await q?.close();
      await database?.drop();
    });

    it('enqueues a unique key once, also after the job is done', async () => {
      const b = await freshBatch();
      await q.repo.enqueue(q.db, jobs(b, 3));
      await q.repo.enqueue(q.db, [job(b, 1), job(b, 3), job(b, 4)]);
      expect(await q.repo.counts(b)).toMatchObject({ queued: 4, total: 4 });
      const c = await q.repo.claim('w', 60_000);
      await q.repo.complete(q.db, c!.id, 'w');
      await q.repo.enqueue(q.db, [job(b, 1)]);
      expect(await q.repo.counts(b)).toMatchObject({ queued: 3, done: 1, total: 4 });
    });

    it('enqueues inside the caller transaction: rolled back with it', async () => {
      const b = await freshBatch();
      await q.db
        .transaction()
        .execute(async (trx) => {
          await q.repo.enqueue(trx, jobs(b, 2));
          throw new Error('rollback');
        })
        .catch(() => undefined);
      expect((await q.repo.counts(b)).total).toBe(0);
    });

    it('claims the oldest due job first, and not one whose retry is not due', async () => {
      const b = await freshBatch();
      await q.repo.enqueue(q.db, jobs(b, 3));
      const first = await q.repo.claim('w', 60_000);
      expect(first).toMatchObject({ name: 'page.process', payload: { documentId: b, pageNo: 1 }, attempts: 1 });
      await q.repo.fail(first!.id, 'w', 'not yet', 60_000); // due in a minute
      expect((await q.repo.claim('w', 60_000))?.payload).toEqual({ documentId: b, pageNo: 2 });
      expect((await q.repo.claim('w', 60_000))?.payload).toEqual({ documentId: b, pageNo: 3 });
      expect(await q.repo.claim('w', 60_000)).toBeNull();
    });

    it('never gives one job to two of 4 concurrent claimers on separate connections (200 jobs)', async () => {
      const b = await freshBatch();
      await q.repo.enqueue(q.db, jobs(b, 200));
      const conns = await Promise.all([1, 2, 3, 4].map(() => database.connect()));
      try {
        const claimed = await Promise.all(
          conns.map(async (c, w) => {
            const mine: number[] = [];
            for (;;) {
              const j = await c.repo.claim(`w${w}`, 60_000);
              if (!j) return mine;
              mine.push((j.payload as { pageNo: number }).pageNo);
              await c.repo.complete(c.db, j.id, `w${w}`);
            }
          }),
        );
        const all = claimed.flat();
        expect(all).toHaveLength(200);
        expect(new Set(all).size).toBe(200);
        // Every claimer got work (the claims interleave, none waits for the others to finish).
        if (engine === 'postgres') for (const mine of claimed) expect(mine.length).toBeGreaterThan(0);
        expect(await q.repo.counts(b)).toMatchObject({ done: 200, total: 200 });
      } finally {
        await Promise.all(conns.map((c) => c.close()));
      }
    });

    it('hands a job whose lease expired to another worker; the old owner can neither renew nor complete it', async () => {
      const b = await freshBatch();
      await q.repo.enqueue(q.db, [job(b, 1)]);
      const a = await q.repo.claim('worker-a', 1);
      await sleep(10);
      const other = await database.connect();
      try {
        const taken = await other.repo.claim('worker-b', 60_000);
        expect(taken).toMatchObject({ id: a!.id, attempts: 2 });
        expect(await q.repo.renew(a!.id, 'worker-a', 60_000)).toBe(false);
        await expect(q.repo.complete(q.db, a!.id, 'worker-a')).rejects.toMatchObject({ code: 'jobs.lease_lost' });
        expect(await other.repo.renew(a!.id, 'worker-b', 60_000)).toBe(true);
        await other.repo.complete(other.db, a!.id, 'worker-b');
        expect(await q.repo.counts(b)).toMatchObject({ done: 1, total: 1 });
      } finally {
        await other.close();
      }
    });

    it('a completion after the lease was lost rolls back the writes made with it', async () => {
      const b = await freshBatch();
      await q.repo.enqueue(q.db, [job(b, 1)]);
      const a = await q.repo.claim('worker-a', 1);
      await sleep(10);
      await q.repo.claim('worker-b', 60_000);
      const err = await q.db
        .transaction()
        .execute(async (trx) => {
          await trx.updateTable('jobs').set({ last_error: 'written by a' }).where('id', '=', a!.id).execute();
          await q.repo.complete(trx, a!.id, 'worker-a');
        })
        .catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'jobs.lease_lost' });
      const row = await q.db.selectFrom('jobs').selectAll().where('id', '=', a!.id).executeTakeFirstOrThrow();
      expect(row).toMatchObject({ status: 'running', lease_owner: 'worker-b', last_error: null });
    });

    it('retries with back-off, then fails for good with the cause', async () => {
      const b = await freshBatch();
      await q.repo.enqueue(q.db, [job(b, 1)]);
      const delays: number[] = [];
      let calls = 0;
      const def: JobDefinition<'page.process'> = {
        name: 'page.process',
        maxAttempts: 3,
        handler: () => Promise.reject(new Error(`tesseract exploded ${++calls}`)),
      };
      // A real back-off first: the retry is not due, so the runner goes idle with the job queued.
      const backoff = createJobRunner({ repo: q.repo, definitions: [def], concurrency: 1, retry: { delayMs: () => 60_000 } });
      await backoff.runUntilIdle();
      expect(calls).toBe(1);
      const queued = await q.db.selectFrom('jobs').selectAll().executeTakeFirstOrThrow();
      expect(queued).toMatchObject({ status: 'queued', attempts: 1, last_error: 'tesseract exploded 1' });
      expect(Date.parse(queued.run_after) - Date.now()).toBeGreaterThan(50_000);
      // Due now: the remaining attempts run, then the job is failed with the last cause.
      await q.db
        .updateTable('jobs')
        .set({ run_after: new Date(0).toISOString() })
        .execute();
      const runner = createJobRunner({ repo: q.repo, definitions: [def], concurrency: 2, retry: { delayMs: (a) => (delays.push(a), 0) } });
      await runner.runUntilIdle();
      expect(calls).toBe(3);
      expect(delays).toEqual([2]);
      const row = await q.db.selectFrom('jobs').selectAll().executeTakeFirstOrThrow();
      expect(row).toMatchObject({ status: 'failed', attempts: 3, last_error: 'tesseract exploded 3' });
      expect((await q.repo.counts(b)).failed).toBe(1);
    });

    it('three runners on separate connections run every job exactly once', async () => {
      const b = await freshBatch();
      await q.repo.enqueue(q.db, jobs(b, 60));
      const runs = new Map<number, number>();
      const def: JobDefinition<'page.process'> = {
        name: 'page.process',
        maxAttempts: 1,
        handler: async ({ pageNo }, ctx) => {
          runs.set(pageNo, (runs.get(pageNo) ?? 0) + 1);
          await sleep(2);
          // Completed by the runner after the handler (one statement: SQLite connections in one process must not hold
          // a write transaction across an await while another connection writes).
          expect(ctx.attempt).toBe(1);
        },
      };
      const conns = await Promise.all([1, 2, 3].map(() => database.connect()));
      try {
        await Promise.all(
          conns.map((c) => createJobRunner({ repo: c.repo, definitions: [def], concurrency: 2, leaseMs: 60_000 }).runUntilIdle()),
        );
        expect(runs.size).toBe(60);
        expect([...runs.values()].every((n) => n === 1)).toBe(true);
        expect(await q.repo.counts(b)).toMatchObject({ done: 60, total: 60 });
      } finally {
        await Promise.all(conns.map((c) => c.close()));
      }
    });
  });
}
