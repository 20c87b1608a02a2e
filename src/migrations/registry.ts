import { migration0001 } from './0001-initial.js';
import { migration0002 } from './0002-search-sqlite.js';
import { migration0003 } from './0003-search-postgres.js';
import { migration0010 } from './0010-scans-ocr-jobs.js';
import { migration0020 } from './0020-search-facets.js';
import { migration0021 } from './0021-search-postgres-docs.js';
import { migration0030 } from './0030-reading-room.js';
import { migration0035 } from './0035-search-generation.js';
import { migration0040 } from './0040-page-index-at-query-time.js';
import { migration0045 } from './0045-search-title-index.js';
import { migration0050 } from './0050-search-fts-hashsize.js';
import type { Migration } from './migration.js';

/** Every migration, in order. Listed explicitly: no file-system discovery. */
export const migrations: readonly Migration[] = [
  migration0001,
  migration0002,
  migration0003,
  migration0010,
  migration0020,
  migration0021,
  migration0030,
  migration0035,
  migration0040,
  migration0045,
  migration0050,
];
