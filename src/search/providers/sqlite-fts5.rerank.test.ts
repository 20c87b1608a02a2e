import { describe, expect, it } from 'vitest';
import { openSqliteDatabase } from '../../db/database.js';
import { parseQuery } from '../query.js';
import { seedFixtures, type FixtureDoc } from '../search.fixtures.js';
import type { SearchRequest } from '../search.types.js';
import { createSqliteFtsProvider } from './sqlite-fts5.js';
import type { Ranked } from './sqlite-fts5.rank.js';
import { adjustedScore, DEFAULT_RERANK, pageWithHead, rerankWords, type Occurrences } from './sqlite-fts5.rerank.js';

const words = [
  { stem: 'bank', idf: 1 },
  { stem: 'closur', idf: 2 },
];
const onePage = (pairs: [number, number][]): Occurrences => new Map([[1, pairs]]);

describe('re-ranking the first bm25 results', () => {
  /** Scores a candidate of bm25 −5 with these occurrences (no as-typed words in the query). */
  const score = (occ: Occurrences | undefined) => adjustedScore(-5, { occ }, words, [], DEFAULT_RERANK);

  it('scores words found together above the same words far apart, and all words above some', () => {
    const near = score(
      onePage([
        [3, 0],
        [4, 1],
      ]),
    );
    const far = score(
      onePage([
        [3, 0],
        [40, 1],
      ]),
    );
    expect(near).toBeLessThan(far);
    expect(far).toBe(-5);
    // Neighbouring only within a page: offsets on two pages are not compared.
    expect(
      score(
        new Map([
          [1, [[3, 0]]],
          [2, [[4, 1]]],
        ]),
      ),
    ).toBe(-5);
    // "closure" alone covers 2/3 of the query's weight: √(2/3) of the bm25 score.
    expect(score(onePage([[3, 1]]))).toBeCloseTo(-5 * Math.sqrt(2 / 3));
    // Repeats of one word are not proximity.
    expect(
      score(
        onePage([
          [3, 0],
          [4, 0],
        ]),
      ),
    ).toBeCloseTo(-5 * Math.sqrt(1 / 3));
    expect(score(undefined)).toBe(-5);
  });

  it('prefers the words as typed to other words of the same stem', () => {
    // The query said "banks" and "closure": "banks" has the stem bank (0), "closure" closur (1).
    const exact = [{ stem: 0 }, { stem: 1 }];
    const occ = onePage([
      [3, 0],
      [40, 1],
    ]);
    const both = adjustedScore(-5, { occ, exactIn: new Set([0, 1]) }, words, exact, DEFAULT_RERANK);
    const stemOnly = adjustedScore(-5, { occ, exactIn: new Set([1]) }, words, exact, DEFAULT_RERANK);
    expect(both).toBe(-5);
    // "bank" but not "banks": the as-typed share is 2/3, the factor √((1 + 2/3) / 2).
    expect(stemOnly).toBeCloseTo(-5 * Math.sqrt(5 / 6));
    expect(adjustedScore(-5, { occ, exactIn: new Set([1]) }, words, exact, { ...DEFAULT_RERANK, exactExp: 0 })).toBe(-5);
  });

  it('takes the words of terms, phrases and NEAR groups, not prefixes, title-only words or exclusions', () => {
    expect(rerankWords(parseQuery('bank (closure OR "state bank") NEAR(loan gold, 5) negotiat* title:treaty -russia').text)).toEqual([
      'bank',
      'closure',
      'state bank',
      'loan',
      'gold',
    ]);
  });

  it('pages the re-ranked head and the bm25 tail alike by offset and by cursor', async () => {
    const bm25: Ranked[] = Array.from({ length: 23 }, (_, i) => ({ doc: 100 + i, score: -50 + i }));
    const plain = async (take: number, offset: number, after: { k: number; r: number } | null) => {
      const from = after ? bm25.findIndex((r) => r.doc === after.r) + 1 : offset;
      return Promise.resolve(bm25.slice(from, from + take));
    };
    // The head (8 documents) reversed.
    const rerank = async (head: Ranked[]) => Promise.resolve([...head].reverse().map((r, i) => ({ doc: r.doc, score: -100 + i })));
    const byOffset: number[] = [];
    for (let offset = 0; offset < 23; offset += 3)
      byOffset.push(...(await pageWithHead(plain, rerank, 8, 3, offset, null)).map((r) => r.doc));
    const byCursor: number[] = [];
    let after: { k: number; r: number } | null = null;
    for (;;) {
      const page = await pageWithHead(plain, rerank, 8, 3, 0, after);
      if (page.length === 0) break;
      byCursor.push(...page.map((r) => r.doc));
      const last = page[page.length - 1]!;
      after = { k: last.k, r: last.doc };
    }
    const expected = [107, 106, 105, 104, 103, 102, 101, 100, ...bm25.slice(8).map((r) => r.doc)];
    expect(byOffset).toEqual(expected);
    expect(byCursor).toEqual(expected);
  });
});

