import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { parseQuery } from '../search/query.js';
import { exportRecords } from '../documents/documents.usecases.js';
import { corpusDir, createTestServices, hasCorpus, NO_CORPUS, repoRoot, writeFixtureDir } from '../../test/support/services.js';
import { ingestPaths, type IngestOptions } from './ingest.usecases.js';
import type { Services } from '../app/services.js';
import { createIngestRepository } from './ingest.repository.js';
import { reindexDocuments } from '../search/search.indexer.js';
import type { SearchDocument, SearchProvider } from '../search/search.types.js';
import { sha256Hex } from '../blobs/blobs.js';
import { ingestErrors } from './ingest.errors.js';
import { createParser, createStreamedFile, packDocument, type ParseFn } from './parse.js';

const opened: Services[] = [];
async function archive(overrides: { maxFileBytes?: number; linkEntities?: boolean } = {}) {
  const s = await createTestServices(overrides);
  opened.push(s);
  return s;
}
afterEach(async () => {
  while (opened.length) await opened.pop()!.close();
});

const opts = (s: Services, paths: string[], extra: Partial<IngestOptions> = {}): IngestOptions => ({
  paths,
  collection: null,
  maxFileBytes: s.config.maxFileBytes,
  ...extra,
});

async function snapshot(s: Services) {
  const out = [];
  for await (const r of exportRecords(s.documents, true)) out.push(r);
  const outcomes = await s.db
    .selectFrom('ingest_outcomes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return { records: JSON.stringify(out), outcomes: Number(outcomes.n) };
}

describe('ingest', () => {
  it('ingests the example folder and de-duplicates a second run', async () => {
    const s = await archive();
    const first = await ingestPaths(s.ingestDeps, opts(s, [path.join(repoRoot, 'examples', 'records')]));
    expect(first.failed).toBe(0);
    expect(first.ingested).toBe(first.files);
    expect(first.documents).toBeGreaterThanOrEqual(3);
    const before = await snapshot(s);
    const second = await ingestPaths(s.ingestDeps, opts(s, [path.join(repoRoot, 'examples', 'records')]));
    expect(second.ingested).toBe(0);
    expect(second.duplicates).toBe(first.files);
    expect(second.outcomes.every((o) => o.outcome === 'duplicate' && o.message?.includes('already in the archive'))).toBe(true);
    const after = await snapshot(s);
    expect(after.records).toBe(before.records);
    // Every file's outcome is recorded, the duplicates too.
    expect(after.outcomes).toBe(before.outcomes + first.files);
  });

  it('creates the same entities, in the same order, however far ahead of storage the parse ran', async () => {
    // A volume whose documents each name someone the file does not declare (a name-only entity per document), and
    // authority records first found in documents 5 and 150, sent with their documents.
    const docs = Array.from(
      { length: 220 },
      (_, i) =>
        `<div type="document" xml:id="d${i + 1}"><head>Memorandum ${i + 1} (fictional, for this test)</head><p>From <persName>Example Envoy ${i + 1}</persName>.</p></div>`,
    ).join('');
    const xml = `<TEI xml:id="frusExample02"><teiHeader/><text><body>${docs}</body></text></TEI>`;
    const whole = await createParser(null).parse({ bytes: Buffer.from(xml), path: 'v.xml', name: 'v.xml' });
    const record = (k: number) => ({
      kind: 'person' as const,
      name: `Example Minister ${k}`,
      authorityKey: `example:${k}`,
      variants: [],
      description: null,
    });
    const packed = (await whole.documents(0, 220)).map(packDocument);
    const entitiesOf = async (early: boolean) => {
      const s = await archive();
      const parse: ParseFn = () => {
        const streamed = createStreamedFile({ ...whole.file, entities: [] }, 'v.xml');
        const send = (from: number, to: number) =>
          streamed.push(
            packed.slice(from, to),
            [record(5), record(150)].filter((_, j) => [5, 150][j]! > from && [5, 150][j]! <= to),
            [5, 150].filter((m) => m > from && m <= to),
          );
        if (early) {
          // The whole file parsed before storage starts: every record has arrived by the first slice.
          send(0, 220);
          streamed.end();
        } else {
          // Just in time: each batch of 50 arrives a moment after the last.
          let at = 0;
          const next = () => {
            send(at, Math.min(at + 50, 220));
            at += 50;
            if (at < 220) setTimeout(next, 5);
            else streamed.end();
          };
          next();
        }
        return Promise.resolve(streamed);
      };
      const dir = writeFixtureDir({ 'v.xml': xml });
      const summary = await ingestPaths({ ...s.ingestDeps, parse }, opts(s, [dir]));
      expect(summary.documents).toBe(220);
      return s.db.selectFrom('entities').select(['id', 'name']).orderBy('id').execute();
    };
    const early = await entitiesOf(true);
    expect(early.length).toBe(222);
    expect(await entitiesOf(false)).toEqual(early);
    // The record first found in document 150 comes after the names of the first slice (documents 1-100).
    const at = (name: string) => early.findIndex((e) => e.name === name);
    expect(at('Example Minister 150')).toBeGreaterThan(at('Example Envoy 100'));
    expect(at('Example Minister 5')).toBeLessThan(at('Example Envoy 1'));
  });

  it('writes a file of several slices as one full-text segment per table, all of it searchable', async () => {
    const s = await archive();
    const docs = Array.from(
      { length: 250 },
      (_, i) =>
        `<div type="document" xml:id="d${i + 1}"><head>Memorandum ${i + 1} on harbor dredging (fictional)</head><p>Text ${i + 1}.</p></div>`,
    ).join('');
    const xml = `<TEI xml:id="frusExample03"><teiHeader/><text><body>${docs}</body></text></TEI>`;
    const summary = await ingestPaths(s.ingestDeps, opts(s, [writeFixtureDir({ 'v.xml': xml })]));
    expect(summary.documents).toBe(250);
    // Written slice by slice, FTS5 had cut a segment per slice of 100 (see STAGE in sqlite-fts5.ts).
    for (const table of ['doc_fts', 'doc_title_fts']) {
      const n = await sql.raw<{ n: number }>(`SELECT count(DISTINCT segid) AS n FROM ${table}_idx`).execute(s.db);
      expect(n.rows[0]?.n, table).toBe(1);
    }
    const found = await s.search.search({
      query: parseQuery('dredging'),
      limit: 1,
      offset: 0,
      cursor: null,
      sort: 'relevance',
      facetLimit: 0,
    });
    expect(found.total).toBe(250);
    // Nothing is left waiting in the connection's staging table.
    expect((await sql.raw<{ n: number }>('SELECT count(*) AS n FROM temp.fts_staged').execute(s.db)).rows[0]?.n).toBe(0);
  });

  it('sends files to the parser in their order, however their reads finish', async () => {
    const s = await archive();
    const dir = writeFixtureDir({
      'a-first.txt': 'The first memo, written for a test.',
      'b-second.txt': 'The second memo, written for a test.',
    });
    const first = sha256Hex(fs.readFileSync(path.join(dir, 'a-first.txt')));
    const order: string[] = [];
    const deps = {
      ...s.ingestDeps,
      // The first file's duplicate check is slow: the second is read, hashed and checked before it.
      repo: {
        ...s.ingestDeps.repo,
        isKnown: async (sha: string) => {
          if (sha === first && order.length === 0) await new Promise((r) => setTimeout(r, 50));
          return s.ingestDeps.repo.isKnown(sha);
        },
      },
      parse: ((input) => {
        order.push(input.name);
        return s.ingestDeps.parse(input);
      }) satisfies ParseFn,
    };
    const summary = await ingestPaths(deps, opts(s, [dir]));
    expect(summary.ingested).toBe(2);
    expect(order).toEqual(['a-first.txt', 'b-second.txt']);
  });

  it('keeps the original in the content-addressed blob store', async () => {
    const s = await archive();
    const dir = writeFixtureDir({ 'memo.txt': 'MEMORANDUM FOR THE FILE\n\nAn example record.' });
    const summary = await ingestPaths(s.ingestDeps, opts(s, [dir]));
    const sha = summary.outcomes[0]!.sha256!;
    expect((await s.blobs.get(sha)).toString()).toBe('MEMORANDUM FOR THE FILE\n\nAn example record.');
    expect(s.blobs.pathOf(sha)).toContain(path.join('blobs', sha.slice(0, 2), sha.slice(2, 4), sha));
  });

  it('puts documents in the collection named on the command line, with release metadata', async () => {
    const s = await archive();
    const dir = writeFixtureDir({ 'a.txt': 'first example record', 'b.txt': 'second example record' });
    await ingestPaths(
      s.ingestDeps,
      opts(s, [dir], {
        collection: {
          slug: 'example-release',
          title: 'Example release',
          kind: 'release',
          agency: 'Department of Examples',
          caseNumber: 'EX-2024-0001',
          releaseDate: '2024-08-16',
        },
      }),
    );
    const c = await s.collections.getBySlug('example-release');
    expect(c).toMatchObject({
      title: 'Example release',
      agency: 'Department of Examples',
      case_number: 'EX-2024-0001',
      release_date: '2024-08-16',
    });
    const docs = await s.documents.listByCollection(c!.id, 10, 0);
    expect(docs.map((d) => d.seq)).toEqual([1, 2]);
  });
});

describe('ingest: bad input', () => {
  async function ingestBad(files: Record<string, string | Uint8Array>, extra: { maxFileBytes?: number } = {}) {
    const s = await archive(extra);
    // Something already stored, which a bad batch must not change.
    await ingestPaths(s.ingestDeps, opts(s, [writeFixtureDir({ 'kept.txt': 'A record already in the archive.' })]));
    const before = await snapshot(s);
    const dir = writeFixtureDir({ ...files, 'zz-good.txt': 'A good record after the bad one.' });
    const summary = await ingestPaths(s.ingestDeps, opts(s, [dir]));
    const after = await snapshot(s);
    const bad = summary.outcomes.filter((o) => o.outcome === 'failed');
    // The batch goes on: the good file after the bad one is ingested.
    expect(summary.outcomes.find((o) => o.path.endsWith('zz-good.txt'))?.outcome).toBe('ingested');
    // Nothing stored before changed: the only new record is the good file's.
    const beforeRecords = JSON.parse(before.records) as { id: string }[];
    const afterRecords = JSON.parse(after.records) as { id: string }[];
    expect(afterRecords.filter((r) => beforeRecords.some((b) => b.id === r.id))).toEqual(beforeRecords);
    expect(afterRecords.length).toBe(beforeRecords.length + 1);
    const rows = await s.db.selectFrom('ingest_outcomes').selectAll().where('outcome', '=', 'failed').execute();
    return { bad, rows, dir };
  }

  it('a volume whose parse fails after its first documents were stored: nothing of it stays, not even the original', async () => {
    const s = await archive();
    const docs = Array.from(
      { length: 150 },
      (_, i) =>
        `<div type="document" xml:id="d${i + 1}"><head>Memorandum ${i + 1} (fictional, for this test)</head><p>Text ${i + 1}.</p></div>`,
    ).join('');
    const xml = `<TEI xml:id="frusBroken01"><teiHeader/><text><body>${docs}</body></text></TEI>`;
    const whole = await createParser(null).parse({ bytes: Buffer.from(xml), path: 'v.xml', name: 'v.xml' });
    // As a parse worker streams a volume broken near its end: the head and 120 documents, then the error.
    const parse: ParseFn = async () => {
      const streamed = createStreamedFile({ ...whole.file, entities: [] }, 'v.xml');
      streamed.push((await whole.documents(0, 120)).map(packDocument), [], []);
      setTimeout(() => streamed.fail(ingestErrors.malformedXml('broken.xml: not well-formed XML at line 9, column 1')), 20);
      return streamed;
    };
    const dir = writeFixtureDir({ 'broken.xml': xml });
    const summary = await ingestPaths({ ...s.ingestDeps, parse }, opts(s, [dir]));
    expect(summary.outcomes.map((o) => [o.outcome, o.errorCode])).toEqual([['failed', 'ingest.malformed_xml']]);
    expect((await snapshot(s)).records).toBe('[]');
    expect(await s.blobs.has(sha256Hex(Buffer.from(xml)))).toBe(false);
  });

  it('an empty file', async () => {
    const { bad, rows } = await ingestBad({ 'empty.txt': '' });
    expect(bad).toHaveLength(1);
    expect(bad[0]).toMatchObject({ errorCode: 'ingest.empty_file' });
    expect(bad[0]!.message).toContain('empty.txt');
    expect(rows[0]).toMatchObject({ error_code: 'ingest.empty_file' });
  });

  it('a file holding only whitespace', async () => {
    const { bad } = await ingestBad({ 'blank.txt': '  \n\n \t ' });
    expect(bad[0]).toMatchObject({ errorCode: 'ingest.empty_file' });
  });

  it('a file over the size limit', async () => {
    const s = await archive({ maxFileBytes: 100 });
    const dir = writeFixtureDir({ 'huge.txt': 'x'.repeat(101), 'small.txt': 'fine' });
    const summary = await ingestPaths(s.ingestDeps, opts(s, [dir]));
    expect(summary.outcomes[0]).toMatchObject({ outcome: 'failed', errorCode: 'ingest.file_too_large' });
    expect(summary.outcomes[0]!.message).toMatch(/huge\.txt: 101 bytes is over the limit of 100 bytes/);
    expect(summary.outcomes[1]!.outcome).toBe('ingested');
  });

  it('undecodable bytes', async () => {
    const binary = new Uint8Array(2048).map((_, i) => (i * 37) % 256);
    const { bad } = await ingestBad({ 'binary.txt': binary });
    expect(bad[0]).toMatchObject({ errorCode: 'ingest.undecodable_text' });
    expect(bad[0]!.message).toContain('binary.txt');
  });

  it('an unsupported file type', async () => {
    const { bad } = await ingestBad({ 'sheet.xlsx': 'PK\u0003\u0004 not really a spreadsheet' });
    expect(bad[0]).toMatchObject({ errorCode: 'ingest.unsupported_format' });
    expect(bad[0]!.message).toContain('sheet.xlsx');
  });

  it('paths that cannot be read', async () => {
    const s = await archive();
    const dir = writeFixtureDir({ 'good.txt': 'a readable record' });
    fs.symlinkSync(path.join(dir, 'nowhere.txt'), path.join(dir, 'broken-link.txt'));
    const summary = await ingestPaths(s.ingestDeps, opts(s, [path.join(dir, 'missing-folder'), dir]));
    const failed = summary.outcomes.filter((o) => o.outcome === 'failed');
    expect(failed.map((o) => o.errorCode)).toEqual(['ingest.unreadable', 'ingest.unreadable']);
    expect(failed[0]!.message).toContain('missing-folder');
    expect(failed[1]!.message).toContain('broken-link.txt');
    expect(summary.ingested).toBe(1);
  });
});

describe('ingest: text encodings', () => {
  it('reads UTF-8, UTF-16 with BOM and Windows-1252', async () => {
    const s = await archive();
    const text = 'Café “Ministère” — 1917';
    const utf16le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const utf16be = Buffer.from(Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]));
    const cp1252 = Buffer.from([
      0x43, 0x61, 0x66, 0xe9, 0x20, 0x93, 0x4d, 0x69, 0x6e, 0x69, 0x73, 0x74, 0xe8, 0x72, 0x65, 0x94, 0x20, 0x97, 0x20, 0x31, 0x39, 0x31,
      0x37,
    ]);
    const dir = writeFixtureDir({ 'a-utf8.txt': text, 'b-utf16le.txt': utf16le, 'c-utf16be.txt': utf16be, 'd-cp1252.txt': cp1252 });
    const summary = await ingestPaths(s.ingestDeps, opts(s, [dir]));
    expect(summary.outcomes.filter((o) => o.outcome !== 'ingested')).toEqual([]);
    const texts: string[] = [];
    for await (const r of exportRecords(s.documents, true)) texts.push(r.text ?? '');
    expect(texts).toEqual([text, text, text, text]);
  });
});

