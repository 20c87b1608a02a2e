/**
 * The contract every search provider meets: one suite, run for each engine
 * (providers/*.test.ts call `searchProviderContract`). Fixtures are fictional.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../db/database.js';
import { isDeclassError } from '../shared/errors.js';
import type { SortOrder } from './query.ast.js';
import { parseQuery } from './query.js';
import { FIXTURES, seedFixtures, toSearchDocuments } from './search.fixtures.js';
import type { SearchProvider, SearchRequest, SearchResponse } from './search.types.js';

export interface ProviderHarness {
  db: Db;
  provider: SearchProvider;
  close(): Promise<void>;
}

export function searchProviderContract(name: string, open: () => Promise<ProviderHarness>): void {
  describe(`search provider contract: ${name}`, () => {
    let h: ProviderHarness;
    beforeEach(async () => {
      h = await open();
      await seedFixtures(h.db, h.provider);
    });
    afterEach(async () => {
      await h.close();
    });

    const req = (q: string, over: Partial<SearchRequest> = {}): SearchRequest => {
      const query = parseQuery(q);
      const sort: SortOrder = query.sort ?? (query.text ? 'relevance' : 'date_asc');
      return { query, limit: 50, offset: 0, cursor: null, sort, facetLimit: 0, ...over };
    };
    const search = (q: string, over: Partial<SearchRequest> = {}) => h.provider.search(req(q, over));
    const ids = async (q: string, over: Partial<SearchRequest> = {}) => (await search(q, over)).hits.map((x) => x.documentId).sort();

    it('matches all words by default, any with OR, and stems', async () => {
      expect(await ids('lake enlargement')).toEqual(['el-1', 'el-2', 'el-5']);
      expect(await ids('dredging OR fisheries')).toEqual(['el-1', 'el-3', 'el-4', 'el-8']);
      expect(await ids('negotiations')).toEqual(['el-6']); // title "negotiations", body "Negotiating" stems differ: title hit
    });

    it('phrases, exclusions, prefixes, proximity, title: and parentheses', async () => {
      expect(await ids('"lake enlargement"')).toEqual(['el-1']);
      expect(await ids('lake -harbour')).toEqual(['el-1', 'el-4', 'el-6', 'el-7']);
      expect(await ids('negotiat*')).toEqual(['el-6']);
      expect(await ids('NEAR(enlargement lake, 3)')).toEqual(['el-1', 'el-2']);
      expect(await ids('title:telegram')).toEqual(['el-2', 'el-7', 'el-8']);
      expect(await ids('(treaty OR dredging) -minister')).toEqual(['el-1', 'el-6', 'el-7']);
      expect(await ids('"secretary of state"')).toEqual(['el-7']);
    });

    it('finds a document by the headings it is printed under, with its snippet from a page', async () => {
      expect(await ids('boundary questions')).toEqual(['el-4']);
      expect(await ids('"boundary questions" fishing')).toEqual(['el-4']);
      const [hit] = (await search('boundary')).hits;
      expect(hit?.page).toBe(1);
      expect(hit?.snippet).toContain('Fishing quotas');
      expect(hit?.snippet).not.toContain('Boundary');
    });

    it('filters on metadata, negated filters and dates', async () => {
      expect(await ids('type:telegram')).toEqual(['el-2', 'el-7', 'el-8']);
      expect(await ids('lake type:telegram')).toEqual(['el-2', 'el-7']);
      expect(await ids('type:"Memorandum of Conversation"')).toEqual(['el-3']);
      expect(await ids('person:brandvik')).toEqual(['el-2', 'el-3', 'el-7']);
      expect(await ids('person:"harriet quill" -type:letter')).toEqual(['el-1', 'el-2']);
      expect(await ids('caveat:nodis')).toEqual(['el-1', 'el-6']);
      expect(await ids('exemption:(b)(1)')).toEqual(['el-3']);
      expect(await ids('type:nonexistent')).toEqual([]);
      expect(await ids('date:1962')).toEqual(['el-1', 'el-2', 'el-3']);
      expect(await ids('date:1962-04..1963')).toEqual(['el-2', 'el-3', 'el-4']);
      expect(await ids('before:1962-04')).toEqual(['el-1', 'el-5']);
      expect(await ids('after:1963 telegram')).toEqual(['el-7', 'el-8']);
      expect(await ids('-type:telegram date:1961..1962')).toEqual(['el-1', 'el-3', 'el-5']);
      expect(await ids('type:telegram -lake')).toEqual(['el-8']);
    });

    it('counts facets over the whole result set, and a facet narrows to its count', async () => {
      const res = await search('lake OR harbour', { facetLimit: 20, limit: 2 });
      const all = FIXTURES.filter((d) => /lake|harbour/i.test(d.pages.join(' ') + d.title));
      expect(res.total).toBe(all.length);
      expect(res.hits).toHaveLength(2);
      const brute = new Map<string, number>();
      for (const d of all) for (const t of d.facets?.type ?? []) brute.set(t, (brute.get(t) ?? 0) + 1);
      expect(Object.fromEntries((res.facets?.fields.type ?? []).map((v) => [v.value, v.count]))).toEqual(Object.fromEntries(brute));
      for (const v of res.facets?.fields.person ?? []) {
        const narrowed = await search(`(lake OR harbour) person:"${v.value}"`, { facetLimit: 20 });
        expect(narrowed.total).toBe(v.count);
        expect(narrowed.facets?.fields.person?.find((x) => x.value === v.value)?.count).toBe(v.count);
      }
      const yearSum = (res.facets?.years ?? []).reduce((a, y) => a + y.count, 0);
      expect(yearSum).toBe(all.filter((d) => d.date).length);
      expect(res.facets?.decades.map((d) => d.decade)).toEqual(['1960s']);
    });

    it('sorts by date both ways, undated last', async () => {
      const asc = await search('lake OR harbour OR quotas', { sort: 'date_asc' });
      expect(asc.hits.map((x) => x.documentId)).toEqual(['el-5', 'el-1', 'el-2', 'el-4', 'el-7', 'el-8', 'el-6']);
      const desc = await search('lake OR harbour OR quotas sort:-date');
      expect(desc.hits.map((x) => x.documentId).slice(0, 6)).toEqual(['el-8', 'el-7', 'el-4', 'el-2', 'el-1', 'el-5']);
    });

    it('pages through results stably by offset and by cursor', async () => {
      for (const sort of ['relevance', 'date_asc', 'date_desc'] as const) {
        const full = (await search('lake OR harbour OR quotas OR dredging', { sort })).hits.map((x) => x.documentId);
        const byOffset: string[] = [];
        const byCursor: string[] = [];
        for (let offset = 0; offset < full.length; offset += 3)
          byOffset.push(
            ...(await search('lake OR harbour OR quotas OR dredging', { sort, limit: 3, offset })).hits.map((x) => x.documentId),
          );
        let cursor: string | null = null;
        let res: SearchResponse;
        do {
          res = await search('lake OR harbour OR quotas OR dredging', { sort, limit: 3, cursor });
          byCursor.push(...res.hits.map((x) => x.documentId));
          cursor = res.next;
        } while (cursor);
        expect(byOffset).toEqual(full);
        expect(byCursor).toEqual(full);
      }
    });

    it('snippets come from the best page, escaped and marked, with its label', async () => {
      const res = await search('dredging programme');
      const hit = res.hits[0]!;
      expect(hit.documentId).toBe('el-1');
      expect(hit.page).toBe(2);
      expect(hit.pageLabel).toBe('101');
      expect(hit.snippet).toContain('<mark>dredging</mark>');
      const treaty = (await search('annex')).hits[0]!;
      expect(treaty.page).toBe(3);
    });

    it('ranks title matches and dense matches first', async () => {
      const res = await search('fisheries');
      expect(res.hits[0]!.documentId).toMatch(/el-4|el-8/);
      expect(res.hits.every((x, i, a) => i === 0 || a[i - 1]!.score >= x.score)).toBe(true);
    });

    it('finds similar documents, never the document itself', async () => {
      const res = await h.provider.similar('el-4', 5);
      expect(res).not.toBeNull();
      const found = res!.hits.map((x) => x.documentId);
      expect(found).not.toContain('el-4');
      expect(found[0]).toBe('el-8');
      expect(await h.provider.similar('nope', 5)).toBeNull();
    });

    it('re-indexing replaces a document; removal drops it', async () => {
      const changed = toSearchDocuments([{ ...FIXTURES[3]!, pages: ['Whaling is now banned.'], facets: { type: ['telegram'] } }]);
      await h.db.transaction().execute((trx) => h.provider.indexDocuments(trx, changed));
      expect(await ids('quotas')).toEqual(['el-8']);
      expect(await ids('whaling type:telegram')).toEqual(['el-4']);
      expect((await search('type:telegram')).total).toBe(4);
      await h.db.transaction().execute((trx) => h.provider.removeDocuments(trx, ['el-4']));
      expect(await ids('whaling')).toEqual([]);
      expect((await search('type:telegram')).total).toBe(3);
    });

    it('never passes engine syntax through: hostile queries give results or a coded error', async () => {
      const hostile = [
        '"a" OR x:y) NEAR(',
        'lake" OR "1"="1',
        "lake'; DROP TABLE pages; --",
        'NEAR(lake)',
        '"NEAR" "AND" "OR"',
        '*',
        'lake AND',
        '((((',
        '"',
        'title:"',
        '^lake',
        'col:lake',
        'body : lake',
        '{title}: lake',
        'lake -',
        '- lake',
      ];
      for (const q of hostile) {
        try {
          await search(q);
        } catch (err) {
          expect(isDeclassError(err) && err.code === 'search.invalid_query', `${q}: ${String(err)}`).toBe(true);
        }
      }
      expect((await search('"NEAR" "AND" lake')).total).toBe(0);
      expect((await search('lake')).total).toBeGreaterThan(0);
    });

    it('bad input gets a coded message in bounded time: huge, deeply nested, lone quote, lone star, bad dates, unknown fields', async () => {
      const cases: [string, string][] = [
        ['lake '.repeat(2000), 'too long'],
        [`${'('.repeat(5000)}lake${')'.repeat(5000)}`, 'too long'],
        [`${'('.repeat(40)}lake${')'.repeat(40)}`, 'nested'],
        ['"', 'quote'],
        ['*', 'must follow'],
        ['date:1994-02-30', 'not a date'],
        ['date:1995..1994', 'ends before'],
        ['before:yesterday', 'not a date'],
        ['secret:yes lake', 'Unknown field'],
      ];
      for (const [q, fragment] of cases) {
        const t = performance.now();
        const err = await (async () => search(q))().catch((e: unknown) => e);
        expect(isDeclassError(err) && err.status === 400 && err.code === 'search.invalid_query', `${q.slice(0, 40)}: ${String(err)}`).toBe(
          true,
        );
        expect((err as Error).message, q.slice(0, 40)).toContain(fragment);
        expect(performance.now() - t, q.slice(0, 40)).toBeLessThan(500);
      }
      // Words that are SQL or engine syntax are only words.
      for (const q of ["'; DROP TABLE search_docs; --", 'doc_fts MATCH lake', 'rowid:1', 'NOT lake AND']) {
        const res = await (async () => search(q))().catch((e: unknown) => e);
        expect(isDeclassError(res) ? res.code : 'ok', q).toMatch(/^(ok|search\.invalid_query)$/);
      }
      expect((await search('lake')).total).toBeGreaterThan(0);
    });
  });
}
