import path from 'node:path';
import { createAuthRepository, type AuthRepository } from '../auth/auth.repository.js';
import { createFsBlobStore, type BlobStore } from '../blobs/blobs.js';
import { createBooksRepository, type BooksRepository } from '../collections/books.repository.js';
import { createCollectionsRepository, type CollectionsRepository } from '../collections/collections.repository.js';
import type { Config } from '../config/config.js';
import { openPostgresDatabase, openSqliteDatabase, type Db } from '../db/database.js';
import type { Engine } from '../migrations/migration.js';
import { createDocumentsRepository, type DocumentsRepository } from '../documents/documents.repository.js';
import { createIngestRepository, type IngestRepository } from '../ingest/ingest.repository.js';
import { createParsePool, type ParsePool } from '../ingest/parse-pool.js';
import { authorityFor, type AuthoritySource } from '../ingest/parse.js';
import type { IngestDeps } from '../ingest/ingest.usecases.js';
import { createSqliteFtsProvider } from '../search/providers/sqlite-fts5.js';
import { DEFAULT_MATCH_SETS } from '../search/providers/sqlite-fts5.sets.js';
import { createSideReader } from '../search/providers/sqlite-fts5.side.js';
import { withResultCache } from '../search/search.cache.js';
import { createPostgresSearchProvider } from '../search/providers/postgres.js';
import type { SearchProvider } from '../search/search.types.js';
import { systemClock, type Clock } from '../shared/clock.js';
import { createPageImages, type PageImages } from '../web/page-images.js';
import { createPageImagesRepository } from '../documents/page-images.repository.js';
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
  engine: Engine;
  clock: Clock;
  blobs: BlobStore;
  search: SearchProvider;
  documents: DocumentsRepository;
  collections: CollectionsRepository;
  books: BooksRepository;
  auth: AuthRepository;
  /** Page images, thumbnails and OCR word boxes (made by the page jobs after ingest). */
  pageImages: PageImages;
  ingestRepo: IngestRepository;
  ingestDeps: IngestDeps;
  jobs: JobsRepository;
  jobDefinitions: readonly AnyJobDefinition[];
  /** A job runner for this process (`serve` starts it; `worker` runs only it). */
  createRunner(opts?: {
    concurrency?: number;
    leaseMs?: number;
    onError?: (job: { id: number; name: string }, err: unknown, willRetry: boolean) => void;
    onQueueError?: (what: 'claim' | 'fail', err: unknown, retryInMs: number) => void;
  }): JobRunner;
  /** Resolves when the ingest parsers have loaded what they need (call before timing ingest). */
  warmUp(): Promise<void>;
  close(): Promise<void>;
}

/** The composition root: builds every service once, from the config. */
export async function createServices(
  config: Config,
  opts: { clock?: Clock; inMemory?: boolean; parseWorkers?: number; authority?: AuthoritySource | null } = {},
): Promise<Services> {
  const clock = opts.clock ?? systemClock;
  // The embedded SQLite archive in the data folder, unless a PostgreSQL URL is configured.
  const file = opts.inMemory ? ':memory:' : path.join(config.dataDir, 'declass.sqlite');
  const opened = config.database ? await openPostgresDatabase(config.database) : await openSqliteDatabase(file);
  const db = opened.db;
  // A second read connection in a thread of its own, for a search to overlap its statements (sqlite-fts5.side.ts).
  const side = opened.engine === 'sqlite' && config.searchSide ? createSideReader(file) : null;
  const blobs = createFsBlobStore({ root: path.join(config.dataDir, 'blobs') });
  const search = withResultCache(
    opened.engine === 'postgres'
      ? createPostgresSearchProvider({ db })
      : createSqliteFtsProvider({ db, matchSets: { ...DEFAULT_MATCH_SETS, budgetBytes: config.searchSetsMb * 1024 * 1024 }, side }),
    db,
    config.searchCacheEntries,
  );
  const jobs = createJobsRepository({ db, clock, engine: opened.engine });
  const ingestRepo = createIngestRepository({ db, clock, search, jobs });
  const pageSource = createPageSource({ blobs, maxImagePixels: config.maxImagePixels });
  let engine: Promise<OcrEngine> | null = null;
  const getEngine = () =>
    (engine ??= Promise.resolve().then(() =>
      createOcrEngine({
        choice: config.ocrEngine,
        concurrency: config.workerConcurrency,
        tesseractBinary: config.tesseractBinary,
        timeoutMs: config.ocrTimeoutMs,
        env: childProcessEnv(),
      }),
    ));
  const jobDefinitions: AnyJobDefinition[] = [createPageProcessJob({ db, blobs, search, clock, pages: pageSource, engine: getEngine })];
  const runners: JobRunner[] = [];
  const authority = opts.authority === undefined ? authorityFor(config.corpusDir, config.cacheDir) : opts.authority;
  const limits = { maxImagePixels: config.maxImagePixels, maxPdfPages: config.maxPdfPages };
  // Parse workers (and the gazetteer they load) start on the first ingest, not for every command.
  let parsePool: ParsePool | null = null;
  const getParsePool = () =>
    (parsePool ??= createParsePool(
      opts.parseWorkers === undefined ? { authority, limits } : { size: opts.parseWorkers, authority, limits },
    ));
  return {
    config,
    db,
    engine: opened.engine,
    clock,
    blobs,
    search,
    documents: createDocumentsRepository({ db, engine: opened.engine }),
    collections: createCollectionsRepository({ db, clock }),
    books: createBooksRepository({ db, clock }),
    auth: createAuthRepository({ db, clock }),
    pageImages: createPageImages(createPageImagesRepository({ db })),
    ingestRepo,
    ingestDeps: { repo: ingestRepo, blobs, parse: (input) => getParsePool().parse(input) },
    jobs,
    jobDefinitions,
    createRunner(o = {}) {
      const runner = createJobRunner({
        repo: jobs,
        definitions: jobDefinitions,
        concurrency: o.concurrency ?? config.workerConcurrency,
        leaseMs: o.leaseMs ?? config.jobLeaseMs,
        ...(o.onError ? { onError: o.onError } : {}),
        ...(o.onQueueError ? { onQueueError: o.onQueueError } : {}),
      });
      runners.push(runner);
      return runner;
    },
    warmUp: () => getParsePool().ready(),
    close: async () => {
      await Promise.all(runners.map((r) => r.stop()));
      if (engine) await (await engine.catch(() => null))?.close();
      pageSource.close();
      await parsePool?.close();
      await side?.close();
      await opened.close();
    },
  };
}
