import fs from 'node:fs';
import { sql } from 'kysely';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteDatabase } from '../../db/database.js';
import { parseQuery } from '../query.js';
import { withResultCache } from '../search.cache.js';
import { seedFixtures, toSearchDocuments, type FixtureDoc } from '../search.fixtures.js';
import type { SearchRequest } from '../search.types.js';
import { createSqliteFtsProvider } from './sqlite-fts5.js';
import { matchKeys, parseKeys } from './sqlite-fts5.rank.js';
import { migration0045 } from '../../migrations/0045-search-title-index.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'declass-tiers-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** 40 fictional dispatches; "lake" in under half of them (so bm25 ranks it), at varying density; every fifth is a telegram. */
const DOCS: FixtureDoc[] = Array.from({ length: 40 }, (_, i) => ({
  id: `d-${String(i).padStart(2, '0')}`,
  title: i % 7 === 0 ? 'Lake survey' : `Dispatch ${i}`,
  pages: [`${i % 3 === 0 ? 'lake '.repeat(1 + (i % 5)) : ''}water levels and the harbour ${i}.`],
  date: `1962-01-${String(1 + (i % 28)).padStart(2, '0')}`,
  facets: { type: [i % 5 === 0 ? 'telegram' : 'memorandum'] },
}));

const req = (q: string, over: Partial<SearchRequest> = {}): SearchRequest => ({
  query: parseQuery(q),
  limit: 7,
  offset: 0,
  cursor: null,
  sort: 'relevance',
  facetLimit: 10,
  ...over,
});

