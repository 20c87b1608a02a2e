import type { Db } from '../db/database.js';

/** Every job name and its payload type. Add a job here and give it a definition. */
export interface JobPayloads {
  /** Page pipeline: page image, thumbnail, OCR decision and OCR of one page. */
  'page.process': { documentId: string; pageNo: number };
}

export type JobName = keyof JobPayloads;

export interface JobContext {
  jobId: number;
  attempt: number;
  /**
   * Marks the job done inside the handler's own write transaction, so the
   * result and the completion commit together (a crash between them cannot
   * happen). Throws `jobs.lease_lost` when another worker has taken the job
   * over meanwhile, which rolls the write back. Handlers that do not call it
   * are marked done after they return.
   */
  complete(trx: Db): Promise<void>;
}

export interface JobDefinition<N extends JobName> {
  name: N;
  /** Attempts before the job is recorded as failed (a lease lost to a crash counts as an attempt). */
  maxAttempts: number;
  handler(payload: JobPayloads[N], ctx: JobContext): Promise<void>;
  /**
   * Whether an error is permanent: it would recur on every attempt (corrupt input, a limit the input is over,
   * a page that times out), so the job fails at once with its cause instead of using its retries. Errors it
   * does not call permanent are transient (a crashed engine process, an unreachable database) and retried.
   */
  isPermanent?(err: unknown): boolean;
  /** Called once when the job has failed for good (after its last attempt), e.g. to mark what it was for as failed. */
  onFailed?(payload: JobPayloads[N], cause: string): Promise<void>;
}

export type AnyJobDefinition = { [N in JobName]: JobDefinition<N> }[JobName];

export type JobStatus = 'queued' | 'running' | 'done' | 'failed';

export interface NewJob<N extends JobName = JobName> {
  name: N;
  payload: JobPayloads[N];
  /** At most one job per key: enqueueing a key again does nothing. */
  uniqueKey?: string;
  /** Groups jobs for progress (e.g. `ingest:12`). */
  batch?: string;
  maxAttempts?: number;
}
