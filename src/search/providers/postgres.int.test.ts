import { describe, it } from 'vitest';
import { openPostgresDatabase } from '../../db/database.js';
import { createTestDatabase, NO_POSTGRES, postgresUrl } from '../../../test/support/engines.js';
import { searchProviderContract } from '../search.contract.js';
import { createPostgresSearchProvider } from './postgres.js';

if (postgresUrl) {
  searchProviderContract('postgres', async () => {
    const database = await createTestDatabase();
    const opened = await openPostgresDatabase(database.url);
    return {
      db: opened.db,
      provider: createPostgresSearchProvider({ db: opened.db }),
      close: async () => {
        await opened.close();
        await database.drop();
      },
    };
  });
} else {
  describe('search provider contract: postgres', () => it.skip(NO_POSTGRES, () => undefined));
}
