import fs from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Services } from '../app/services.js';
import { ingestPaths } from '../ingest/ingest.usecases.js';
import { corpusDir, createTestServices, hasCorpus, NO_CORPUS, repoRoot } from '../../test/support/services.js';
import { exportRecords } from './documents.usecases.js';
import type { DocumentRecord } from './documents.presenter.js';

const schema = JSON.parse(fs.readFileSync(path.join(repoRoot, 'docs', 'export.schema.json'), 'utf8')) as object;
const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);

function expectValid(record: unknown) {
  const ok = validate(JSON.parse(JSON.stringify(record)));
  if (!ok) throw new Error(`export line invalid: ${JSON.stringify(validate.errors)}\n${JSON.stringify(record).slice(0, 500)}`);
}

describe('export schema', () => {
  it('rejects lines that break it (the check can fail)', () => {
    expect(validate({ id: 'x' })).toBe(false);
  });

  it('validates every exported line of the examples, with text', async () => {
    const s = await createTestServices();
    try {
      await ingestPaths(s.ingestDeps, { paths: [path.join(repoRoot, 'examples', 'records')], collection: null, maxFileBytes: 1e9 });
      let n = 0;
      for await (const r of exportRecords(s.documents, true)) {
        expectValid(r);
        expect(typeof r.text).toBe('string');
        n++;
      }
      expect(n).toBeGreaterThan(0);
    } finally {
      await s.close();
    }
  });
});

describe.skipIf(!hasCorpus)(`FRUS TEI corpus (${hasCorpus ? corpusDir : NO_CORPUS})`, () => {
  let s: Services;
  let records: DocumentRecord[];
  let secondRun: Awaited<ReturnType<typeof ingestPaths>>;

  beforeAll(async () => {
    s = await createTestServices();
    const dir = path.join(corpusDir, 'frus-tei');
    await ingestPaths(s.ingestDeps, { paths: [dir], collection: null, maxFileBytes: 1e9 });
    secondRun = await ingestPaths(s.ingestDeps, { paths: [dir], collection: null, maxFileBytes: 1e9 });
    records = [];
    for await (const r of exportRecords(s.documents, false)) records.push(r);
  });
  afterAll(async () => s?.close());

  it('gives 887 documents (478 + 409), in volume order', () => {
    expect(records).toHaveLength(887);
    const byVolume = new Map<string, DocumentRecord[]>();
    for (const r of records) byVolume.set(r.collection!.slug, [...(byVolume.get(r.collection!.slug) ?? []), r]);
    expect(byVolume.get('frus1918Russiav03')).toHaveLength(478);
    expect(byVolume.get('frus1919Parisv01')).toHaveLength(409);
    const russia = byVolume.get('frus1918Russiav03')!;
    expect(russia.slice(0, 3).map((r) => r.id)).toEqual(['frus1918Russiav03-d1', 'frus1918Russiav03-d2', 'frus1918Russiav03-d3']);
  });

  it('keeps dateline dates, from/to and headings', () => {
    const d1 = records.find((r) => r.id === 'frus1918Russiav03-d1')!;
    expect(d1.title).toBe('The Secretary of State to the Ambassador in Russia (Francis)');
    expect(d1.date).toEqual({ start: '1917-04-03', end: '1917-04-03', precision: 'day', text: 'April 3, 1917, 6 p.m.' });
    expect(d1.from).toEqual([{ name: 'Secretary of State' }]);
    expect(d1.to).toEqual([{ name: 'David R. Francis' }]);
    expect(d1.type).toBe('telegram');
    expect(d1.places).toContainEqual({ name: 'Washington' });
    expect(d1.source.notes).toContain('File No. 861.51/131');
    expect(d1.provenance.date).toBe('source');
    expect(records.filter((r) => r.date !== null && r.provenance.date === 'source').length).toBe(459 + 372);
    expect(records.filter((r) => r.from.length > 0 || r.to.length > 0).length).toBeGreaterThan(600);
  });

  it('a second run ingests nothing new', () => {
    expect(secondRun.ingested).toBe(0);
    expect(secondRun.duplicates).toBe(2);
    expect(secondRun.documents).toBe(0);
  });

  it('every export line validates against the documented schema', () => {
    for (const r of records) expectValid(r);
  });
});
