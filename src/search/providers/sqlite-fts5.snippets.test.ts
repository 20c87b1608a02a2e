import { describe, expect, it } from 'vitest';
import { openSqliteDatabase } from '../../db/database.js';
import { parseQuery } from '../query.js';
import { seedFixtures } from '../search.fixtures.js';
import { createSqliteFtsProvider } from './sqlite-fts5.js';
import { matchWords, SNIPPET_PAGES } from './sqlite-fts5.snippets.js';

describe('sqlite-fts5 snippets', () => {
  it('reads the words of a compiled MATCH expression, without accents', () => {
    expect(matchWords('("Pétrograd") AND ("loan" OR "credit") NOT ("say ""no""")')).toEqual(['petrograd', 'loan', 'credit', 'say', 'no']);
    expect(matchWords('"negotiat" *')).toEqual(['negotiat']);
  });

  it('finds the best page of a long document among the pages holding the query words', async () => {
    const o = await openSqliteDatabase(':memory:');
    try {
      const provider = createSqliteFtsProvider({ db: o.db });
      const n = 40;
      expect(n).toBeGreaterThan(SNIPPET_PAGES * 5);
      // A fictional report: the river on every page, sturgeon only on page 31 (with the river) and page 33.
      const pages = Array.from({ length: n }, (_, i) =>
        i === 30 ? 'The river sturgeon were counted again.' : i === 32 ? 'Sturgeon prices.' : `The river at mile ${i}.`,
      );
      await seedFixtures(o.db, provider, [
        { id: 'long', title: 'Fisheries report', pages, date: '1971-05-01', facets: {} },
        {
          id: 'short',
          title: 'Fisheries note',
          pages: ['A note on the river.', 'Sturgeon seen near the river.'],
          date: '1971-05-02',
          facets: {},
        },
      ]);
      const search = async (q: string) =>
        (await provider.search({ query: parseQuery(q), limit: 5, offset: 0, cursor: null, sort: 'relevance', facetLimit: 0 })).hits;
      const hits = await search('river sturgeon');
      expect(hits.find((h) => h.documentId === 'long')?.page).toBe(31);
      expect(hits.find((h) => h.documentId === 'long')?.snippet).toContain('<mark>sturgeon</mark>');
      expect(hits.find((h) => h.documentId === 'short')?.page).toBe(2);
      expect((await search('"sturgeon prices"')).find((h) => h.documentId === 'long')?.page).toBe(33);
    } finally {
      await o.close();
    }
  });
});
