/**
 * OCR benchmarks, one measurement per run (child of bench/run.ts), printing one JSON line:
 *   extract — NSDD 178's page images taken as stored vs rendered at 300 dpi
 *   tesseract | tesseract.js — pages/s on the same pages (NSDD 178 and 227, 10 pages), all cores
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadMupdf } from '../src/ingest/importers/mupdf.js';
import { createNativeTesseract } from '../src/ocr/native.js';
import type { OcrEngine } from '../src/ocr/ocr.types.js';
import { OCR_DPI, pageImage } from '../src/ocr/page-image.js';
import { createTesseractJs } from '../src/ocr/tesseractjs.js';
import { corpusDir, peakRssMb } from './support.js';

const mupdf = await loadMupdf();
const nsdd = (f: string) =>
  mupdf.Document.openDocument(fs.readFileSync(path.join(corpusDir, 'scans', 'reagan-nsdd', f)), 'application/pdf');
const mode = process.argv[2];

if (mode === 'extract') {
  const doc = nsdd('b4edc45119-nsdd178.pdf');
  const n = doc.countPages();
  let t = performance.now();
  for (let i = 0; i < n; i++) pageImage(mupdf, doc, i);
  const stored = (performance.now() - t) / 1000;
  t = performance.now();
  const s = OCR_DPI / 72;
  for (let i = 0; i < n; i++) doc.loadPage(i).toPixmap(mupdf.Matrix.scale(s, s), mupdf.ColorSpace.DeviceGray, false, true).asPNG();
  const rendered = (performance.now() - t) / 1000;
  console.log(JSON.stringify({ pages: n, storedSeconds: stored, renderedSeconds: rendered, peakRssMb: peakRssMb() }));
} else {
  const images = ['b4edc45119-nsdd178.pdf', '97d9a68db7-nsdd227.pdf'].flatMap((f) => {
    const doc = nsdd(f);
    return Array.from({ length: doc.countPages() }, (_, i) => pageImage(mupdf, doc, i));
  });
  const engine: OcrEngine =
    mode === 'tesseract'
      ? createNativeTesseract({ env: { ...process.env } })
      : createTesseractJs({ concurrency: os.availableParallelism() });
  const t = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: engine.concurrency }, async () => {
      while (next < images.length) {
        const im = images[next++]!;
        await engine.recognize({ bytes: im.bytes, width: im.width, height: im.height, dpi: im.dpi });
      }
    }),
  );
  const seconds = (performance.now() - t) / 1000;
  await engine.close();
  console.log(
    JSON.stringify({ engine: engine.name, pages: images.length, seconds, pagesPerSecond: images.length / seconds, peakRssMb: peakRssMb() }),
  );
}
