import { migration0001 } from './0001-initial.js';
import { migration0002 } from './0002-search-sqlite.js';
import { migration0020 } from './0020-search-facets.js';
import type { Migration } from './migration.js';

/** Every migration, in order. Listed explicitly: no file-system discovery. */
export const migrations: readonly Migration[] = [migration0001, migration0002, migration0020];
