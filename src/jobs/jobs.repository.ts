import { sql, type ExpressionBuilder } from 'kysely';
import type { Db } from '../db/database.js';
import type { Database } from '../db/schema.js';
import type { Engine } from '../migrations/migration.js';
import type { Clock } from '../shared/clock.js';
import { CHUNK } from '../ingest/ingest.store.js';
import { jobsErrors } from './jobs.errors.js';
import type { JobName, NewJob } from './jobs.types.js';

export const DEFAULT_MAX_ATTEMPTS = 3;

export interface ClaimedJob {
  id: number;
  name: JobName;
  payload: unknown;
  attempts: number;
  maxAttempts: number;
}

export interface JobCounts {
  queued: number;
  running: number;
  done: number;
  failed: number;
  total: number;
}

export type JobsRepository = ReturnType<typeof createJobsRepository>;

/**
 * The persistent job queue, in the archive's own database (no Redis). A job is
 * claimed by one worker with a lease (owner + expiry) that the worker renews
 * while it runs; a worker that dies stops renewing, its lease expires, and
 * another claims the job again.
 */
export function createJobsRepository({ db, clock, engine }: { db: Db; clock: Clock; engine: Engine }) {
  const iso = (ms = 0) => new Date(clock.now().getTime() + ms).toISOString();
  const claimable = (now: string) =>
    sql<boolean>`(status = 'queued' and run_after <= ${now}) or (status = 'running' and lease_expires < ${now})`;
  const toClaimed = (row: { id: number; name: string; payload: string; attempts: number; max_attempts: number }): ClaimedJob => ({
    id: row.id,
    name: row.name as JobName,
    payload: JSON.parse(row.payload),
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
  });

  /** The columns a claim sets: running, leased to `owner`, one more attempt. */
  const claimedBy = (owner: string, leaseMs: number, now: string) => (eb: ExpressionBuilder<Database, 'jobs'>) => ({
    status: 'running',
    lease_owner: owner,
    lease_expires: iso(leaseMs),
    attempts: eb('attempts', '+', 1),
    started_at: now,
  });

  /**
   * PostgreSQL: one statement; the candidate row is locked and rows other claimers hold are skipped, so
   * concurrent workers never wait on each other or retry on a lost race.
   */
  async function claimSkipLocked(owner: string, leaseMs: number): Promise<ClaimedJob | null> {
    const now = iso();
    const row = await db
      .updateTable('jobs')
      .set(claimedBy(owner, leaseMs, now))
      .where('id', '=', sql<number>`(select id from jobs where ${claimable(now)} order by id limit 1 for update skip locked)`)
      .returning(['id', 'name', 'payload', 'attempts', 'max_attempts'])
      .executeTakeFirst();
    return row ? toClaimed(row) : null;
  }

  /**
   * SQLite (one writer at a time, no row locks): select a candidate, then claim it with the same condition
   * again; another process may have claimed it between the two statements, and then the next one is tried.
   */
  async function claimPortable(owner: string, leaseMs: number): Promise<ClaimedJob | null> {
    for (;;) {
      const now = iso();
      const candidate = await db.selectFrom('jobs').select('id').where(claimable(now)).orderBy('id').limit(1).executeTakeFirst();
      if (!candidate) return null;
      const row = await db
        .updateTable('jobs')
        .set(claimedBy(owner, leaseMs, now))
        .where('id', '=', candidate.id)
        .where(claimable(now))
        .returning(['id', 'name', 'payload', 'attempts', 'max_attempts'])
        .executeTakeFirst();
      if (row) return toClaimed(row);
    }
  }

  return {
    db,
    /** Adds jobs (inside the caller's transaction); a job whose unique key is already queued or done is skipped. */
    async enqueue(trx: Db, jobs: readonly NewJob[]): Promise<void> {
      const now = iso();
      const rows = jobs.map((j) => ({
        name: j.name,
        payload: JSON.stringify(j.payload),
        unique_key: j.uniqueKey ?? null,
        batch: j.batch ?? null,
        status: 'queued',
        attempts: 0,
        max_attempts: j.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
        run_after: now,
        lease_owner: null,
        lease_expires: null,
        last_error: null,
        created_at: now,
        started_at: null,
        finished_at: null,
      }));
      for (let i = 0; i < rows.length; i += CHUNK) {
        await trx
          .insertInto('jobs')
          .values(rows.slice(i, i + CHUNK))
          .onConflict((oc) => oc.column('unique_key').doNothing())
          .execute();
      }
    },

    /** Claims the oldest runnable job (queued and due, or running with an expired lease), or returns null. */
    /** Claims the oldest runnable job (queued and due, or running with an expired lease), or returns null. */
    claim: engine === 'postgres' ? claimSkipLocked : claimPortable,

    /** Extends a running job's lease; false when the lease was lost. */
    async renew(id: number, owner: string, leaseMs: number): Promise<boolean> {
      const r = await db
        .updateTable('jobs')
        .set({ lease_expires: iso(leaseMs) })
        .where('id', '=', id)
        .where('lease_owner', '=', owner)
        .where('status', '=', 'running')
        .executeTakeFirst();
      return r.numUpdatedRows > 0n;
    },

    /** Marks a job done, inside the caller's transaction; throws `jobs.lease_lost` if this owner no longer holds it. */
    async complete(trx: Db, id: number, owner: string): Promise<void> {
      const r = await trx
        .updateTable('jobs')
        .set({ status: 'done', finished_at: iso(), lease_owner: null, lease_expires: null, last_error: null })
        .where('id', '=', id)
        .where('lease_owner', '=', owner)
        .where('status', '=', 'running')
        .executeTakeFirst();
      if (r.numUpdatedRows === 0n) throw jobsErrors.leaseLost(`job ${id}: the lease was taken over by another worker`);
    },

    /** Records a failed attempt: queued again after `retryInMs`, or failed for good when null. */
    async fail(id: number, owner: string, error: string, retryInMs: number | null): Promise<void> {
      await db
        .updateTable('jobs')
        .set(
          retryInMs === null
            ? { status: 'failed', last_error: error, finished_at: iso(), lease_owner: null, lease_expires: null }
            : { status: 'queued', last_error: error, run_after: iso(retryInMs), lease_owner: null, lease_expires: null },
        )
        .where('id', '=', id)
        .where('lease_owner', '=', owner)
        .execute();
    },

    /** Job counts by status, for one batch or all jobs. */
    async counts(batch?: string): Promise<JobCounts> {
      let q = db
        .selectFrom('jobs')
        .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
        .groupBy('status');
      if (batch !== undefined) q = q.where('batch', '=', batch);
      const c: JobCounts = { queued: 0, running: 0, done: 0, failed: 0, total: 0 };
      for (const r of await q.execute()) {
        const n = Number(r.n);
        if (r.status === 'queued' || r.status === 'running' || r.status === 'done' || r.status === 'failed') c[r.status] += n;
        c.total += n;
      }
      return c;
    },

    /** Jobs finished since `sinceIso` (for a rate). */
    async doneSince(sinceIso: string, batch?: string): Promise<number> {
      let q = db
        .selectFrom('jobs')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('status', '=', 'done')
        .where('finished_at', '>=', sinceIso);
      if (batch !== undefined) q = q.where('batch', '=', batch);
      return Number((await q.executeTakeFirst())?.n ?? 0);
    },

    async failures(limit = 20, batch?: string) {
      let q = db
        .selectFrom('jobs')
        .select(['id', 'name', 'payload', 'attempts', 'last_error', 'finished_at'])
        .where('status', '=', 'failed');
      if (batch !== undefined) q = q.where('batch', '=', batch);
      return q.orderBy('id', 'desc').limit(limit).execute();
    },

    /** Batches with unfinished jobs, and the most recent ones. */
    async batches(limit = 10) {
      return db
        .selectFrom('jobs')
        .select((eb) => [
          'batch',
          eb.fn.countAll<number>().as('total'),
          eb.fn.sum<number>(sql`case when status = 'done' then 1 else 0 end`).as('done'),
          eb.fn.sum<number>(sql`case when status = 'failed' then 1 else 0 end`).as('failed'),
          eb.fn.min<string>('created_at').as('created_at'),
          eb.fn.max<string>('finished_at').as('last_finished_at'),
        ])
        .groupBy('batch')
        .orderBy('created_at', 'desc')
        .limit(limit)
        .execute();
    },
  };
}
