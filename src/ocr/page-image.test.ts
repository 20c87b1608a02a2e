import { describe, expect, it } from 'vitest';
import * as mupdf from 'mupdf';
import { scannedPdf, scanPng, textPdf } from '../../test/support/scans.js';
import { loadMupdf } from '../ingest/importers/mupdf.js';
import { pageImage, THUMB_SIZE } from './page-image.js';

const open = (bytes: Uint8Array, type: string) => mupdf.Document.openDocument(bytes, type);

describe('page images', () => {
  it('takes a full-page scanned JPEG as it is stored, byte for byte, at its own resolution', async () => {
    const m = await loadMupdf();
    const pdf = scannedPdf([['STORED SCAN PAGE ONE'], ['PAGE TWO']], 300);
    const doc = open(pdf, 'application/pdf');
    const img = pageImage(m, doc, 1);
    expect(img.method).toBe('stored');
    expect(img.mediaType).toBe('image/jpeg');
    expect([img.width, img.height]).toEqual([Math.round((306 * 300) / 72), Math.round((396 * 300) / 72)]);
    expect(img.dpi).toBeCloseTo(300, 0);
    expect([...img.bytes.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
    // The embedded stream itself, not a re-encoding.
    const raw = (doc as mupdf.PDFDocument).loadPage(1).getObject().getInheritable('Resources').get('XObject').get('Im0').readRawStream();
    expect(Buffer.from(img.bytes).equals(Buffer.from(raw.asUint8Array()))).toBe(true);
    expect(Math.max(img.thumb.width, img.thumb.height)).toBe(THUMB_SIZE);
  });

  it('renders a page that is not one scan (born-digital text) at 300 dpi', async () => {
    const m = await loadMupdf();
    const img = pageImage(m, open(textPdf([['Typed text']]), 'application/pdf'), 0);
    expect(img.method).toBe('rendered');
    expect(img.mediaType).toBe('image/png');
    expect(img.width).toBe(Math.round((306 * 300) / 72));
  });

  it('renders a coarse scan up to OCR size, whatever resolution it claims', async () => {
    const m = await loadMupdf();
    const img = pageImage(m, open(scannedPdf([['COARSE']], 100), 'application/pdf'), 0);
    expect(img.method).toBe('rendered');
    expect(img.height).toBe(3300);
  });

  it('renders a page declared too small for OCR at 300 dpi up to OCR size', async () => {
    const m = await loadMupdf();
    // A scan library's page claiming 2.6 × 3.3 inches (NSDD 222): 300 dpi would give under 1,000 pixels.
    const doc = new mupdf.PDFDocument();
    const font = doc.addSimpleFont(new mupdf.Font('Courier'));
    doc.insertPage(-1, doc.addPage([0, 0, 184, 240], 0, doc.addObject({ Font: { F1: font } }), 'BT /F1 6 Tf 10 200 Td (SMALL PAGE) Tj ET'));
    const img = pageImage(m, doc, 0);
    expect(img.method).toBe('rendered');
    expect(img.height).toBe(3300);
    expect(img.dpi).toBe(300);
  });

  it('takes an image file frame at its own pixel size', async () => {
    const m = await loadMupdf();
    const png = scanPng(['IMAGE FILE'], 300);
    const img = pageImage(m, open(png, 'image/png'), 0, { isImageFile: true });
    expect(img.method).toBe('stored');
    expect(img.width).toBe(new mupdf.Image(png).getWidth());
    expect(img.thumb.height).toBe(THUMB_SIZE);
  });
});
