import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CompiledQuery } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteDatabase, type Db } from '../../db/database.js';
import { parseQuery } from '../query.js';
import { readGeneration } from '../search.memindex.js';
import { seedFixtures, type FixtureDoc } from '../search.fixtures.js';
import type { SearchProvider, SearchRequest } from '../search.types.js';
import { createSqliteFtsProvider } from './sqlite-fts5.js';
import { matchKeys, matchKeysQuery, parseKeys } from './sqlite-fts5.rank.js';
import type { createSideReader as CreateSideReader, SideReader } from './sqlite-fts5.side.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'declass-side-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/**
 * 60 fictional dispatches. "lake" is in a third of them and in some of their titles (a title tier leads its
 * ranking); "pier" in 18, never in a title (its first tier is its newest matches); "water" in every seventh; "the
 * harbour" in all (listed newest first); every fourth is a telegram.
 */
const DOCS: FixtureDoc[] = Array.from({ length: 60 }, (_, i) => ({
  id: `s-${String(i).padStart(2, '0')}`,
  title: i % 6 === 0 ? `Lake survey ${i}` : `Dispatch ${i}`,
  pages: [
    [
      i % 3 === 0 ? 'lake '.repeat(1 + (i % 4)) : '',
      i % 10 < 3 ? 'pier '.repeat(1 + (i % 3)) : '',
      i % 7 === 0 ? 'water ' : '',
      `levels at the harbour ${i}.`,
    ].join(''),
  ],
  date: `1962-02-${String(1 + (i % 28)).padStart(2, '0')}`,
  facets: { type: [i % 4 === 0 ? 'telegram' : 'memorandum'] },
}));

const QUERIES = [
  'lake',
  'pier',
  'lake type:telegram',
  'lake -water',
  'lake -survey',
  'lake -6',
  'lake type:telegram -water',
  'pier type:memorandum',
  'lake pier',
  '"the harbour"',
  'pier sort:-date',
];
const req = (q: string, over: Partial<SearchRequest> = {}): SearchRequest => ({
  query: parseQuery(q),
  limit: 4,
  offset: 0,
  cursor: null,
  sort: parseQuery(q).sort ?? 'relevance',
  facetLimit: 10,
  ...over,
});

type Change<T> = (got: T, generation: number) => { got: T; generation: number };

/** A side reader that runs its statements on the archive's own connection (the worker's SQL, without the thread). */
function inlineSide(db: Db, change: { rows?: Change<unknown[]>; keys?: Change<Uint32Array> } = {}) {
  const same = <T>(got: T, generation: number) => ({ got, generation });
  const reader = {
    calls: 0,
    lists: 0,
    idle: true,
    warm: () => undefined,
    async all<T>(q: { sql: string; parameters: readonly unknown[] }) {
      reader.calls++;
      const generation = await readGeneration(db);
      const { rows } = await db.executeQuery(CompiledQuery.raw(q.sql, [...q.parameters]));
      const out = (change.rows ?? same)(rows, generation);
      return { generation: out.generation, rows: out.got as T[] };
    },
    async keys(q: { sql: string; parameters: readonly unknown[] }) {
      reader.lists++;
      const generation = await readGeneration(db);
      const { rows } = await db.executeQuery<{ ids: Uint8Array | null }>(CompiledQuery.raw(q.sql, [...q.parameters]));
      const out = (change.keys ?? same)(parseKeys(rows[0]?.ids ?? new Uint8Array(0)), generation);
      return { generation: out.generation, keys: out.got };
    },
    close: () => Promise.resolve(),
  };
  return reader satisfies SideReader;
}

/** Every page of each query, by offset (and the first by cursor), as ids and scores. */
async function pages(provider: SearchProvider): Promise<unknown[]> {
  const out: unknown[] = [];
  for (const q of QUERIES) {
    for (const offset of [0, 4, 8, 12]) {
      const r = await provider.search(req(q, { offset }));
      out.push([q, offset, r.total, r.hits.map((h) => [h.documentId, h.score])]);
    }
    const first = await provider.search(req(q));
    if (first.next) out.push([q, 'next', (await provider.search(req(q, { cursor: first.next }))).hits.map((h) => h.documentId)]);
  }
  return out;
}

