import { describe, expect, it } from 'vitest';
import { openSqliteDatabase } from '../db/database.js';
import { systemClock } from '../shared/clock.js';
import { createJobsRepository } from './jobs.repository.js';
import { createJobRunner } from './jobs.runner.js';
import type { JobDefinition } from './jobs.types.js';
import { DeclassError, isDeclassError } from '../shared/errors.js';

async function setup() {
  const opened = await openSqliteDatabase(':memory:');
  const { db } = opened;
  const close = () => opened.close();
  const repo = createJobsRepository({ db, clock: systemClock, engine: 'sqlite' });
  return { db, repo, close };
}
const page = (pageNo: number) => ({
  name: 'page.process' as const,
  payload: { documentId: 'd1', pageNo },
  uniqueKey: `page:d1:${pageNo}`,
  batch: 'b1',
});

describe('job queue', () => {
  it('enqueues a unique key once', async () => {
    const { db, repo, close } = await setup();
    await repo.enqueue(db, [page(1), page(2)]);
    await repo.enqueue(db, [page(1)]);
    expect(await repo.counts('b1')).toMatchObject({ queued: 2, total: 2 });
    await close();
  });

  it('retries a failing job with back-off, then succeeds', async () => {
    const { db, repo, close } = await setup();
    await repo.enqueue(db, [page(1)]);
    let calls = 0;
    const delays: number[] = [];
    const def: JobDefinition<'page.process'> = {
      name: 'page.process',
      maxAttempts: 3,
      handler: () => (++calls < 3 ? Promise.reject(new Error(`flaky ${calls}`)) : Promise.resolve()),
    };
    const runner = createJobRunner({ repo, definitions: [def], concurrency: 1, retry: { delayMs: (a) => (delays.push(a), 0) } });
    await runner.runUntilIdle();
    expect(calls).toBe(3);
    expect(delays).toEqual([1, 2]);
    const row = await db.selectFrom('jobs').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'done', attempts: 3, last_error: null });
    await close();
  });

  it('records a failure with its cause after the last attempt, and tells the definition once', async () => {
    const { db, repo, close } = await setup();
    await repo.enqueue(db, [page(1)]);
    const failed: string[] = [];
    const def: JobDefinition<'page.process'> = {
      name: 'page.process',
      maxAttempts: 2,
      handler: () => Promise.reject(new Error('tesseract exploded')),
      onFailed: (p, cause) => Promise.resolve(void failed.push(`${p.pageNo}: ${cause}`)),
    };
    await createJobRunner({ repo, definitions: [def], concurrency: 2, retry: { delayMs: () => 0 } }).runUntilIdle();
    const row = await db.selectFrom('jobs').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'failed', attempts: 2, last_error: 'tesseract exploded' });
    expect(failed).toEqual(['1: tesseract exploded']);
    expect((await repo.counts()).failed).toBe(1);
    await close();
  });

  it('fails a permanent error at once with its cause; transient ones on the same queue are still retried', async () => {
    const { db, repo, close } = await setup();
    await repo.enqueue(db, [page(1), page(2)]);
    const failed: string[] = [];
    const calls = new Map<number, number>();
    const def: JobDefinition<'page.process'> = {
      name: 'page.process',
      maxAttempts: 3,
      handler: ({ pageNo }) => {
        calls.set(pageNo, (calls.get(pageNo) ?? 0) + 1);
        return Promise.reject(
          pageNo === 1
            ? new DeclassError({ code: 'ocr.corrupt_image', message: 'page 1: the scan data is garbage' })
            : new Error('tesseract was killed by a signal'),
        );
      },
      isPermanent: (err) => isDeclassError(err) && err.code === 'ocr.corrupt_image',
      onFailed: (p, cause) => Promise.resolve(void failed.push(`${p.pageNo}: ${cause}`)),
    };
    const delays: number[] = [];
    await createJobRunner({ repo, definitions: [def], concurrency: 1, retry: { delayMs: (a) => (delays.push(a), 0) } }).runUntilIdle();
    expect(Object.fromEntries(calls)).toEqual({ 1: 1, 2: 3 });
    expect(delays).toEqual([1, 2]); // only the transient one waited for retries
    const rows = await db.selectFrom('jobs').select(['attempts', 'status', 'last_error']).orderBy('id').execute();
    expect(rows).toEqual([
      { attempts: 1, status: 'failed', last_error: 'ocr.corrupt_image: page 1: the scan data is garbage' },
      { attempts: 3, status: 'failed', last_error: 'tesseract was killed by a signal' },
    ]);
    expect(failed).toEqual(['1: ocr.corrupt_image: page 1: the scan data is garbage', '2: tesseract was killed by a signal']);
    await close();
  });

  it('reclaims a job whose lease expired; the old owner can no longer complete it', async () => {
    const { db, repo, close } = await setup();
    await repo.enqueue(db, [page(1)]);
    const a = await repo.claim('worker-a', 1);
    expect(a?.attempts).toBe(1);
    await new Promise((r) => setTimeout(r, 10));
    const b = await repo.claim('worker-b', 60_000);
    expect(b?.id).toBe(a?.id);
    await expect(repo.complete(db, a!.id, 'worker-a')).rejects.toMatchObject({ code: 'jobs.lease_lost' });
    await repo.complete(db, a!.id, 'worker-b');
    expect((await repo.counts()).done).toBe(1);
    await close();
  });

  it('runs jobs side by side up to the concurrency', async () => {
    const { db, repo, close } = await setup();
    await repo.enqueue(db, [1, 2, 3, 4, 5, 6].map(page));
    let now = 0;
    let peak = 0;
    const def: JobDefinition<'page.process'> = {
      name: 'page.process',
      maxAttempts: 1,
      handler: async () => {
        peak = Math.max(peak, ++now);
        await new Promise((r) => setTimeout(r, 20));
        now--;
      },
    };
    await createJobRunner({ repo, definitions: [def], concurrency: 3 }).runUntilIdle();
    expect(peak).toBe(3);
    expect((await repo.counts()).done).toBe(6);
    await close();
  });
});
