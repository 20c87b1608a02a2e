import { describe, expect, it } from 'vitest';
import { openSqliteDatabase } from '../db/database.js';
import { createSqliteFtsProvider } from './providers/sqlite-fts5.js';
import { seedFixtures, type FixtureDoc } from './search.fixtures.js';
import { createMemIndexCache } from './search.memindex.js';
import { applyMetadata, countFacets, pageByDate } from './search.memindex.query.js';
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

  it('date ranges narrowed by start year give exactly the documents whose dates meet them, spans included', async () => {
    const opened = await openSqliteDatabase(':memory:');
    const db = opened.db;
    // 400 documents over 1900–1999: single days; a tenth spanning a month across a new year; a tenth spanning three
    // years; some undated.
    const pad = (n: number) => String(n).padStart(2, '0');
    const spread: FixtureDoc[] = Array.from({ length: 400 }, (_, i) => {
      const y = 1900 + ((i * 37) % 100);
      const base = { id: `y-${i}`, title: `Note ${i}`, pages: ['Harbour dues.'] };
      if (i % 23 === 0) return base;
      if (i % 10 === 1) return { ...base, date: `${y}-12-15`, dateEnd: `${y + 1}-01-15` };
      if (i % 10 === 2) return { ...base, date: `${y}-03-01`, dateEnd: `${y + 3}-02-28` };
      return { ...base, date: `${y}-${pad(1 + (i % 12))}-${pad(1 + (i % 28))}` };
    });
    await seedFixtures(db, createSqliteFtsProvider({ db }), spread);
    const ix = await createMemIndexCache(db).get();
    const day = (iso: string) => Number(iso.replaceAll('-', ''));
    const expected = (from: string | null, to: string | null, start: boolean) =>
      spread
        .filter((d) => {
          if (!d.date) return false;
          const s0 = day(d.date);
          const e0 = day(d.dateEnd ?? d.date);
          if (start) return (!from || s0 >= day(from)) && (!to || s0 <= day(to));
          return (!from || e0 >= day(from)) && (!to || s0 <= day(to));
        })
        .map((d) => d.id)
        .sort();
    const ids = async (keys: Uint32Array | null) => {
      const rows = keys?.length
        ? await db.selectFrom('search_docs').select('document_id').where('rowid', 'in', Array.from(keys)).execute()
        : [];
      return rows.map((r) => r.document_id).sort();
    };
    // The year after one that a month's span starts in: it reaches into it.
    const cross = spread.find((d) => d.dateEnd?.endsWith('-01-15'))!;
    const next = `date:${Number(cross.date!.slice(0, 4)) + 1}`;
    for (const q of [next, 'date:1950..1952', 'date:1950-01..1950-01', 'date:1948-12-31..1949-01-01', 'after:1995', 'before:1903']) {
      const dates = parseQuery(q).dates;
      const d = dates[0]!;
      expect(await ids(applyMetadata(ix, ix.all, [], dates)), q).toEqual(expected(d.from, d.to, false));
      expect(await ids(applyMetadata(ix, ix.all, [], [{ ...d, on: 'start' }])), `${q} (start)`).toEqual(expected(d.from, d.to, true));
    }
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

  it('filters and counts exactly by either path: inverted lists or values, counted directly or by complement', async () => {
    const opened = await openSqliteDatabase(':memory:');
    const db = opened.db;
    const TYPES = ['letter', 'note', 'telegram', 'report'];
    const PEOPLE = ['Harriet Quill', 'Otto Brandvik', 'Ines Marrow'];
    const many: FixtureDoc[] = Array.from({ length: 120 }, (_, i) => ({
      id: `x-${i}`,
      title: `Note ${i}`,
      pages: ['Harbour dues.'],
      date: i % 11 === 0 ? undefined : `19${50 + (i % 9)}-0${1 + (i % 9)}-1${i % 10}`,
      facets: {
        type: [TYPES[i % 7 === 0 ? 3 : i % 3]!],
        person: PEOPLE.filter((_, k) => (i >> k) & 1),
      },
    }));
    await seedFixtures(db, createSqliteFtsProvider({ db }), many);
    const ix = await createMemIndexCache(db).get();
    const keyOf = new Map(
      (await db.selectFrom('search_docs').select(['rowid', 'document_id']).execute()).map((r) => [r.document_id, r.rowid]),
    );
    const keys = (docs: FixtureDoc[]) => Uint32Array.from(docs.map((d) => keyOf.get(d.id)!)).sort();
    const naive = (
      docs: FixtureDoc[],
      type: string | null,
      person: string | null,
      notPerson: string | null,
      years: readonly [number, number] | null,
    ) =>
      keys(
        docs.filter(
          (d) =>
            (!type || d.facets?.type?.includes(type)) &&
            (!person || d.facets?.person?.includes(person)) &&
            !(notPerson && d.facets?.person?.includes(notPerson)) &&
            (!years || (d.date !== undefined && Number(d.date.slice(0, 4)) >= years[0] && Number(d.date.slice(0, 4)) <= years[1])),
        ),
      );
    const subsets = [
      many,
      many.filter((_, i) => i % 2 === 0),
      many.filter((_, i) => i % 5 !== 0),
      many.filter((_, i) => i % 10 !== 0),
      many.filter((_, i) => i % 13 === 1),
      many.filter((_, i) => i % 40 === 7),
    ];
    for (const sub of subsets) {
      const set = sub === many ? ix.all : keys(sub);
      for (const [q, type, person, notPerson, years] of [
        ['type:report', 'report', null, null, null],
        ['person:"Ines Marrow"', null, 'Ines Marrow', null, null],
        ['type:note person:"Ines Marrow"', 'note', 'Ines Marrow', null, null],
        ['person:quill -person:brandvik date:1952..1956', null, 'Harriet Quill', 'Otto Brandvik', [1952, 1956]],
        ['type:letter date:1950..1953', 'letter', null, null, [1950, 1953]],
      ] as const) {
        const p = parseQuery(q);
        const got = applyMetadata(ix, set, p.filters, p.dates);
        expect(got && Array.from(got), q).toEqual(Array.from(naive(sub, type, person, notPerson, years)));
      }
      // Facet counts of the subset, whether counted directly (small) or as the archive minus the rest (large).
      const facets = countFacets(ix, set, 10);
      for (const t of TYPES) {
        const n = sub.filter((d) => d.facets?.type?.includes(t)).length;
        expect(facets.fields.type?.find((f) => f.value === t)?.count ?? 0, t).toBe(n);
      }
      for (const person of PEOPLE) {
        const n = sub.filter((d) => d.facets?.person?.includes(person)).length;
        expect(facets.fields.person?.find((f) => f.value === person)?.count ?? 0, person).toBe(n);
      }
      // The top 2 types: by count, ties by name.
      const ranked = TYPES.map((t) => ({ value: t, count: sub.filter((d) => d.facets?.type?.includes(t)).length }))
        .filter((t) => t.count > 0)
        .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1));
      expect(countFacets(ix, set, 2).fields.type).toEqual(ranked.slice(0, 2));
      const dated = sub.filter((d) => d.date !== undefined);
      expect(facets.years.reduce((a, y) => a + y.count, 0)).toBe(dated.length);
      expect(facets.years.find((y) => y.year === 1953)?.count ?? 0).toBe(dated.filter((d) => d.date!.startsWith('1953')).length);
    }
    await opened.close();
  });
});
