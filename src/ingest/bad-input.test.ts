import * as mupdf from 'mupdf';
import { describe, expect, it } from 'vitest';
import { createTestServices, writeFixtureDir } from '../../test/support/services.js';
import { baselineJpegOf, garbleJpegScan } from '../../test/support/jpeg.js';
import { scannedPdf, scanPng, textPdf } from '../../test/support/scans.js';
import { createJobRunner } from '../jobs/jobs.runner.js';
import { ingestPaths } from './ingest.usecases.js';
import { imageImporter } from './importers/image.js';
import { declaredImageSize } from './importers/limits.js';
import { pdfImporter } from './importers/pdf.js';

/** A PNG chunk: length, type, data, CRC (left zero: the header is refused before anything checks it). */
const chunk = (type: string, data: Buffer) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  return Buffer.concat([len, Buffer.from(type, 'latin1'), data, Buffer.alloc(4)]);
};

/** A decompression bomb: a PNG of a few dozen bytes whose IHDR declares width × height 8-bit grey pixels. */
function bombPng(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // grey
  const idat = Buffer.from([0x78, 0x9c, 0x63, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', idat),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** An uncompressed PDF of `count` small pages, one short line each, written by MuPDF. */
function manyPagePdf(count: number, mode = ''): Buffer {
  const doc = new mupdf.PDFDocument();
  try {
    const font = doc.addSimpleFont(new mupdf.Font('Helvetica'));
    const resources = doc.addObject({ Font: { F1: font } });
    for (let i = 1; i <= count; i++) {
      doc.insertPage(-1, doc.addPage([0, 0, 200, 100], 0, resources, `BT /F1 10 Tf 10 50 Td (Page ${i} of the long release) Tj ET`));
    }
    const buf = doc.saveToBuffer(mode);
    try {
      return Buffer.from(buf.asUint8Array());
    } finally {
      buf.destroy();
    }
  } finally {
    doc.destroy();
  }
}

const failure = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) => e as Error & { code: string },
  );

describe('bad input: decompression bomb', () => {
  it('reads the declared size from PNG, JPEG, GIF and TIFF headers without decoding', () => {
    expect(declaredImageSize(bombPng(100_000, 100_000), 'image/png')).toEqual({ width: 100_000, height: 100_000 });
    expect(declaredImageSize(scanPng(['X'], 100), 'image/png')).toEqual({ width: 425, height: 550 });
    const pix = new mupdf.Pixmap(mupdf.ColorSpace.DeviceGray, [0, 0, 321, 123], false);
    pix.clear(200);
    expect(declaredImageSize(pix.asJPEG(80), 'image/jpeg')).toEqual({ width: 321, height: 123 });
    pix.destroy();
    const gif = Buffer.from('R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==', 'base64');
    gif.writeUInt16LE(60_000, 6);
    expect(declaredImageSize(gif, 'image/gif')).toEqual({ width: 60_000, height: 1 });
    const tiff = Buffer.alloc(8 + 2 + 2 * 12 + 4);
    tiff.write('II*\0', 0, 'latin1');
    tiff.writeUInt32LE(8, 4);
    tiff.writeUInt16LE(2, 8);
    [
      [256, 50_000],
      [257, 40_000],
    ].forEach(([tag, v], i) => {
      tiff.writeUInt16LE(tag!, 10 + i * 12);
      tiff.writeUInt16LE(4, 12 + i * 12);
      tiff.writeUInt32LE(1, 14 + i * 12);
      tiff.writeUInt32LE(v!, 18 + i * 12);
    });
    expect(declaredImageSize(tiff, 'image/tiff')).toEqual({ width: 50_000, height: 40_000 });
  });

  it('refuses a PNG declaring 100000×100000 pixels quickly, with bounded memory, naming file and size', async () => {
    const before = process.memoryUsage().rss;
    const t0 = performance.now();
    const err = await failure(imageImporter({ bytes: bombPng(100_000, 100_000), path: '/scans/bomb.png', name: 'bomb.png' }));
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(process.memoryUsage().rss - before).toBeLessThan(64 * 1024 * 1024);
    expect(err).toMatchObject({ code: 'ingest.image_too_large' });
    expect(err?.message).toMatch(/^\/scans\/bomb\.png: the image declares 100000×100000 pixels \(10000\.0 megapixels\), over the limit/);
    expect(err?.message).toContain('DECLASS_MAX_IMAGE_PIXELS');
  });

  it('takes the pixel limit from the config; the batch goes on past the bomb', async () => {
    const s = await createTestServices({ maxImagePixels: 1_000_000 });
    try {
      const dir = writeFixtureDir({
        'a-bomb.png': bombPng(100_000, 100_000),
        'b-big.png': scanPng(['BIG'], 300),
        'c-ok.png': scanPng(['OK'], 100),
      });
      const summary = await ingestPaths(s.ingestDeps, { paths: [dir], collection: null, maxFileBytes: 1e9, ocr: 'never' });
      const codes: Record<string, string> = {};
      for (const o of summary.outcomes) codes[o.path.split('/').pop() ?? ''] = o.errorCode ?? o.outcome;
      // 1275×1650 = 2.1 MP: over the 1 MP limit set here; 425×550 is under it.
      expect(codes).toEqual({
        'a-bomb.png': 'ingest.image_too_large',
        'b-big.png': 'ingest.image_too_large',
        'c-ok.png': 'ingested',
      });
      expect(summary.ingested).toBe(1);
    } finally {
      await s.close();
    }
  });
});

describe('bad input: a 2,000-page PDF', () => {
  it('imports page by page: 2,000 pages stored, heap growth bounded', async () => {
    const pdf = manyPagePdf(2000);
    const s = await createTestServices();
    try {
      const dir = writeFixtureDir({ 'long.pdf': pdf });
      global.gc?.();
      const before = process.memoryUsage().heapUsed;
      const summary = await ingestPaths(s.ingestDeps, { paths: [dir], collection: null, maxFileBytes: 1e9, ocr: 'never' });
      global.gc?.();
      const grown = process.memoryUsage().heapUsed - before;
      expect(summary.ingested).toBe(1);
      const pages = await s.db
        .selectFrom('pages')
        .select(({ fn }) => fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(pages.n)).toBe(2000);
      const last = await s.db.selectFrom('pages').select('text').where('page_no', '=', 2000).executeTakeFirstOrThrow();
      expect(last.text).toBe('Page 2000 of the long release');
      expect(grown).toBeLessThan(64 * 1024 * 1024);
    } finally {
      await s.close();
    }
  }, 60_000);

  it('refuses a PDF over the page limit with ingest.too_many_pages', async () => {
    const err = await failure(
      pdfImporter({ bytes: manyPagePdf(30), path: '/in/long.pdf', name: 'long.pdf', limits: { maxImagePixels: 1e9, maxPdfPages: 25 } }),
    );
    expect(err).toMatchObject({ code: 'ingest.too_many_pages' });
    expect(err?.message).toBe(
      '/in/long.pdf: the PDF has 30 pages, over the limit of 25 (DECLASS_MAX_PDF_PAGES); split it or raise the limit',
    );
  });
});

describe('bad input: corrupt image data', () => {
  it('refuses a PNG with a sound header and a garbage body as a corrupt image naming the file', async () => {
    const png = Buffer.from(scanPng(['GARBAGE'], 100));
    const idat = png.indexOf('IDAT');
    png.fill(0x5a, idat + 4, idat + 4 + png.readUInt32BE(idat - 4));
    const err = await failure(imageImporter({ bytes: png, path: '/scans/garbage.png', name: 'garbage.png' }));
    expect(err).toMatchObject({ code: 'ingest.corrupt_image' });
    expect(err?.message).toMatch(
      /^\/scans\/garbage\.png: the image is damaged and cannot be read: decoding its pixels failed \(MuPDF: .*zlib/,
    );
  });
});

describe('bad input: a JPEG whose scan data is garbage (MuPDF decodes it as noise, with no error)', () => {
  const garbage = (pix: mupdf.Pixmap) => garbleJpegScan(baselineJpegOf(pix), () => 0x5a);

  it('refuses such a JPEG file as a corrupt image naming the file', async () => {
    const jpeg = garbage(new mupdf.Image(scanPng(['GARBAGE'], 100)).toPixmap());
    const err = await failure(imageImporter({ bytes: Buffer.from(jpeg), path: '/scans/noise.jpg', name: 'noise.jpg' }));
    expect(err).toMatchObject({ code: 'ingest.corrupt_image' });
    expect(err?.message).toBe(
      '/scans/noise.jpg: the image is damaged and cannot be read: its compressed image data is garbage ' +
        '(the scan data holds a code that is in none of its Huffman tables)',
    );
  });

  it('fails the PDF page that stores one at once (no retries), naming document and page; the other pages are read', async () => {
    const s = await createTestServices();
    try {
      // Page 2 of three is a stored scan whose data was overwritten; pages 1 and 3 are sound baseline scans.
      const pdf = scannedPdf([['FIRST PAGE'], ['SECOND PAGE'], ['THIRD PAGE']], 300, (pix, i) =>
        i === 1 ? garbage(pix) : baselineJpegOf(pix),
      );
      const dir = writeFixtureDir({ 'release.pdf': pdf });
      await ingestPaths(s.ingestDeps, { paths: [dir], collection: null, maxFileBytes: 1e9, ocr: 'force' });
      await createJobRunner({ repo: s.jobs, definitions: s.jobDefinitions, concurrency: 1, retry: { delayMs: () => 0 } }).runUntilIdle();
      const doc = await s.db.selectFrom('documents').select(['id', 'status']).executeTakeFirstOrThrow();
      const pages = await s.db.selectFrom('pages').select(['page_no', 'status', 'text']).orderBy('page_no').execute();
      expect(pages.map((p) => p.status)).toEqual(['ready', 'failed', 'ready']);
      expect(pages[2]?.text).toContain('THIRD PAGE');
      const failed = await s.db.selectFrom('jobs').select(['attempts', 'last_error']).where('status', '=', 'failed').execute();
      expect(failed).toEqual([
        {
          attempts: 1,
          last_error:
            `ocr.corrupt_image: release (${doc.id}) page 2: the page's stored JPEG scan is damaged: its compressed data is garbage ` +
            '(the scan data holds a code that is in none of its Huffman tables)',
        },
      ]);
    } finally {
      await s.close();
    }
  }, 60_000);
});

describe('bad input: a broken cross-reference table', () => {
  const PAGES = ['First page of the memorandum here', 'Second page of the memorandum here'];
  const plain = () => Buffer.from(textPdf(PAGES.map((l) => [l]))).toString('latin1');
  const decompressed = () => {
    // Uncompressed, so that the xref is a classic table that can be broken by hand.
    const doc = mupdf.Document.openDocument(Buffer.from(plain(), 'latin1'), 'application/pdf') as mupdf.PDFDocument;
    const out = Buffer.from(doc.saveToBuffer('decompress').asUint8Array()).toString('latin1');
    doc.destroy();
    return out;
  };
  const read = async (text: string, name: string) => pdfImporter({ bytes: Buffer.from(text, 'latin1'), path: `/in/${name}`, name });

  it('repairs wrong xref offsets (objects intact): every page is read', async () => {
    const pdf = decompressed();
    const xref = pdf.lastIndexOf('\nxref');
    expect(xref).toBeGreaterThan(0);
    const shifted =
      pdf.slice(0, xref) +
      pdf.slice(xref).replace(/(\d{10}) (\d{5}) n/g, (_m, o: string, g: string) => `${String(Number(o) + 13).padStart(10, '0')} ${g} n`);
    const result = await read(shifted, 'shifted.pdf');
    expect(result.documents[0]?.pages.map((p) => p.text)).toEqual(PAGES);
  });

  it('repairs a garbled xref section and a wrong startxref', async () => {
    const pdf = decompressed();
    const xref = pdf.lastIndexOf('\nxref');
    const garbled = `${pdf.slice(0, xref)}\nxref\n0 zz\nthis is no table\n${pdf.slice(pdf.indexOf('trailer', xref)).replace(/startxref\s+\d+/, 'startxref\n999999')}`;
    const result = await read(garbled, 'garbled.pdf');
    expect(result.documents[0]?.pages.map((p) => p.text)).toEqual(PAGES);
  });

  it('gives ingest.corrupt_pdf when nothing is left to repair from', async () => {
    const pdf = decompressed();
    const hopeless = pdf.slice(0, pdf.indexOf('\n') + 1) + pdf.slice(pdf.indexOf('\n') + 1).replace(/\d+ 0 obj[\s\S]*?endobj/g, '');
    const err = await failure(read(hopeless, 'hopeless.pdf'));
    expect(err).toMatchObject({ code: 'ingest.corrupt_pdf' });
    expect(err?.message).toMatch(/^\/in\/hopeless\.pdf: the PDF is damaged/);
  });
});