describe('ingest: a folder of 10,000 files', () => {
  it('ingests them all and reports each', async () => {
    const s = await archive();
    const files: Record<string, string> = {};
    for (let i = 0; i < 10_000; i++) files[`batch/${String(i).padStart(5, '0')}.txt`] = `Example record number ${i}.`;
    files['batch/04999-empty.txt'] = '';
    const dir = writeFixtureDir(files);
    const summary = await ingestPaths(s.ingestDeps, opts(s, [dir]));
    expect(summary.files).toBe(10_001);
    expect(summary.ingested).toBe(10_000);
    expect(summary.failed).toBe(1);
    const n = await s.db
      .selectFrom('ingest_outcomes')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(10_001);
  });
});

describe.skipIf(!hasCorpus)(
  `ingest: entity linking against the Office of the Historian authority (${hasCorpus ? corpusDir : NO_CORPUS})`,
  () => {
    it('resolves titles by office and date, and stores mentions with page and span', async () => {
      const s = await createTestServices({ linkEntities: true });
      opened.push(s);
      const memo = [
        'EXAMPLE RECORD (FICTIONAL)',
        '',
        'MEMORANDUM OF CONVERSATION',
        '',
        'DATE, TIME AND PLACE: July 19, 1995, 9:15 - 9:50 a.m., Oval Office',
        '',
        'The Secretary said that the talks in Moscow would resume. The Deputy Secretary agreed.',
      ].join('\n');
      await ingestPaths(s.ingestDeps, opts(s, [writeFixtureDir({ 'memcon.txt': memo })]));
      const records = [];
      for await (const r of exportRecords(s.documents, true)) records.push(r);
      const r = records[0]!;
      expect(r.people.map((p) => p.name)).toEqual(
        expect.arrayContaining([expect.stringContaining('Christopher'), expect.stringContaining('Talbott')]),
      );
      expect(r.places.map((p) => p.name)).toContain('Moscow');
      const m = await s.db
        .selectFrom('entity_mentions as m')
        .innerJoin('entities as e', 'e.id', 'm.entity_id')
        .select(['m.text', 'm.page_no', 'm.span_start', 'm.span_end', 'm.provenance', 'e.authority_key'])
        .where('e.name', 'like', '%Christopher%')
        .executeTakeFirstOrThrow();
      expect(m.provenance).toBe('extracted');
      expect(m.authority_key).toMatch(/^hsg-people:|^pocom:/);
      expect(r.text!.slice(m.span_start!, m.span_end!)).toBe(m.text);
    });

    it('indexes at ingest exactly what a reindex from the stored rows gives', async () => {
      const s = await createTestServices({ linkEntities: true });
      opened.push(s);
      const seen: SearchDocument[][] = [];
      // Both ways in: ingest indexes a file's slices as one batch (`beginBatch`), a reindex through `indexDocuments`.
      const spy = (into: SearchDocument[][]): SearchProvider => ({
        ...s.search,
        indexDocuments: (trx, docs) => {
          into.push([...docs]);
          return s.search.indexDocuments(trx, docs);
        },
        beginBatch: (trx) => {
          const batch = s.search.beginBatch!(trx);
          return {
            index: (docs) => {
              into.push([...docs]);
              return batch.index(docs);
            },
            finish: () => batch.finish(),
          };
        },
      });
      const deps = { ...s.ingestDeps, repo: createIngestRepository({ db: s.db, clock: s.clock, search: spy(seen), jobs: s.jobs }) };
      const volume = path.join(corpusDir, 'frus-tei', 'frus1918Russiav03.xml');
      const summary = await ingestPaths(deps, opts(s, [volume, path.join(repoRoot, 'examples', 'records')]));
      expect(summary.failed).toBe(0);
      const atIngest = seen.flat();
      expect(atIngest.length).toBe(summary.documents);
      expect(atIngest.some((d) => d.facets.some((f) => f.facet === 'person'))).toBe(true);
      const reread: SearchDocument[][] = [];
      await s.db.transaction().execute((trx) =>
        reindexDocuments(
          trx,
          spy(reread),
          atIngest.map((d) => d.id),
        ),
      );
      const byId = new Map(reread.flat().map((d) => [d.id, d]));
      for (const d of atIngest) expect(byId.get(d.id), d.id).toEqual(d);
    });
  },
);
