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
import { createParsePool } from '../ingest/parse-pool.js';
import { authorityFor, type AuthoritySource } from '../ingest/parse.js';
import type { IngestDeps } from '../ingest/ingest.usecases.js';
import { createSqliteFtsProvider } from '../search/providers/sqlite-fts5.js';
import { createPostgresSearchProvider } from '../search/providers/postgres.js';
import type { SearchProvider } from '../search/search.types.js';
import { systemClock, type Clock } from '../shared/clock.js';
import { noPageImages, type PageImages } from '../web/page-images.js';

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
  /** Page images and thumbnails (none until the image pipeline lands). */
  pageImages: PageImages;
  ingestRepo: IngestRepository;
  ingestDeps: IngestDeps;
  close(): Promise<void>;
}

/** The composition root: builds every service once, from the config. */
export async function createServices(
  config: Config,
  opts: { clock?: Clock; inMemory?: boolean; parseWorkers?: number; authority?: AuthoritySource | null } = {},
): Promise<Services> {
  const clock = opts.clock ?? systemClock;
  // The embedded SQLite archive in the data folder, unless a PostgreSQL URL is configured.
  const opened = config.database
    ? await openPostgresDatabase(config.database)
    : await openSqliteDatabase(opts.inMemory ? ':memory:' : path.join(config.dataDir, 'declass.sqlite'));
  const db = opened.db;
  const blobs = createFsBlobStore({ root: path.join(config.dataDir, 'blobs') });
  const search = opened.engine === 'postgres' ? createPostgresSearchProvider({ db }) : createSqliteFtsProvider({ db });
  const ingestRepo = createIngestRepository({ db, clock, search });
  const authority = opts.authority === undefined ? authorityFor(config.corpusDir, config.dataDir) : opts.authority;
  const parsePool = createParsePool(opts.parseWorkers === undefined ? { authority } : { size: opts.parseWorkers, authority });
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
    pageImages: noPageImages,
    ingestRepo,
    ingestDeps: { repo: ingestRepo, blobs, parse: parsePool.parse },
    close: async () => {
      await parsePool.close();
      await opened.close();
    },
  };
}
