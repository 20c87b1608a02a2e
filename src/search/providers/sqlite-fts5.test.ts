import { openSqliteDatabase } from '../../db/database.js';
import { searchProviderContract } from '../search.contract.js';
import { createSqliteFtsProvider } from './sqlite-fts5.js';

searchProviderContract('sqlite-fts5', async () => {
  const opened = await openSqliteDatabase(':memory:');
  return { db: opened.db, provider: createSqliteFtsProvider({ db: opened.db }), close: () => opened.close() };
});
