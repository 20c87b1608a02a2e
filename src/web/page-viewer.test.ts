/**
 * The page viewer over the real page pipeline: a scanned PDF is ingested, its
 * pages wait for OCR (text coming, no image yet), the jobs make images and OCR
 * words, and then the image routes, the word boxes and the hit boxes drawn on
 * the page image are checked against where the text was typed on the page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Services } from '../app/services.js';
import { createPageImagesRepository } from '../documents/page-images.repository.js';
import { ingestPaths } from '../ingest/ingest.usecases.js';
import { scannedPdf } from '../../test/support/scans.js';
import { createTestServices, writeFixtureDir } from '../../test/support/services.js';
import { createWebApp } from './app.js';

/** Layout of test/support/scans.ts: 306 × 396 pt pages, lines at x = 24 pt, baselines 40 + 18·i pt from the top, 12 pt Courier (7.2 pt a character). */
const PAGE = { w: 306, h: 396 };
const expectedBox = (line: number, col: number, chars: number) => ({
  x0: (24 + col * 7.2) / PAGE.w,
  x1: (24 + (col + chars) * 7.2) / PAGE.w,
  y0: (40 + line * 18 - 9) / PAGE.h,
  y1: (40 + line * 18 + 1) / PAGE.h,
});

const PAGES = [
  ['FICTIONAL SCANNED MEMO', 'The harbor pilot saw the beacon.'],
  ['The old lighthouse keeper wrote', 'about the breakwater lamp.'],
];

