import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openSqliteDatabase } from '../../db/database.js';
import { FTS_HASH_BYTES } from '../../migrations/0050-search-fts-hashsize.js';
import { parseQuery } from '../query.js';
import { searchProviderContract } from '../search.contract.js';
import { seedFixtures, type FixtureDoc } from '../search.fixtures.js';
import { createSqliteFtsProvider } from './sqlite-fts5.js';

searchProviderContract('sqlite-fts5', async () => {
  const opened = await openSqliteDatabase(':memory:');
  return { db: opened.db, provider: createSqliteFtsProvider({ db: opened.db }), close: () => opened.close() };
});

describe('sqlite-fts5 index writes', () => {
  it('write one transaction as one FTS5 segment per table, however many documents it holds', async () => {
    const opened = await openSqliteDatabase(':memory:');
    try {
      const db = opened.db;
      const provider = createSqliteFtsProvider({ db });
      for (const table of ['doc_fts', 'doc_title_fts'])
        expect((await sql.raw<{ v: number }>(`SELECT v FROM ${table}_config WHERE k = 'hashsize'`).execute(db)).rows).toEqual([
          { v: FTS_HASH_BYTES },
        ]);
      // 700 documents: 200-row statements cut four segments of each table here (a statement journal's
      // savepoint makes FTS5 write out its pending terms) before automerge folded them.
      const docs: FixtureDoc[] = Array.from({ length: 700 }, (_, i) => ({
        id: `seg-${i}`,
        title: `Telegram ${i} on the loan`,
        pages: [`The ambassador reported on credit number ${i}.`, 'Page two of the report.'],
        date: '1918-01-02',
        facets: { type: ['telegram'], person: [`Person ${i % 7}`] },
      }));
      await seedFixtures(db, provider, docs);
      for (const table of ['doc_fts', 'doc_title_fts']) {
        const segments = await sql.raw<{ n: number }>(`SELECT count(DISTINCT segid) AS n FROM ${table}_idx`).execute(db);
        expect(segments.rows[0]?.n, table).toBe(1);
      }
      const res = await provider.search({
        query: parseQuery('credit loan'),
        limit: 5,
        offset: 0,
        cursor: null,
        sort: 'relevance',
        facetLimit: 3,
      });
      expect(res.total).toBe(700);
      expect(res.facets?.fields.person?.length).toBe(3);
    } finally {
      await opened.close();
    }
  });
});