/** Ten documents of filler, one that says "bank" often and "closure" far away, one with "bank closure" once. */
const DOCS: FixtureDoc[] = [
  ...Array.from({ length: 10 }, (_, i) => ({
    id: `filler-${i}`,
    title: `Dispatch ${i}`,
    pages: [`The harbour and the water levels, report ${i}.`],
    date: '1918-01-02',
  })),
  {
    id: 'often',
    title: 'Dispatch on the bank',
    pages: [`The bank, the bank and the bank again; the bank. ${'Harbour water levels rose. '.repeat(6)} Closure of the port.`],
    date: '1918-01-03',
  },
  {
    id: 'together',
    title: 'Dispatch',
    pages: [
      `${'Harbour water levels rose. '.repeat(4)} Bank closure ordered by the commissars. ${'Harbour water levels fell. '.repeat(4)}`,
    ],
    date: '1918-01-04',
  },
];

const req = (q: string): SearchRequest => ({ query: parseQuery(q), limit: 5, offset: 0, cursor: null, sort: 'relevance', facetLimit: 0 });

describe('sqlite-fts5 with re-ranking', () => {
  it('puts the document with the words together first, where plain bm25 prefers the one repeating a word', async () => {
    const opened = await openSqliteDatabase(':memory:');
    const plain = createSqliteFtsProvider({ db: opened.db, rerank: { ...DEFAULT_RERANK, candidates: 0 } });
    const reranked = createSqliteFtsProvider({ db: opened.db });
    await seedFixtures(opened.db, plain, DOCS);
    for (const q of ['bank OR closure', 'bank closure']) {
      expect((await plain.search(req(q))).hits.map((h) => h.documentId)).toEqual(['often', 'together']);
      const hits = (await reranked.search(req(q))).hits;
      expect(hits.map((h) => h.documentId)).toEqual(['together', 'often']);
      expect(hits[0]!.score).toBeGreaterThan(hits[1]!.score);
    }
    await opened.close();
  });

  it('prefers the words as typed: "banks" over the "Bank" of "State Bank"', async () => {
    const opened = await openSqliteDatabase(':memory:');
    const provider = createSqliteFtsProvider({ db: opened.db });
    const plain = createSqliteFtsProvider({ db: opened.db, rerank: { ...DEFAULT_RERANK, exactExp: 0 } });
    await seedFixtures(opened.db, provider, [
      ...DOCS.slice(0, 10),
      {
        id: 'stem',
        title: 'Dispatch',
        pages: ['Notes of the State Bank were withdrawn.'],
        date: '1918-02-01',
      },
      {
        id: 'typed',
        title: 'Dispatch',
        pages: ['Private banks closed last week and notes were withdrawn.'],
        date: '1918-02-02',
      },
    ]);
    expect((await plain.search(req('banks notes'))).hits.map((h) => h.documentId)).toEqual(['stem', 'typed']);
    expect((await provider.search(req('banks notes'))).hits.map((h) => h.documentId)).toEqual(['typed', 'stem']);
    await opened.close();
  });

  it('keeps plain bm25 for a single word', async () => {
    const opened = await openSqliteDatabase(':memory:');
    const reranked = createSqliteFtsProvider({ db: opened.db });
    await seedFixtures(opened.db, reranked, DOCS);
    // A single word has nothing to weigh against: plain bm25.
    expect((await reranked.search(req('bank'))).hits.map((h) => h.documentId)).toEqual(['often', 'together']);
    await opened.close();
  });
});
