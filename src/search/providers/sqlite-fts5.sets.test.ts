import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteDatabase, type OpenedDatabase } from '../../db/database.js';
import { parseQuery } from '../query.js';
import { seedFixtures, toSearchDocuments, type FixtureDoc } from '../search.fixtures.js';
import type { SearchProvider, SearchRequest } from '../search.types.js';
import { createSqliteFtsProvider } from './sqlite-fts5.js';
import { createMatchSets } from './sqlite-fts5.sets.js';

/** 30 fictional dispatches: "harbour" in every one, "pilot" in every third, "lighthouse" in the first. */
const DOCS: FixtureDoc[] = Array.from({ length: 30 }, (_, i) => ({
  id: `h-${String(i).padStart(2, '0')}`,
  title: `Harbour report ${i}`,
  pages: [`The harbour master writes${i % 3 === 0 ? ' about the pilot boats' : ''}${i === 0 ? ' and the lighthouse' : ''}.`],
  date: `1971-03-${String(1 + (i % 28)).padStart(2, '0')}`,
  facets: { type: [i % 2 === 0 ? 'telegram' : 'memorandum'] },
}));

const req = (q: string): SearchRequest => ({ query: parseQuery(q), limit: 5, offset: 0, cursor: null, sort: 'relevance', facetLimit: 10 });

let opened: OpenedDatabase[] = [];
afterEach(async () => {
  for (const o of opened) await o.close();
  opened = [];
});

async function archive(
  matchSets?: { budgetBytes: number; minSize: number },
  tier = 2000,
): Promise<{ o: OpenedDatabase; provider: SearchProvider }> {
  const o = await openSqliteDatabase(':memory:');
  opened.push(o);
  const provider = createSqliteFtsProvider({ db: o.db, rank: { tier, titleFirst: true }, ...(matchSets ? { matchSets } : {}) });
  await seedFixtures(o.db, provider, DOCS);
  return { o, provider };
}

describe('sqlite-fts5: match sets kept between searches', () => {
  it('answers exactly as without them, first time and again', async () => {
    const kept = await archive({ budgetBytes: 1 << 20, minSize: 1 });
    const none = await archive({ budgetBytes: 0, minSize: 1 });
    for (const q of [
      'harbour',
      'pilot',
      '"harbour master" -lighthouse',
      'harbour type:telegram',
      'type:telegram -pilot',
      'master sort:-date',
    ]) {
      const want = await none.provider.search(req(q));
      expect(await kept.provider.search(req(q)), q).toEqual(want);
      expect(await kept.provider.search(req(q)), q).toEqual(want);
    }
  });

  it('pages through tiers alike with the scores of earlier pages remembered, by offset and by cursor', async () => {
    const kept = await archive({ budgetBytes: 1 << 20, minSize: 1 }, 4);
    const none = await archive({ budgetBytes: 0, minSize: 1 }, 4);
    for (const q of ['harbour', 'master pilot', 'harbour type:telegram', '"harbour master" -lighthouse']) {
      for (let round = 0; round < 2; round++) {
        for (let offset = 0; offset < 30; offset += 5) {
          const r = { ...req(q), offset };
          expect(await kept.provider.search(r), `${q} @${offset}`).toEqual(await none.provider.search(r));
        }
        let a: string | null = null;
        let b: string | null = null;
        do {
          const pa = await kept.provider.search({ ...req(q), cursor: a });
          const pb = await none.provider.search({ ...req(q), cursor: b });
          expect(pa.hits, q).toEqual(pb.hits);
          a = pa.next;
          b = pb.next;
        } while (a && b);
        expect(a).toBe(b);
      }
    }
  });

  it('sees every index write: new, re-indexed and removed documents', async () => {
    const { o, provider } = await archive({ budgetBytes: 1 << 20, minSize: 1 });
    expect((await provider.search(req('pilot'))).total).toBe(10);
    // Re-indexed under the same key with new text: no longer about pilots.
    const changed = { ...DOCS[3]!, pages: ['The harbour master writes about tides.'] };
    await o.db.transaction().execute((trx) => provider.indexDocuments(trx, toSearchDocuments([changed])));
    expect((await provider.search(req('pilot'))).total).toBe(9);
    expect((await provider.search(req('tides'))).hits.map((h) => h.documentId)).toEqual(['h-03']);
    await seedFixtures(o.db, provider, [{ ...DOCS[0]!, id: 'h-new', pages: ['A pilot boat sank.'] }]);
    expect((await provider.search(req('pilot'))).total).toBe(10);
    await o.db.transaction().execute((trx) => provider.removeDocuments(trx, ['h-00', 'h-new']));
    const after = await provider.search(req('pilot'));
    expect(after.total).toBe(8);
    expect(after.hits.map((h) => h.documentId)).not.toContain('h-00');
  });

  it('keeps only sets of at least minSize keys, within its byte budget, least recently used out first', async () => {
    const { o } = await archive();
    const sets = createMatchSets(o.db, { budgetBytes: 30 * 4 + 10 * 4, minSize: 5 });
    expect((await sets.get('"lighthouse"', 'doc_fts', 1)).length).toBe(1);
    expect(sets.bytes).toBe(0); // below minSize
    await sets.get('"pilot"', 'doc_fts', 1); // 10 keys
    await sets.get('"harbour"', 'doc_fts', 1); // 30 keys
    expect(sets.bytes).toBe(160);
    await sets.get('"pilot"', 'doc_fts', 1); // now the most recent
    await sets.get('"boats"', 'doc_fts', 1); // 10 more: "harbour" goes
    expect(sets.bytes).toBe(80);
    // A newer generation reads afresh.
    expect(Array.from(await sets.get('"pilot"', 'doc_fts', 2))).toEqual(Array.from(await sets.get('"pilot"', 'doc_fts', 1)));
  });
});
