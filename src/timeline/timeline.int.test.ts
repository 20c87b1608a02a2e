import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Services } from '../app/services.js';
import { ENTITY_PAGE, loadEntityProfile } from '../entities/entity-profile.js';
import { ingestPaths } from '../ingest/ingest.usecases.js';
import { ENGINES, createEngineServices } from '../../test/support/engines.js';
import { writeFixtureDir } from '../../test/support/services.js';
import { parseQuery } from '../search/query.js';
import { archiveTimeline, bucketize, parseSpan, queryTimeline } from './timeline.js';

/**
 * A fictional TEI volume: documents on the given dates (null: no date), each naming the volume's one listed person.
 * More documents than an entity page shows, so its counts must come from every document, not from the list.
 */
function volume(dates: (string | null)[]): string {
  const docs = dates.map(
    (when, i) => `<div type="document" xml:id="d${i + 1}" n="${i + 1}">
      <head>Example record ${i + 1}</head>
      ${when ? `<dateline><placeName>Nowhere City</placeName>, <date when="${when}">${when}</date></dateline>` : ''}
      <p>The note names <persName corresp="#p_ZZ1">Zed Example</persName> once${i % 2 === 0 ? ' and the harbor' : ''}.</p>
    </div>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>
<!-- EXAMPLE FIXTURE: fictional content written for the Declass tests. -->
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="frusTimeline01">
  <teiHeader><fileDesc><titleStmt><title type="complete">Timeline Example</title></titleStmt></fileDesc></teiHeader>
  <text><front><div type="section" xml:id="persons"><list>
    <item><persName xml:id="p_ZZ1">Example, Zed</persName>, a fictional envoy.</item>
  </list></div></front>
  <body><div type="chapter">${docs.join('\n')}</div></body></text>
</TEI>`;
}

// 1962: April 2 and 20, July 1; 1975: January 1 … and enough 1980 records to pass one entity page; 3 undated.
const LATE = ENTITY_PAGE + 5;
const DATES: (string | null)[] = [
  '1962-04-20',
  '1962-04-02',
  null,
  '1975-01-01',
  '1962-07-01',
  null,
  ...Array.from({ length: LATE }, () => '1980-06-15'),
  null,
];

for (const engine of ENGINES) {
  describe.skipIf(!engine.available)(`timeline and entity counts (${engine.name})${engine.available ? '' : `: ${engine.reason}`}`, () => {
    let s: Services;
    beforeAll(async () => {
      s = await createEngineServices(engine.name);
      const dir = writeFixtureDir({ 'timeline.xml': volume(DATES) });
      const summary = await ingestPaths(s.ingestDeps, { paths: [dir], collection: null, maxFileBytes: 1e9 });
      expect(summary.documents).toBe(DATES.length);
    });
    afterAll(async () => s.close());

    it('counts the whole archive at every level, exactly', async () => {
      const page = { offset: 0, limit: 50 };
      const all = await archiveTimeline(s.db, parseSpan(''), page);
      expect(all.buckets.map((b) => [b.key, b.count])).toEqual([
        ['1960s', 3],
        ['1970s', 1],
        ['1980s', LATE],
      ]);
      expect(all.total).toBe(4 + LATE);
      expect(all.undated).toBe(3);
      expect(all.docs.slice(0, 4).map((d) => d.start)).toEqual(['1962-04-02', '1962-04-20', '1962-07-01', '1975-01-01']);

      const decade = await archiveTimeline(s.db, parseSpan('1960s'), page);
      expect(decade.buckets).toHaveLength(10);
      expect(decade.buckets.find((b) => b.key === '1962')?.count).toBe(3);
      expect(decade.total).toBe(3);

      const year = await archiveTimeline(s.db, parseSpan('1962'), page);
      expect(year.buckets.filter((b) => b.count > 0).map((b) => [b.key, b.count])).toEqual([
        ['1962-04', 2],
        ['1962-07', 1],
      ]);

      const month = await archiveTimeline(s.db, parseSpan('1962-04'), page);
      expect(month.buckets).toHaveLength(30);
      expect(month.buckets.filter((b) => b.count > 0).map((b) => b.key)).toEqual(['1962-04-02', '1962-04-20']);
      expect(month.docs.map((d) => d.start)).toEqual(['1962-04-02', '1962-04-20']);

      const day = await archiveTimeline(s.db, parseSpan('1962-04-20'), page);
      expect(day.buckets).toEqual([]);
      expect(day.total).toBe(1);
      expect(day.docs.map((d) => d.start)).toEqual(['1962-04-20']);

      // Pages follow date order; the last page ends the list.
      const second = await archiveTimeline(s.db, parseSpan(''), { offset: 1, limit: 2 });
      expect(second.docs.map((d) => d.start)).toEqual(['1962-04-20', '1962-07-01']);
      const tail = await archiveTimeline(s.db, parseSpan('1980s'), { offset: LATE - 2, limit: 50 });
      expect(tail.docs).toHaveLength(2);
    });

    it("counts a query's matches at every level from the search service, exactly, and pages them by date", async () => {
      // Brute force over the fixture: the even-numbered documents mention the harbor.
      const harbor = DATES.flatMap((d, i) => (i % 2 === 0 ? [d] : []));
      const dated = harbor.filter((d): d is string => d !== null).map((start, i) => ({ id: String(i), start }));
      for (const key of ['', '1960s', '1962', '1962-04', '1962-04-20', '1980-06']) {
        const span = parseSpan(key);
        const t = await queryTimeline(s, parseQuery('harbor'), span, 0, 500);
        const want = bucketize(dated, span);
        expect(t.buckets, key).toEqual(want);
        expect(t.undated, key).toBe(1);
        expect(harbor.length - dated.length).toBe(1);
        const inside = dated.filter((d) => d.start.startsWith(key.endsWith('0s') ? key.slice(0, 3) : key)).map((d) => d.start);
        expect(t.total, key).toBe(inside.length);
        expect(
          t.docs.map((d) => d.start),
          key,
        ).toEqual(inside.sort());
      }
      const paged = await queryTimeline(s, parseQuery('harbor'), parseSpan(''), 2, 2);
      expect(paged.docs.map((d) => d.start)).toEqual(['1980-06-15', '1980-06-15']);
      expect((await queryTimeline(s, parseQuery('harbor'), parseSpan(''), 0, 2)).docs.map((d) => d.start)).toEqual([
        '1962-04-20',
        '1962-07-01',
      ]);
      // An empty month: no documents, no error.
      const none = await queryTimeline(s, parseQuery('harbor'), parseSpan('1962-05'), 0, 50);
      expect(none.total).toBe(0);
    });

    it("counts an entity's documents over all of them, and pages the list by date", async () => {
      const entity = await s.db
        .selectFrom('entities')
        .select('id')
        .where('authority_key', '=', 'frusTimeline01#p_ZZ1')
        .executeTakeFirstOrThrow();
      const first = (await loadEntityProfile(s.db, entity.id))!;
      expect(first.total).toBe(DATES.length);
      expect(first.undated).toBe(3);
      expect(first.documents).toHaveLength(ENTITY_PAGE);
      expect(first.documents.slice(0, 3).map((d) => d.start)).toEqual(['1962-04-02', '1962-04-20', '1962-07-01']);
      expect(first.years.find((y) => y.key === '1980')?.count).toBe(LATE);
      expect(first.years.find((y) => y.key === '1962')?.count).toBe(3);
      expect(first.years.find((y) => y.key === '1970')?.count).toBe(0); // gaps kept
      const rest = (await loadEntityProfile(s.db, entity.id, ENTITY_PAGE))!;
      expect(rest.documents).toHaveLength(DATES.length - ENTITY_PAGE);
      // Undated documents come last.
      expect(rest.documents.slice(-3).map((d) => d.start)).toEqual([null, null, null]);
      expect(new Set([...first.documents, ...rest.documents].map((d) => d.id)).size).toBe(DATES.length);
    });
  });
}
