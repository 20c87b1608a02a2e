import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { describeError, isDeclassError } from '../shared/errors.js';
import { jobsErrors } from './jobs.errors.js';
import type { ClaimedJob, JobsRepository } from './jobs.repository.js';
import type { AnyJobDefinition, JobContext, JobName } from './jobs.types.js';

export interface RetryPolicy {
  /** Delay before the next attempt, given the attempt that just failed (1-based). */
  delayMs(attempt: number): number;
}

/** Failures no retry can mend: the runner's own (no handler, a job its workers kept dying on) and those the definition names. */
function isPermanent(def: AnyJobDefinition | undefined, err: unknown): boolean {
  if (isDeclassError(err) && (err.code === 'jobs.lease_expired' || err.code === 'jobs.unknown_job')) return true;
  try {
    return def?.isPermanent?.(err) ?? false;
  } catch {
    return false;
  }
}

/** Exponential back-off: 2 s, 8 s, 32 s, … capped at 10 minutes. The one place retries are timed. */
export const defaultRetryPolicy: RetryPolicy = { delayMs: (attempt) => Math.min(2000 * 4 ** (attempt - 1), 10 * 60_000) };

export interface JobRunnerOptions {
  repo: JobsRepository;
  definitions: readonly AnyJobDefinition[];
  /** Jobs run at once in this process. */
  concurrency: number;
  /** How long a claim holds without renewal; a dead worker's jobs are taken over after it. */
  leaseMs?: number;
  /** Idle wait between polls of an empty queue. */
  pollMs?: number;
  retry?: RetryPolicy;
  /** Reports a failed attempt (for logs). */
  onError?(job: ClaimedJob, err: unknown, willRetry: boolean): void;
  /** Reports a queue operation that failed (database unreachable) and is retried after `retryInMs` (for logs). */
  onQueueError?(what: 'claim' | 'fail', err: unknown, retryInMs: number): void;
  /** Back-off between retries of a failed queue operation; default 250 ms doubling up to 10 s. */
  queueRetry?: RetryPolicy;
}

const defaultQueueRetry: RetryPolicy = { delayMs: (attempt) => Math.min(250 * 2 ** (attempt - 1), 10_000) };

export interface JobRunner {
  readonly owner: string;
  /** Runs jobs until stopped. */
  start(): void;
  /** Stops claiming, waits for running jobs to settle. */
  stop(): Promise<void>;
  /** Runs jobs until none is runnable (queued and due, or with an expired lease) and none is running here. */
  runUntilIdle(): Promise<void>;
}

/**
 * Runs jobs from the queue: claims with a lease, renews it while the handler
 * works, records success or a failed attempt (retried with back-off, then
 * failed for good with its cause).
 */
export function createJobRunner(opts: JobRunnerOptions): JobRunner {
  const leaseMs = opts.leaseMs ?? 120_000;
  const pollMs = opts.pollMs ?? 500;
  const retry = opts.retry ?? defaultRetryPolicy;
  const queueRetry = opts.queueRetry ?? defaultQueueRetry;
  const owner = `${os.hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  const byName = new Map<JobName, AnyJobDefinition>(opts.definitions.map((d) => [d.name, d]));
  let running = 0;
  let stopping = false;
  let loop: Promise<void> | null = null;
  const inFlight = new Set<Promise<void>>();
  const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

  async function execute(job: ClaimedJob): Promise<void> {
    const def = byName.get(job.name);
    // The definition's limit wins over the one stored at enqueue time (it may have been changed since).
    const maxAttempts = def?.maxAttempts ?? job.maxAttempts;
    const heartbeat = setInterval(() => void opts.repo.renew(job.id, owner, leaseMs).catch(() => undefined), Math.max(1000, leaseMs / 3));
    heartbeat.unref();
    try {
      if (!def) throw jobsErrors.unknownJob(`no handler for job "${job.name}"`);
      if (job.attempts > maxAttempts) {
        throw jobsErrors.leaseExpired(
          `job ${job.id} was claimed ${job.attempts - 1} times without finishing (its workers stopped or crashed)`,
        );
      }
      let completed = false;
      const ctx: JobContext = {
        jobId: job.id,
        attempt: job.attempts,
        complete: async (trx) => {
          await opts.repo.complete(trx, job.id, owner);
          completed = true;
        },
      };
      await def.handler(job.payload as never, ctx);
      if (!completed) await opts.repo.complete(opts.repo.db, job.id, owner);
    } catch (err) {
      if (isDeclassError(err) && err.code === 'jobs.lease_lost') return; // another worker owns it now
      const final = job.attempts >= maxAttempts || isPermanent(def, err);
      const cause = isDeclassError(err) ? `${err.code}: ${err.message}` : describeError(err);
      opts.onError?.(job, err, !final);
      const recorded = await recordFailure(job, cause, final ? null : retry.delayMs(job.attempts));
      if (!recorded) return; // the lease runs out and the job is claimed again
      if (final && def?.onFailed) await def.onFailed?.(job.payload as never, cause).catch(() => undefined);
    } finally {
      clearInterval(heartbeat);
    }
  }

  /**
   * Records a failed attempt, retrying while the database is unreachable (a restart); gives up after a few
   * tries (false), leaving the job to its lease: it is claimed again once the lease has expired.
   */
  async function recordFailure(job: ClaimedJob, cause: string, retryInMs: number | null): Promise<boolean> {
    for (let attempt = 1; ; attempt++) {
      try {
        await opts.repo.fail(job.id, owner, cause, retryInMs);
        return true;
      } catch (err) {
        const wait = queueRetry.delayMs(attempt);
        opts.onQueueError?.('fail', err, wait);
        if (attempt >= 5 || stopping) return false;
        await sleep(wait);
      }
    }
  }

  let claimFailures = 0;
  /** Claims one job; a failed claim (database unreachable) waits with back-off and reports 'retry' instead of crashing the worker. */
  async function claimOne(): Promise<ClaimedJob | null | 'retry'> {
    try {
      const job = await opts.repo.claim(owner, leaseMs);
      claimFailures = 0;
      return job;
    } catch (err) {
      const wait = queueRetry.delayMs(++claimFailures);
      opts.onQueueError?.('claim', err, wait);
      await sleep(wait);
      return 'retry';
    }
  }

  /** Claims and starts jobs up to the concurrency; returns how many it started, or -1 after a failed claim. */
  async function fill(): Promise<number> {
    let started = 0;
    while (!stopping && running < opts.concurrency) {
      const job = await claimOne();
      if (job === 'retry') return started || -1;
      if (!job) break;
      running++;
      started++;
      const p = execute(job).finally(() => {
        running--;
        inFlight.delete(p);
      });
      inFlight.add(p);
    }
    return started;
  }

  const settleOne = () => (inFlight.size ? Promise.race(inFlight) : Promise.resolve());

  return {
    owner,
    start() {
      if (loop) return;
      stopping = false;
      loop = (async () => {
        while (!stopping) {
          await fill();
          // Waits for a job to settle, or (when below the concurrency) for the next poll; never spins on resolved promises.
          if (running >= opts.concurrency) await settleOne();
          else await (inFlight.size ? Promise.race([sleep(pollMs), settleOne()]) : sleep(pollMs));
        }
      })();
    },
    async stop() {
      stopping = true;
      await loop;
      loop = null;
      await Promise.all(inFlight);
    },
    async runUntilIdle() {
      for (;;) {
        const started = await fill();
        if (running === 0 && started === 0) return;
        if (started === -1 && running === 0) continue; // the claim failed: try again (after its back-off)
        await settleOne();
      }
    },
  };
}