describe('the page viewer (scanned record, real OCR)', () => {
  let s: Services;
  let app: ReturnType<typeof createWebApp>;
  let id = '';
  let mdId = '';
  let before = { doc: '', image: 0, words: 0 };

  beforeAll(async () => {
    s = await createTestServices();
    app = createWebApp(s);
    const dir = writeFixtureDir({ 'scan.pdf': scannedPdf(PAGES), 'note.md': '# A typed note\n\nNo scan here, only the lighthouse text.' });
    await ingestPaths(s.ingestDeps, { paths: [dir], collection: null, maxFileBytes: 1e9 });
    const docs = await s.db
      .selectFrom('documents as d')
      .innerJoin('files as f', 'f.id', 'd.file_id')
      .select(['d.id', 'f.format'])
      .execute();
    id = docs.find((d) => d.format === 'pdf')!.id;
    mdId = docs.find((d) => d.format !== 'pdf')!.id;
    before = {
      doc: await (await app.request(`/documents/${id}`)).text(),
      image: (await app.request(`/documents/${id}/pages/1/image`)).status,
      words: (await app.request(`/documents/${id}/pages/1/words.json`)).status,
    };
    await s.createRunner({ concurrency: 2 }).runUntilIdle();
  }, 180_000);
  afterAll(async () => s?.close());

  it('before the jobs: no image (404) and a “text coming” note', () => {
    expect(before.image).toBe(404);
    expect(before.words).toBe(404);
    expect(before.doc).toContain('Text coming: this page is waiting for OCR.');
    expect(before.doc).not.toContain('class="page-image"');
  });

  it('lists every page image of a document in one query, in page order', async () => {
    const repo = createPageImagesRepository({ db: s.db });
    const rows = await repo.images(id);
    expect(rows.map((r) => r.page_no)).toEqual([1, 2]);
    expect(rows[0]!.width).toBeGreaterThan(500);
    expect((await repo.words(id, [2])).map((r) => r.page_no)).toEqual([2]);
    expect(await repo.words(id, [])).toEqual([]);
    expect(await repo.image(id, 3)).toBeUndefined();
    const images = await s.pageImages.forDocument(id);
    expect(images.get(1)!.url).toMatch(new RegExp(`^/documents/${id}/pages/1/image\\?v=[0-9a-f]{16}$`));
    expect(images.get(2)!.thumb.width).toBeGreaterThan(0);
  });

  it('serves page images and thumbnails from the blob store, cached for good at their versioned URL', async () => {
    const img = (await s.pageImages.forDocument(id)).get(1)!;
    const res = await app.request(img.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^image\/(jpeg|png)$/);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const etag = res.headers.get('etag')!;
    const row = (await createPageImagesRepository({ db: s.db }).image(id, 1))!;
    expect(etag).toBe(`"${row.blob_key}"`);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.equals(await s.blobs.get(row.blob_key))).toBe(true);
    expect(res.headers.get('content-length')).toBe(String(bytes.length));

    const unversioned = await app.request(`/documents/${id}/pages/1/image`);
    expect(unversioned.headers.get('cache-control')).toBe('public, max-age=0, must-revalidate');
    await unversioned.arrayBuffer();
    const revalidated = await app.request(`/documents/${id}/pages/1/image`, { headers: { 'If-None-Match': etag } });
    expect(revalidated.status).toBe(304);

    const head = await app.request(img.url, { method: 'HEAD' });
    expect([head.status, head.headers.get('content-length'), (await head.arrayBuffer()).byteLength]).toEqual([
      200,
      String(bytes.length),
      0,
    ]);

    const thumb = await app.request(img.thumb.url);
    expect([thumb.status, thumb.headers.get('content-type')]).toEqual([200, 'image/jpeg']);
    expect(
      Buffer.from(await thumb.arrayBuffer())
        .subarray(0, 2)
        .toString('hex'),
    ).toBe('ffd8');

    for (const url of [
      `/documents/${id}/pages/9/image`,
      `/documents/${id}/pages/x/thumb`,
      '/documents/nope/pages/1/image',
      `/documents/${mdId}/pages/1/image`,
    ])
      expect((await app.request(url)).status, url).toBe(404);
  });

  it('gives OCR words with boxes as fractions of the image, and the words a query hits', async () => {
    const res = await app.request(`/documents/${id}/pages/2/words.json?q=lighthouse`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { words: [string, number, number, number, number, number, number][]; hits: number[] };
    for (const [, x0, y0, x1, y1] of body.words) {
      for (const v of [x0, y0, x1, y1]) expect(v >= 0 && v <= 1).toBe(true);
      expect(x1).toBeGreaterThan(x0);
      expect(y1).toBeGreaterThan(y0);
    }
    expect(body.hits.map((i) => body.words[i]![0])).toEqual(['lighthouse']);
    const [, x0, y0, x1, y1] = body.words[body.hits[0]!]!;
    const want = expectedBox(0, 8, 10); // "The old " then "lighthouse"
    expect(Math.abs(x0 - want.x0)).toBeLessThan(0.03);
    expect(Math.abs(x1 - want.x1)).toBeLessThan(0.03);
    expect(y0).toBeLessThan(want.y1);
    expect(y1).toBeGreaterThan(want.y0);
  });

  it('renders the image beside the text, with width/height, alt text, thumbnails and an SVG hit box over the word', async () => {
    const html = await (await app.request(`/documents/${id}?q=lighthouse`)).text();
    expect(html).not.toContain('Text coming');
    const imgs = [
      ...html.matchAll(/<img src="(\/documents\/[^"]+\/pages\/(\d)\/image\?v=[0-9a-f]+)" width="(\d+)" height="(\d+)" alt="([^"]+)"/g),
    ];
    expect(imgs.map((m) => m[2])).toEqual(['1', '2']);
    expect(imgs.every((m) => m[5]!.startsWith(`Page ${m[2]} of `))).toBe(true);
    expect(html.match(/<img src="[^"]+\/thumb\?v=[0-9a-f]+" width="\d+" height="\d+" alt=""/g)).toHaveLength(2);
    const svg = /<section class="page has-image" id="page-2"[\s\S]*?<svg class="hits" viewBox="0 0 (\d+) (\d+)"[\s\S]*?<\/svg>/.exec(html);
    expect(svg).not.toBeNull();
    expect([svg![1], svg![2]]).toEqual([imgs[1]![3], imgs[1]![4]]);
    const rects = [
      ...svg![0].matchAll(/<rect class="hit-box" x="([\d.-]+)" y="([\d.-]+)" width="([\d.]+)" height="([\d.]+)"[^>]*data-word="([^"]+)"/g),
    ];
    expect(rects.map((r) => r[5])).toEqual(['lighthouse']);
    const [W, H] = [Number(svg![1]), Number(svg![2])];
    const r = rects[0]!;
    const box = {
      x0: Number(r[1]) / W,
      y0: Number(r[2]) / H,
      x1: (Number(r[1]) + Number(r[3])) / W,
      y1: (Number(r[2]) + Number(r[4])) / H,
    };
    const want = expectedBox(0, 8, 10);
    expect(box.x0).toBeLessThan(want.x0 + 0.02);
    expect(box.x1).toBeGreaterThan(want.x1 - 0.02);
    expect(box.y0).toBeLessThan(want.y1);
    expect(box.y1).toBeGreaterThan(want.y0);
    expect(html).toContain('1 search hit marked on the image');
    // No hits on page 1; no inline style anywhere (the CSP forbids it).
    expect(/id="page-1"[\s\S]*?<\/section>/.exec(html)![0]).not.toContain('<svg');
    expect(html).not.toMatch(/\sstyle="/);
  });

  it('keeps the text reader for documents without page images', async () => {
    const html = await (await app.request(`/documents/${mdId}?q=lighthouse`)).text();
    expect(html).not.toContain('class="page-image"');
    expect(html).not.toContain('toggle-text');
    expect(html).toContain('<mark class="hit"');
  });
});
