import { searchDocuments } from '../search/search.usecases.js';
import { describe, expect, it } from 'vitest';
import { createTestServices, writeFixtureDir } from '../../test/support/services.js';
import { scannedPdf, textPdf } from '../../test/support/scans.js';
import { ingestPaths } from '../ingest/ingest.usecases.js';
import { preferLayer } from './ocr.usecases.js';
import type { OcrMode } from './quality.js';

const MEMO = [
  ['MEMORANDUM FOR THE PRESIDENT', 'SUBJECT: Harbor dredging at Port Elsin', 'March 3, 1986'],
  ['The dredging contract was signed.', 'SECRET'],
];

async function ingest(files: Record<string, Uint8Array>, ocr: OcrMode | null = null) {
  const s = await createTestServices();
  const dir = writeFixtureDir(files);
  const summary = await ingestPaths(s.ingestDeps, { paths: [dir], collection: null, maxFileBytes: 1e9, ocr });
  return { s, summary };
}

describe('page pipeline (ingest → jobs → OCR)', () => {
  it('stores scanned pages first (waiting for OCR), then fills in text, words, images, search and extracted fields', async () => {
    const { s } = await ingest({ 'memo.pdf': scannedPdf(MEMO) });
    const doc = await s.db.selectFrom('documents').selectAll().executeTakeFirstOrThrow();
    expect(doc.status).toBe('waiting_ocr');
    const before = await s.db.selectFrom('pages').select(['page_no', 'status', 'text']).orderBy('page_no').execute();
    expect(before.map((p) => p.status)).toEqual(['waiting_ocr', 'waiting_ocr']);
    expect((await s.jobs.counts()).queued).toBe(2);
    // An editor's value must survive re-extraction.
    await s.db
      .insertInto('document_fields')
      .values({
        document_id: doc.id,
        name: 'subject',
        value: '"Edited"',
        provenance: 'editor',
        page_no: null,
        span_start: null,
        span_end: null,
        updated_at: 'x',
        updated_by: 'ed',
      })
      .execute();

    await s.createRunner({ concurrency: 2 }).runUntilIdle();

    expect((await s.jobs.counts()).done).toBe(2);
    const pages = await s.db.selectFrom('pages').selectAll().orderBy('page_no').execute();
    expect(pages.map((p) => [p.status, p.text_source])).toEqual([
      ['ready', 'ocr'],
      ['ready', 'ocr'],
    ]);
    expect(pages[0]!.text).toContain('Harbor dredging at Port Elsin');
    const images = await s.db.selectFrom('page_images').selectAll().execute();
    expect(images.map((i) => i.method)).toEqual(['stored', 'stored']);
    expect(await s.blobs.has(images[0]!.thumb_key)).toBe(true);
    const ocr = await s.db.selectFrom('page_ocr').selectAll().where('page_id', '=', pages[0]!.id).executeTakeFirstOrThrow();
    expect([ocr.width, ocr.height]).toEqual([images[0]!.width, images[0]!.height]);
    const words = JSON.parse(ocr.words) as [string, number, number, number, number, number, number][];
    expect(words.map((w) => w[0])).toContain('Elsin');
    expect((await searchDocuments(s, { query: 'dredging', limit: 10 })).total).toBe(1);
    expect((await s.db.selectFrom('documents').select('status').executeTakeFirstOrThrow()).status).toBe('ready');
    const fields = await s.db.selectFrom('document_fields').selectAll().where('document_id', '=', doc.id).execute();
    expect(fields.find((f) => f.name === 'date' && f.provenance === 'extracted')?.value).toContain('1986-03-03');
    expect(fields.find((f) => f.provenance === 'editor')?.value).toBe('"Edited"');
    await s.close();
  });

  it('--ocr force replaces a good text layer and keeps it in layer_text; --ocr never only makes page images', async () => {
    const forced = await ingest(
      { 'typed.pdf': textPdf([['A typed page with a fine text layer.', 'It reads well enough for anyone.']]) },
      'force',
    );
    await forced.s.createRunner().runUntilIdle();
    const p = await forced.s.db.selectFrom('pages').selectAll().executeTakeFirstOrThrow();
    expect(p.text_source).toBe('ocr');
    expect(p.layer_text).toContain('A typed page with a fine text layer.');
    expect(p.text).toContain('fine text layer');
    await forced.s.close();

    const never = await ingest({ 'scan.pdf': scannedPdf([MEMO[0]!]) }, 'never');
    await never.s.createRunner().runUntilIdle();
    const q = await never.s.db.selectFrom('pages').selectAll().executeTakeFirstOrThrow();
    expect([q.status, q.text_source, q.text]).toEqual(['ready', 'none', '']);
    expect(await never.s.db.selectFrom('page_images').select('page_id').execute()).toHaveLength(1);
    expect(await never.s.db.selectFrom('page_ocr').select('page_id').execute()).toHaveLength(0);
    await never.s.close();
  });

  it("keeps a good text layer under auto, and remembers a collection's OCR mode", async () => {
    const s = await createTestServices();
    const dir = writeFixtureDir({
      'typed.pdf': textPdf([['The Secretary of State met the Foreign Minister on Tuesday.', 'They discussed the harbor.']]),
    });
    const coll = { slug: 'rel', title: 'Rel', kind: 'release' };
    await ingestPaths(s.ingestDeps, { paths: [dir], collection: coll, maxFileBytes: 1e9, ocr: 'never' });
    expect((await s.db.selectFrom('collections').select('ocr_mode').executeTakeFirstOrThrow()).ocr_mode).toBe('never');
    const p = await s.db.selectFrom('pages').selectAll().executeTakeFirstOrThrow();
    expect([p.status, p.text_source]).toEqual(['ready', 'layer']);
    expect(p.layer_quality).toBeGreaterThan(0.8);
    await s.close();
  });
});

describe('layer or OCR, per page', () => {
  const good = 'The President met the Secretary of State on March 3 and agreed to the dredging contract for the harbor.';
  const garbled = 'Tb~ Pr~sid~nt m•t th• S•cr•t•ry o! St•t• on M•rch 3 •nd •9r••d t~ th• dr•d9in9 c0ntr•ct f•r th• h•rb•r.';
  it('keeps the OCR text unless the layer reads clearly better by the quality score', () => {
    expect(preferLayer(garbled, null, good)).toBe(false);
    expect(preferLayer(good, null, good)).toBe(false); // a tie goes to OCR: its words have boxes
    expect(preferLayer(good, null, garbled)).toBe(true);
    expect(preferLayer(null, null, good)).toBe(false);
    expect(preferLayer(good, null, '')).toBe(true); // OCR read next to nothing; the layer is good
  });
});