describe('sqlite-fts5: tiered ranking and the in-memory index', () => {
  it('parses a key list as FTS5 sends it (bytes), sorting and de-duplicating only when needed', () => {
    const bytes = (s: string) => new TextEncoder().encode(s);
    expect(Array.from(parseKeys(bytes('3,17,256,1000000')))).toEqual([3, 17, 256, 1000000]);
    expect(Array.from(parseKeys(bytes('40,7,7,12')))).toEqual([7, 12, 40]);
    expect(parseKeys(bytes('')).length).toBe(0);
  });

  it('pages through tiers by offset and by cursor alike: every match once, tiers in key order', async () => {
    const opened = await openSqliteDatabase(':memory:');
    const provider = createSqliteFtsProvider({ db: opened.db, rank: { tier: 9, titleFirst: true } });
    await seedFixtures(opened.db, provider, DOCS);
    for (const q of ['lake', 'lake type:memorandum']) {
      const first = await provider.search(req(q));
      const byOffset: string[] = [];
      for (let offset = 0; offset < first.total; offset += 7)
        byOffset.push(...(await provider.search(req(q, { offset }))).hits.map((h) => h.documentId));
      const byCursor: string[] = [];
      let cursor: string | null = null;
      do {
        const page = await provider.search(req(q, { cursor }));
        byCursor.push(...page.hits.map((h) => h.documentId));
        cursor = page.next;
      } while (cursor);
      expect(byOffset).toEqual(byCursor);
      expect(new Set(byOffset).size).toBe(first.total);
      // One page spanning every tier (scored in one statement) lists them in the same order as pages of 7.
      expect((await provider.search(req(q, { limit: 50 }))).hits.map((h) => h.documentId)).toEqual(byOffset);
    }
    // A set within one tier is ranked exactly as bm25 ranks it: the same order as with one big tier.
    const exact = createSqliteFtsProvider({ db: opened.db, rank: { tier: 1000, titleFirst: true } });
    const a = (await exact.search(req('lake type:telegram'))).hits.map((h) => h.documentId);
    const b = (await provider.search(req('lake type:telegram'))).hits.map((h) => h.documentId);
    expect(b).toEqual(a);
    await opened.close();
  });

  it('ranks each tier exactly as bm25 ranks its members, for a run of the matches and for a filtered set', async () => {
    const opened = await openSqliteDatabase(':memory:');
    const db = opened.db;
    const provider = createSqliteFtsProvider({ db, rank: { tier: 3, titleFirst: false } });
    await seedFixtures(db, provider, DOCS);
    for (const [q, match] of [
      ['lake', '"lake"'],
      ['lake type:memorandum', '"lake"'],
      ['water -lake', '"water" NOT "lake"'],
      ['water -lake type:memorandum', '"water" NOT "lake"'],
    ] as const) {
      // Pages of 2: each statement scores one tier (or two), so the newest-first reads stop early.
      const total = (await provider.search(req(q))).total;
      const got: string[] = [];
      for (let offset = 0; offset < total; offset += 2)
        got.push(...(await provider.search(req(q, { limit: 2, offset }))).hits.map((h) => h.documentId));
      // Expected: the set's keys from the newest down in runs of 3, each run in bm25 order (ties by key).
      const keys = new Map(
        (await db.selectFrom('search_docs').select(['rowid', 'document_id']).execute()).map((r) => [r.document_id, r.rowid]),
      );
      const inSet = new Set(got);
      const members = [...inSet].map((id) => keys.get(id)!).sort((a, b) => b - a);
      const expected: string[] = [];
      for (let i = 0; i < members.length; i += 3) {
        const run = members.slice(i, i + 3);
        const rows = await sql<{ id: string }>`
          SELECT s.document_id AS id FROM doc_fts JOIN search_docs s ON s.rowid = doc_fts.rowid
          WHERE doc_fts MATCH ${match} AND +doc_fts.rowid IN (${sql.join(run)})
          ORDER BY bm25(doc_fts, 4, 1), doc_fts.rowid`.execute(db);
        expected.push(...rows.rows.map((r) => r.id));
      }
      expect(got, q).toEqual(expected);
      expect(new Set(got).size, q).toBe(total);
      expect(
        (await provider.search(req(q, { limit: 50 }))).hits.map((h) => h.documentId),
        q,
      ).toEqual(expected);
    }
    await opened.close();
  });

  it('ranks a query with exclusions exactly as bm25 ranks its full expression', async () => {
    const opened = await openSqliteDatabase(':memory:');
    const provider = createSqliteFtsProvider({ db: opened.db, rank: { tier: 1000, titleFirst: true } });
    await seedFixtures(opened.db, provider, DOCS);
    const raw = await sql<{ id: string; score: number }>`
      SELECT s.document_id AS id, bm25(doc_fts, 4, 1) AS score FROM doc_fts JOIN search_docs s ON s.rowid = doc_fts.rowid
      WHERE doc_fts MATCH '"lake" NOT "survey"' ORDER BY score, doc_fts.rowid`.execute(opened.db);
    const res = await provider.search(req('lake -survey', { limit: 50 }));
    expect(res.total).toBe(raw.rows.length);
    expect(res.hits.map((h) => h.documentId)).toEqual(raw.rows.map((r) => r.id));
    expect(res.hits.map((h) => h.score)).toEqual(raw.rows.map((r) => Math.round(-r.score * 1000) / 1000));
    await opened.close();
  });

  it('keeps the titles index in step with the titles in the document index (backfill, re-index, removal)', async () => {
    const opened = await openSqliteDatabase(':memory:');
    const db = opened.db;
    const provider = createSqliteFtsProvider({ db });
    await seedFixtures(db, provider, DOCS);
    const same = async () => {
      for (const q of ['"lake"', '"survey"', '"dispatch" AND "lake"', 'NEAR("lake" "survey", 1)', '"dispatch" NOT "lake"', '"surv" *'])
        expect(Array.from(await matchKeys(db, q, 'doc_title_fts')), q).toEqual(Array.from(await matchKeys(db, `title : (${q})`)));
    };
    expect((await matchKeys(db, '"survey"', 'doc_title_fts')).length).toBe(6);
    await same();
    // An archive migrated to the titles index gets it filled from the stored titles.
    await sql`DROP TABLE doc_title_fts`.execute(db);
    await migration0045.up(db as never, 'sqlite');
    await same();
    const renamed = toSearchDocuments(DOCS.slice(0, 14)).map((d, i) => ({ ...d, title: i % 2 ? 'Lake survey' : '' }));
    await db.transaction().execute((trx) => provider.indexDocuments(trx, renamed));
    await db.transaction().execute((trx) => provider.removeDocuments(trx, ['d-21', 'd-28']));
    await same();
    expect((await matchKeys(db, '"survey"', 'doc_title_fts')).length).toBe(7 + 2); // d-01…d-13 odd, d-14 and d-35
    await opened.close();
  });

  it('sees writes made through another connection (the generation moves), and so does the result cache', async () => {
    const file = path.join(dir, 'two.sqlite');
    const a = await openSqliteDatabase(file);
    const b = await openSqliteDatabase(file);
    const writer = createSqliteFtsProvider({ db: a.db });
    const reader = withResultCache(createSqliteFtsProvider({ db: b.db }), b.db, 10);
    await seedFixtures(a.db, writer, DOCS.slice(0, 10));
    expect((await reader.search(req('type:telegram'))).total).toBe(2);
    const before = await reader.search(req('harbour'));
    expect(before.facets?.fields.type).toEqual([
      { value: 'memorandum', count: 8 },
      { value: 'telegram', count: 2 },
    ]);
    await seedFixtures(a.db, writer, DOCS.slice(10, 20));
    const after = await reader.search(req('type:telegram'));
    expect(after.total).toBe(4);
    expect((await reader.search(req('harbour'))).total).toBe(20);
    await a.close();
    await b.close();
  });
});