describe('sqlite-fts5: a first tier scored on the side reader', () => {
  it('gives the same pages as scoring after the listing, and is used for title tiers and newest-match tiers', async () => {
    const opened = await openSqliteDatabase(':memory:');
    const db = opened.db;
    const rank = { tier: 6, titleFirst: true };
    const plain = createSqliteFtsProvider({ db, rank, matchSets: { budgetBytes: 0, minSize: 1 } });
    await seedFixtures(db, plain, DOCS);
    const expected = await pages(plain);

    const side = inlineSide(db);
    const withSide = createSqliteFtsProvider({ db, rank, matchSets: { budgetBytes: 0, minSize: 1 }, side });
    expect(await pages(withSide)).toEqual(expected);
    expect(side.calls).toBeGreaterThan(0);
    // Broad texts and date order have their newer half of the matches listed there.
    expect(side.lists).toBeGreaterThan(0);

    // Keys listed there are what the search counts: dropped, they are missing from every count and page.
    const dropping = inlineSide(db, { keys: (_, generation) => ({ got: new Uint32Array(0), generation }) });
    const dropped = createSqliteFtsProvider({ db, rank, matchSets: { budgetBytes: 0, minSize: 1 }, side: dropping });
    for (const q of ['"the harbour"', 'pier sort:-date'])
      expect((await dropped.search(req(q))).total, q).toBeLessThan((await plain.search(req(q))).total);

    // Rows and keys read in another search generation are not used.
    const stale = inlineSide(db, {
      rows: (rows, generation) => ({ got: [...rows].reverse(), generation: generation - 1 }),
      keys: (_, generation) => ({ got: new Uint32Array(0), generation: generation - 1 }),
    });
    expect(await pages(createSqliteFtsProvider({ db, rank, matchSets: { budgetBytes: 0, minSize: 1 }, side: stale }))).toEqual(expected);
    expect(stale.calls).toBeGreaterThan(0);
    expect(stale.lists).toBeGreaterThan(0);

    // The early rows are what a first page shows when the tier is theirs: reversed, they change exactly those pages.
    const reversedSide = inlineSide(db, { rows: (rows, generation) => ({ got: [...rows].reverse(), generation }) });
    const reversed = createSqliteFtsProvider({ db, rank, matchSets: { budgetBytes: 0, minSize: 1 }, side: reversedSide });
    const firstIds = async (p: SearchProvider, q: string) => (await p.search(req(q))).hits.map((h) => h.documentId);
    // 'lake -6': the exclusion removes an older title match (s-06), outside the members scored, which are scored
    // without it and kept once they are known to be in the result.
    for (const q of ['lake', 'pier', 'lake type:telegram', 'lake -survey', 'lake -6', 'lake type:telegram -water'])
      expect(await firstIds(reversed, q), q).not.toEqual(await firstIds(plain, q));
    // Asked, not used: a document the exclusion removes (s-42, "water") is among the newest title matches, so the
    // tier reaches further back than the members scored.
    let before = reversedSide.calls;
    expect(await firstIds(reversed, 'lake -water')).toEqual(await firstIds(plain, 'lake -water'));
    expect(reversedSide.calls).toBe(before + 1);
    // A filtered text without title matches has no first tier known ahead: nothing is asked.
    before = reversedSide.calls;
    expect(await firstIds(reversed, 'pier type:memorandum')).toEqual(await firstIds(plain, 'pier type:memorandum'));
    expect(reversedSide.calls).toBe(before);
    await opened.close();
  });

  it('runs in a thread of its own on an archive on disk (compiled build)', async (ctx) => {
    const compiled = new URL('../../../dist/search/providers/sqlite-fts5.side.js', import.meta.url);
    if (!fs.existsSync(compiled)) ctx.skip(); // `npm test` compiles first; a bare vitest run may not have dist/
    const { createSideReader } = (await import(compiled.href)) as { createSideReader: typeof CreateSideReader };
    const file = path.join(dir, 'side.sqlite');
    const opened = await openSqliteDatabase(file);
    const db = opened.db;
    const rank = { tier: 6, titleFirst: true };
    const plain = createSqliteFtsProvider({ db, rank, matchSets: { budgetBytes: 0, minSize: 1 } });
    await seedFixtures(db, plain, DOCS);
    // A core counted as free whatever the load of the machine running the tests.
    const side = createSideReader(file, () => true)!;
    expect(side).not.toBeNull();
    try {
      side.warm();
      while (!side.idle) await new Promise((r) => setTimeout(r, 5));
      let calls = 0;
      let lists = 0;
      const reader: SideReader = {
        get idle() {
          return side.idle;
        },
        warm: () => side.warm(),
        all: (q) => {
          calls++;
          return side.all(q);
        },
        keys: (q) => {
          lists++;
          return side.keys(q);
        },
        close: () => side.close(),
      };
      const withSide = createSqliteFtsProvider({ db, rank, matchSets: { budgetBytes: 0, minSize: 1 }, side: reader });
      expect(await pages(withSide)).toEqual(await pages(plain));
      expect(calls).toBeGreaterThan(0);
      expect(lists).toBeGreaterThan(0);
      const listed = await side.keys(matchKeysQuery('"the harbour"', 'doc_fts', { above: 30 }).compile(db));
      expect(Array.from(listed!.keys)).toEqual(Array.from(await matchKeys(db, '"the harbour"', 'doc_fts', { above: 30 })));
      expect(listed!.keys.length).toBe(30);
      // A statement the worker cannot run answers null, and the thread goes on serving.
      expect(await side.all({ sql: 'SELECT * FROM no_such_table', parameters: [] })).toBeNull();
      expect(await side.all<{ n: number }>({ sql: 'SELECT count(*) AS n FROM search_docs', parameters: [] })).toMatchObject({
        rows: [{ n: 60 }],
      });
    } finally {
      await side.close();
      await opened.close();
    }
  });
});
