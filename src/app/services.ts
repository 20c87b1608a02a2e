import path from 'node:path';
import { createFsBlobStore, type BlobStore } from '../blobs/blobs.js';
import { createCollectionsRepository, type CollectionsRepository } from '../collections/collections.repository.js';
import type { Config } from '../config/config.js';
import { openSqliteDatabase, type Db } from '../db/database.js';
import { createDocumentsRepository, type DocumentsRepository } from '../documents/documents.repository.js';
import { createIngestRepository, type IngestRepository } from '../ingest/ingest.repository.js';
import { createParsePool } from '../ingest/parse-pool.js';
import type { IngestDeps } from '../ingest/ingest.usecases.js';
import { createSqliteFtsProvider } from '../search/providers/sqlite-fts5.js';
import type { SearchProvider } from '../search/search.types.js';
import { systemClock, type Clock } from '../shared/clock.js';
import { childProcessEnv } from '../config/config.js';
import { createJobsRepository, type JobsRepository } from '../jobs/jobs.repository.js';
import { createJobRunner, type JobRunner } from '../jobs/jobs.runner.js';
import type { AnyJobDefinition } from '../jobs/jobs.types.js';
import { createOcrEngine } from '../ocr/engine.js';
import type { OcrEngine } from '../ocr/ocr.types.js';
import { createPageProcessJob } from '../ocr/ocr.usecases.js';
import { createPageSource } from '../ocr/page-source.js';

export interface Services {
  config: Config;
  db: Db;
  clock: Clock;
  blobs: BlobStore;
  search: SearchProvider;
  documents: DocumentsRepository;
  collections: CollectionsRepository;
  ingestRepo: IngestRepository;
  ingestDeps: IngestDeps;
  jobs: JobsRepository;
  jobDefinitions: readonly AnyJobDefinition[];
  /** A job runner for this process (`serve` starts it; `worker` runs only it). */
  createRunner(opts?: {
    concurrency?: number;
    leaseMs?: number;
    onError?: (job: { id: number; name: string }, err: unknown, willRetry: boolean) => void;
  }): JobRunner;
  close(): Promise<void>;
}

/** The composition root: builds every service once, from the config. */
export async function createServices(
  config: Config,
  opts: { clock?: Clock; inMemory?: boolean; parseWorkers?: number } = {},
): Promise<Services> {
  const clock = opts.clock ?? systemClock;
  const opened = await openSqliteDatabase(opts.inMemory ? ':memory:' : path.join(config.dataDir, 'declass.sqlite'));
  const db = opened.db;
  const blobs = createFsBlobStore({ root: path.join(config.dataDir, 'blobs') });
  const search = createSqliteFtsProvider({ db });
  const jobs = createJobsRepository({ db, clock });
  const ingestRepo = createIngestRepository({ db, clock, search, jobs });
  const pageSource = createPageSource({ blobs });
  let engine: Promise<OcrEngine> | null = null;
  const getEngine = () =>
    (engine ??= Promise.resolve().then(() =>
      createOcrEngine({
        choice: config.ocrEngine,
        concurrency: config.workerConcurrency,
        tesseractBinary: config.tesseractBinary,
        env: childProcessEnv(),
      }),
    ));
  const jobDefinitions: AnyJobDefinition[] = [createPageProcessJob({ db, blobs, search, clock, pages: pageSource, engine: getEngine })];
  const runners: JobRunner[] = [];
  const parsePool = createParsePool(opts.parseWorkers === undefined ? {} : { size: opts.parseWorkers });
  return {
    config,
    db,
    clock,
    blobs,
    search,
    documents: createDocumentsRepository({ db }),
    collections: createCollectionsRepository({ db, clock }),
    ingestRepo,
    ingestDeps: { repo: ingestRepo, blobs, parse: parsePool.parse },
    jobs,
    jobDefinitions,
    createRunner(o = {}) {
      const runner = createJobRunner({
        repo: jobs,
        definitions: jobDefinitions,
        concurrency: o.concurrency ?? config.workerConcurrency,
        leaseMs: o.leaseMs ?? config.jobLeaseMs,
        ...(o.onError ? { onError: o.onError } : {}),
      });
      runners.push(runner);
      return runner;
    },
    close: async () => {
      await Promise.all(runners.map((r) => r.stop()));
      if (engine) await (await engine.catch(() => null))?.close();
      pageSource.close();
      await parsePool.close();
      await opened.close();
    },
  };
}
