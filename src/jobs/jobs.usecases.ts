import type { Clock } from '../shared/clock.js';
import type { JobCounts, JobsRepository } from './jobs.repository.js';

export interface JobsStatus {
  batch: string | null;
  counts: JobCounts;
  /** Jobs finished per second over the last minute. */
  ratePerSecond: number;
  /** Seconds until the queued and running jobs are done at that rate; null when nothing is moving. */
  etaSeconds: number | null;
  failures: { id: number; name: string; payload: unknown; attempts: number; error: string | null; at: string | null }[];
  batches: { batch: string | null; total: number; done: number; failed: number; createdAt: string; lastFinishedAt: string | null }[];
}

/** Where the queue stands: counts, rate, ETA, recent failures with their causes, and recent batches. */
export async function jobsStatus(deps: { jobs: JobsRepository; clock: Clock }, batch?: string, windowSeconds = 60): Promise<JobsStatus> {
  const since = new Date(deps.clock.now().getTime() - windowSeconds * 1000).toISOString();
  const [counts, recent, failures, batches] = await Promise.all([
    deps.jobs.counts(batch),
    deps.jobs.doneSince(since, batch),
    deps.jobs.failures(20, batch),
    batch === undefined ? deps.jobs.batches() : Promise.resolve([]),
  ]);
  const ratePerSecond = recent / windowSeconds;
  const left = counts.queued + counts.running;
  return {
    batch: batch ?? null,
    counts,
    ratePerSecond,
    etaSeconds: left === 0 ? 0 : ratePerSecond > 0 ? left / ratePerSecond : null,
    failures: failures.map((f) => ({
      id: f.id,
      name: f.name,
      payload: JSON.parse(f.payload) as unknown,
      attempts: f.attempts,
      error: f.last_error,
      at: f.finished_at,
    })),
    batches: batches.map((b) => ({
      batch: b.batch,
      total: Number(b.total),
      done: Number(b.done ?? 0),
      failed: Number(b.failed ?? 0),
      createdAt: b.created_at,
      lastFinishedAt: b.last_finished_at,
    })),
  };
}
