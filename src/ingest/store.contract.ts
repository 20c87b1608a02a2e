import fs from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Services } from '../app/services.js';
import { exportRecords } from '../documents/documents.usecases.js';
import { reextractAll } from '../documents/reextract.usecases.js';
import { searchDocuments } from '../search/search.usecases.js';
import { createEngineServices, type EngineName } from '../../test/support/engines.js';
import { repoRoot, writeFixtureDir } from '../../test/support/services.js';
import { ingestPaths } from './ingest.usecases.js';

const TEI = fs.readFileSync(path.join(repoRoot, 'test', 'fixtures', 'tei', 'example-volume.xml'));

/**
 * One suite for every store engine: ingest, de-duplication, bad input leaving
 * the archive unchanged, export against the schema, search, re-extraction.
 */
export function storeContract(engine: EngineName): void {
  describe(`store contract: ${engine}`, () => {
    let s: Services;
    const schema = JSON.parse(fs.readFileSync(path.join(repoRoot, 'docs', 'export.schema.json'), 'utf8')) as object;
    const validate = new Ajv2020({ strict: true }).compile(schema);
    const all = async () => {
      const out = [];
      for await (const r of exportRecords(s.documents, true)) out.push(r);
      return out;
    };

    beforeAll(async () => {
      s = await createEngineServices(engine);
    });
    afterAll(async () => s?.close());

    it('ingests text, Markdown, HTML and TEI into documents with pages, fields and mentions', async () => {
      const dir = writeFixtureDir({
        'volume.xml': TEI,
        'memo.txt': 'SECRET\n\nMEMORANDUM FOR THE FILE\n\nSUBJECT: Example harbor survey\n\nMarch 14, 1962\n\nAn example record.',
        'note.md': '# Example note\n\nThe harbor note, fictional.',
        'page.html': '<html><head><title>Example page</title></head><body><p>Harbor page text.</p></body></html>',
      });
      const summary = await ingestPaths(s.ingestDeps, {
        paths: [dir],
        collection: { slug: 'contract', title: 'Contract release', kind: 'release' },
        maxFileBytes: 1e9,
      });
      expect(summary.failed).toBe(0);
      expect(summary.ingested).toBe(4);
      const records = await all();
      expect(records.length).toBe(summary.documents);
      for (const r of records) expect(validate(JSON.parse(JSON.stringify(r)))).toBe(true);
      const memo = records.find((r) => r.source.path.endsWith('memo.txt'))!;
      expect(memo.classification.level).toBe('SECRET');
      expect(memo.date?.start).toBe('1962-03-14');
      expect(memo.collection?.slug).toBe('contract');
      const tei = records.filter((r) => r.source.format === 'tei');
      expect(tei.length).toBeGreaterThan(0);
      expect(tei.every((r) => r.collection !== null && r.collection.slug !== 'contract')).toBe(true);
      expect(tei.some((r) => r.people.length > 0)).toBe(true);
    });

    it('re-ingesting changes nothing; a bad batch leaves stored records as they were', async () => {
      const before = JSON.stringify(await all());
      const dir = writeFixtureDir({ 'empty.txt': '', 'bad.xml': '<?xml version="1.0"?><TEI><oops>', 'ok.txt': 'A later example record.' });
      const summary = await ingestPaths(s.ingestDeps, { paths: [dir], collection: null, maxFileBytes: 1e9 });
      expect(summary.failed).toBe(2);
      expect(summary.ingested).toBe(1);
      const after = await all();
      const previous = JSON.parse(before) as { id: string }[];
      expect(after.filter((r) => previous.some((p) => p.id === r.id)).map((r) => JSON.stringify(r))).toEqual(
        previous.map((p) => JSON.stringify(p)),
      );
    });

    it('searches with snippets and pages, and rejects malformed queries with a coded error', async () => {
      const out = await searchDocuments(s, { query: 'harbor', limit: 10, offset: 0 });
      expect(out.total).toBeGreaterThanOrEqual(3);
      expect(out.results[0]!.snippet.toLowerCase()).toContain('<mark>harbor</mark>');
      expect(out.results[0]!.page).toBe(1);
      const none = await searchDocuments(s, { query: 'harbor -harbor', limit: 10, offset: 0 });
      expect(none.total).toBe(0);
      await expect(searchDocuments(s, { query: '"open', limit: 10, offset: 0 })).rejects.toMatchObject({ code: 'search.invalid_query' });
    });

    it('re-extracts without losing anything', async () => {
      const before = JSON.stringify(await all());
      await reextractAll(s);
      expect(JSON.stringify(await all())).toBe(before);
    });
  });
}
