/**
 * The contract every OCR engine passes (run by native.test.ts and
 * tesseractjs.test.ts): text, word boxes in image pixels, confidences, line
 * order, empty pages, PNG and JPEG input, pages side by side.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as mupdf from 'mupdf';
import { scanPng } from '../../test/support/scans.js';
import { isNoiseWord } from './noise.js';
import type { OcrEngine, OcrImage } from './ocr.types.js';

const LINES = ['MEMORANDUM FOR THE PRESIDENT', 'SUBJECT: Harbor dredging at Port Elsin', 'The meeting was held on March 3.'];

function image(bytes: Uint8Array): OcrImage {
  const img = new mupdf.Image(bytes);
  return { bytes, width: img.getWidth(), height: img.getHeight(), dpi: 300 };
}

export function ocrEngineContract(name: string, make: () => OcrEngine, skip: string | null): void {
  describe.skipIf(skip !== null)(`OCR engine contract: ${name}${skip ? ` (skipped: ${skip})` : ''}`, () => {
    let engine: OcrEngine;
    const png = image(scanPng(LINES));
    beforeAll(() => {
      engine = make();
    });
    afterAll(async () => {
      await engine.close();
    });

    it('reads typed text, line by line, and names itself', async () => {
      const r = await engine.recognize(png);
      expect(engine.name).toMatch(/\S/);
      expect(engine.concurrency).toBeGreaterThanOrEqual(1);
      const lines = r.text.split('\n').filter(Boolean);
      expect(lines[0]).toBe(LINES[0]);
      expect(r.text).toContain('Harbor dredging at Port Elsin');
      expect(r.text).toContain('March 3.');
      expect(r.width).toBe(png.width);
      expect(r.height).toBe(png.height);
    });

    it('gives every word a box inside the image, a confidence and a line, in reading order', async () => {
      const r = await engine.recognize(png);
      expect(
        r.words
          .filter((w) => !isNoiseWord(w))
          .map((w) => w.text)
          .join(' '),
      ).toBe(r.text.replace(/\s+/g, ' '));
      for (const w of r.words) {
        expect(w.x0).toBeGreaterThanOrEqual(0);
        expect(w.y0).toBeGreaterThanOrEqual(0);
        expect(w.x1).toBeGreaterThan(w.x0);
        expect(w.y1).toBeGreaterThan(w.y0);
        expect(w.x1).toBeLessThanOrEqual(png.width);
        expect(w.y1).toBeLessThanOrEqual(png.height);
        expect(w.confidence).toBeGreaterThanOrEqual(0);
        expect(w.confidence).toBeLessThanOrEqual(100);
      }
      const lines = r.words.map((w) => w.line);
      expect(lines).toEqual([...lines].sort((a, b) => a - b));
      // The first line is drawn 40 pt below the top of the page, 24 pt from the left (x 300/72 px per pt).
      const first = r.words[0]!;
      expect(first.text).toBe('MEMORANDUM');
      expect(Math.abs(first.x0 - 24 * (300 / 72))).toBeLessThan(25);
      expect(first.y1).toBeLessThan(50 * (300 / 72));
      const harbor = r.words.find((w) => w.text === 'Harbor')!;
      expect(harbor.y0).toBeGreaterThan(first.y1);
      expect(r.meanConfidence).toBeGreaterThan(70);
    });

    it('returns no words for a blank page', async () => {
      const r = await engine.recognize(image(scanPng([])));
      expect(r.words).toEqual([]);
      expect(r.text).toBe('');
      expect(r.meanConfidence).toBe(0);
    });

    it('reads JPEG as well as PNG, several pages at once', async () => {
      const jpegPix = new mupdf.Image(png.bytes).toPixmap();
      const jpeg = image(jpegPix.asJPEG(85));
      const [a, b] = await Promise.all([engine.recognize(jpeg), engine.recognize(png)]);
      expect(a.text).toContain('MEMORANDUM FOR THE PRESIDENT');
      expect(b.text).toContain('MEMORANDUM FOR THE PRESIDENT');
    });
  });
}
