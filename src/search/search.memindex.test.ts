import { describe, expect, it } from 'vitest';
import { openSqliteDatabase } from '../db/database.js';
import { createSqliteFtsProvider } from './providers/sqlite-fts5.js';
import { seedFixtures, type FixtureDoc } from './search.fixtures.js';
import { applyMetadata, countFacets, createMemIndexCache, pageByDate } from './search.memindex.js';
import { parseQuery } from './query.js';

const docs = (from: number, n: number): FixtureDoc[] =>
  Array.from({ length: n }, (_, k) => ({
    id: `m-${from + k}`,
    title: `Note ${from + k}`,
    pages: ['Harbour dues.'],
    date: `1950-01-${String(1 + ((from + k) % 28)).padStart(2, '0')}`,
    facets: { type: [(from + k) % 2 ? 'letter' : 'note'] },
  }));
const settle = () => new Promise((r) => setTimeout(r, 30));

describe('in-memory search index', () => {
  it('filters, counts and orders by date from typed arrays', async () => {
    const opened = await openSqliteDatabase(':memory:');
    const db = opened.db;
    await seedFixtures(db, createSqliteFtsProvider({ db }), docs(0, 6));
    const ix = await createMemIndexCache(db).get();
    const letters = applyMetadata(ix, ix.all, parseQuery('type:letter').filters, parseQuery('date:1950-01-02..1950-01-05').dates);
    expect(letters && Array.from(letters)).toHaveLength(2); // m-1 (Jan 2) and m-3 (Jan 4)
    expect(countFacets(ix, ix.all, 10).fields.type).toEqual([
      { value: 'letter', count: 3 },
      { value: 'note', count: 3 },
    ]);
    const newest = pageByDate(ix, ix.all, true, 2, 0, null);
    expect(newest.map((p) => p.k)).toEqual([19500106, 19500105]);
    await opened.close();
  });

  it('a large index answers from the previous generation while reloading, at most every 10 s', async () => {
    const opened = await openSqliteDatabase(':memory:');
    const db = opened.db;
    const provider = createSqliteFtsProvider({ db });
    let t = 0;
    const cache = createMemIndexCache(db, { staleAbove: 0, now: () => t });
    await seedFixtures(db, provider, docs(0, 4));
    expect((await cache.get()).all.length).toBe(4);
    await seedFixtures(db, provider, docs(4, 4));
    expect((await cache.get()).all.length).toBe(4); // stale; loaded a moment ago, so no reload yet
    await settle();
    expect((await cache.get()).all.length).toBe(4);
    t += 10_000;
    expect((await cache.get()).all.length).toBe(4); // stale, reload started
    await settle();
    expect((await cache.get()).all.length).toBe(8);
    await seedFixtures(db, provider, docs(8, 4));
    t += 1000;
    expect((await cache.get()).all.length).toBe(8);
    await settle();
    expect((await cache.get()).all.length).toBe(8); // too soon for another reload
    t += 10_000;
    await cache.get();
    await settle();
    expect((await cache.get()).all.length).toBe(12);
    await opened.close();
  });
});
