import { describe, expect, it } from 'vitest';
import { createTestServices, writeFixtureDir } from '../../test/support/services.js';
import { scannedPdf, scanPng } from '../../test/support/scans.js';
import { ingestPaths } from '../ingest/ingest.usecases.js';
import { createJobRunner } from '../jobs/jobs.runner.js';
import { createOcrEngine } from './engine.js';
import { createNativeTesseract, nativeTesseractAvailable } from './native.js';
import { createTesseractJs } from './tesseractjs.js';
import { ocrErrors } from './ocr.errors.js';
import type { OcrEngine } from './ocr.types.js';
import { createPageProcessJob } from './ocr.usecases.js';
import { createPageSource } from './page-source.js';

const haveTesseract = nativeTesseractAvailable();
const PAGES = [['MEMORANDUM', 'Page one of the memo'], ['SECRET', 'Page two of the memo'], ['Page three']];

/** Ingests a three-page scan and a second scanned document, with OCR waiting. */
async function setUp(overrides: { ocrTimeoutMs?: number } = {}) {
  const s = await createTestServices(overrides);
  const dir = writeFixtureDir({ 'memo.pdf': scannedPdf(PAGES), 'other.png': scanPng(['Another record entirely']) });
  await ingestPaths(s.ingestDeps, { paths: [dir], collection: null, maxFileBytes: 1e9, ocr: 'force' });
  return s;
}

async function pageStates(s: Awaited<ReturnType<typeof setUp>>) {
  const rows = await s.db
    .selectFrom('pages as p')
    .innerJoin('documents as d', 'd.id', 'p.document_id')
    .select(['d.title', 'd.status as docStatus', 'p.page_no', 'p.status', 'p.text_source'])
    .orderBy('d.title')
    .orderBy('p.page_no')
    .execute();
  return rows.map((r) => `${r.title} ${r.page_no}: ${r.status}/${r.text_source} (document ${r.docStatus})`);
}

describe('OCR timeout', () => {
  it.skipIf(!haveTesseract)('native tesseract is killed past its timeout with ocr.timeout', async () => {
    const engine = createNativeTesseract({ env: { ...process.env }, timeoutMs: 1 });
    const png = scanPng(['A PAGE THAT TAKES TOO LONG']);
    const t0 = performance.now();
    await expect(engine.recognize({ bytes: png, width: 1275, height: 1650, dpi: 300 })).rejects.toMatchObject({
      code: 'ocr.timeout',
      message: 'tesseract took longer than 1 ms (DECLASS_OCR_TIMEOUT_MS) and was stopped',
    });
    expect(performance.now() - t0).toBeLessThan(2000);
  });

  it('fails only the page that times out, at once (a timeout recurs), naming document and page; the rest completes', async () => {
    const s = await setUp();
    const memo = await s.db.selectFrom('documents').select('id').where('title', '=', 'memo').executeTakeFirstOrThrow();
    // Page two of memo.pdf times out; every other page is recognised.
    const fake: OcrEngine = {
      name: 'fake',
      concurrency: 1,
      recognize: (image) =>
        Promise.resolve({ text: 'recognised', words: [], meanConfidence: 90, width: image.width, height: image.height }),
      close: () => Promise.resolve(),
    };
    const slowOn = { documentId: memo.id, pageNo: 2 };
    const job = createPageProcessJob({
      db: s.db,
      blobs: s.blobs,
      search: s.search,
      clock: s.clock,
      pages: createPageSource({ blobs: s.blobs }),
      engine: () => Promise.resolve(fake),
    });
    const handler = (...args: Parameters<typeof job.handler>) => job.handler(...args);
    const definition = {
      ...job,
      handler: async (payload: { documentId: string; pageNo: number }, ctx: Parameters<typeof job.handler>[1]) => {
        if (payload.documentId === slowOn.documentId && payload.pageNo === slowOn.pageNo) {
          // The engine is swapped for this page only: one that times out the way the native engine does.
          const slowJob = createPageProcessJob({
            db: s.db,
            blobs: s.blobs,
            search: s.search,
            clock: s.clock,
            pages: createPageSource({ blobs: s.blobs }),
            engine: () =>
              Promise.resolve({
                ...fake,
                recognize: () =>
                  Promise.reject(ocrErrors.timeout('tesseract took longer than 5 ms (DECLASS_OCR_TIMEOUT_MS) and was stopped')),
              }),
          });
          return slowJob.handler(payload, ctx);
        }
        return handler(payload, ctx);
      },
    };
    await createJobRunner({ repo: s.jobs, definitions: [definition], concurrency: 2, retry: { delayMs: () => 0 } }).runUntilIdle();

    expect(await pageStates(s)).toEqual([
      'memo 1: ready/ocr (document ready)',
      'memo 2: failed/none (document ready)',
      'memo 3: ready/ocr (document ready)',
      'other 1: ready/ocr (document ready)',
    ]);
    const failed = await s.db.selectFrom('jobs').selectAll().where('status', '=', 'failed').execute();
    expect(failed).toHaveLength(1);
    expect(failed[0]!.attempts).toBe(1);
    expect(failed[0]!.last_error).toBe(
      `ocr.timeout: memo (${memo.id}) page 2: tesseract took longer than 5 ms (DECLASS_OCR_TIMEOUT_MS) and was stopped`,
    );
    await s.close();
  });

  it('tesseract.js is stopped past its timeout with ocr.timeout; its worker is replaced, pages waiting for it go on', async () => {
    const engine = createTesseractJs({ concurrency: 1, timeoutMs: 1 });
    try {
      const png = scanPng(['A PAGE THAT TAKES TOO LONG']);
      const page = { bytes: png, width: 1275, height: 1650, dpi: 300 };
      const t0 = performance.now();
      const outcomes = await Promise.allSettled([engine.recognize(page), engine.recognize(page)]);
      for (const o of outcomes) {
        expect(o).toMatchObject({
          status: 'rejected',
          reason: { code: 'ocr.timeout', message: 'tesseract.js took longer than 1 ms (DECLASS_OCR_TIMEOUT_MS) and was stopped' },
        });
      }
      expect(performance.now() - t0).toBeLessThan(20_000); // two worker starts, no page run to its end
    } finally {
      await engine.close();
    }
  }, 30_000);

  it('DECLASS_OCR_TIMEOUT_MS reaches tesseract.js through the engine factory', async () => {
    const engine = createOcrEngine({ choice: 'tesseract.js', concurrency: 1, tesseractBinary: 'tesseract', timeoutMs: 1, env: {} });
    try {
      await expect(engine.recognize({ bytes: scanPng(['X']), width: 1275, height: 1650, dpi: 300 })).rejects.toMatchObject({
        code: 'ocr.timeout',
      });
    } finally {
      await engine.close();
    }
  }, 30_000);

  it.skipIf(!haveTesseract)('DECLASS_OCR_TIMEOUT_MS reaches the native engine: every page fails with its cause recorded', async () => {
    const s = await setUp({ ocrTimeoutMs: 1 });
    if (s.config.ocrEngine !== 'auto') throw new Error('expected the auto engine');
    await createJobRunner({ repo: s.jobs, definitions: s.jobDefinitions, concurrency: 2, retry: { delayMs: () => 0 } }).runUntilIdle();
    const jobs = await s.db.selectFrom('jobs').select(['status', 'attempts', 'last_error']).execute();
    expect(jobs).toHaveLength(4);
    for (const j of jobs) {
      expect(j.status).toBe('failed');
      expect(j.last_error).toMatch(/^ocr\.timeout: (memo|other) \(\w+\) page \d: tesseract took longer than 1 ms/);
    }
    expect(await s.db.selectFrom('page_images').select('page_id').execute()).toHaveLength(0);
    await s.close();
  });
});
