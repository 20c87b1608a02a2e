/**
 * OCR accuracy against ground truth: the Reagan Library NSDD scans and their
 * official FRUS transcriptions. For each engine, for the publisher's text
 * layer, and for the pipeline's per-page choice between layer and OCR (the
 * better by quality score, as pages are stored): CER and WER per document and
 * overall, after normalising both sides (case, quotes, dashes, hyphenation,
 * whitespace). The FRUS side is cut to what the scans show (reference.ts);
 * the scans keep stamps, handwriting and page headers that FRUS leaves out,
 * so "CER w/o ins." also shows the rate without insertions (text the
 * transcription lacks).
 *
 *   npm run eval:ocr [-- --engines tesseract,tesseract.js,layer]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadMupdf } from '../src/ingest/importers/mupdf.js';
import { createNativeTesseract, nativeTesseractAvailable } from '../src/ocr/native.js';
import type { OcrEngine } from '../src/ocr/ocr.types.js';
import { pageImage } from '../src/ocr/page-image.js';
import { createTesseractJs } from '../src/ocr/tesseractjs.js';
import { chars, editCounts, normalise, words, type EditCounts } from './eval-ocr/metrics.js';
import { frusText, NSDD_DOCS } from './eval-ocr/reference.js';
import { preferLayer } from '../src/ocr/ocr.usecases.js';

const repoRoot = path.resolve(import.meta.dirname, '..');
// eslint-disable-next-line no-restricted-properties -- a dev script: the corpus location is its only setting.
const corpus = process.env.DECLASS_CORPUS ?? path.resolve(repoRoot, '..', 'shared', 'corpus');
const dir = path.join(corpus, 'scans', 'reagan-nsdd');
const arg = process.argv.indexOf('--engines');
const wanted = (arg > 0 ? (process.argv[arg + 1] ?? '') : 'tesseract,tesseract.js,layer').split(',');

if (!fs.existsSync(dir)) {
  console.error(`eval:ocr: ${dir} not found (set DECLASS_CORPUS)`);
  process.exit(1);
}
const truth = JSON.parse(fs.readFileSync(path.join(dir, 'frus-pdf-compare.babf6e7.json'), 'utf8')) as {
  documents: Record<string, { html: string }>;
};
const mupdf = await loadMupdf();

const engines: { name: string; make: () => OcrEngine }[] = [];
if (wanted.includes('tesseract')) {
  if (nativeTesseractAvailable())
    engines.push({ name: 'tesseract', make: () => createNativeTesseract({ env: { ...process.env } }) }); // eslint-disable-line no-restricted-properties
  else console.error('eval:ocr: native tesseract not on the PATH, skipped');
}
if (wanted.includes('tesseract.js'))
  engines.push({ name: 'tesseract.js', make: () => createTesseractJs({ concurrency: os.availableParallelism() }) });

interface Row {
  source: string;
  document: string;
  pages: number;
  'CER %': string;
  'CER w/o ins. %': string;
  'WER %': string;
  seconds: string;
}
const rows: Row[] = [];
const totals = new Map<string, { c: EditCounts; w: EditCounts; s: number }>();
const add = (source: string, doc: string, pages: number, ref: string, hyp: string, seconds: number) => {
  const r = normalise(ref);
  const h = normalise(hyp);
  const c = editCounts(chars(r), chars(h));
  const w = editCounts(words(r), words(h));
  const pct = (n: number, d: number) => ((100 * n) / Math.max(d, 1)).toFixed(1);
  rows.push({
    source,
    document: doc,
    pages,
    'CER %': pct(c.edits, c.refLength),
    'CER w/o ins. %': pct(c.edits - c.insertions, c.refLength),
    'WER %': pct(w.edits, w.refLength),
    seconds: seconds.toFixed(1),
  });
  const t = totals.get(source) ?? { c: { edits: 0, insertions: 0, refLength: 0 }, w: { edits: 0, insertions: 0, refLength: 0 }, s: 0 };
  for (const [k, v] of [
    ['c', c],
    ['w', w],
  ] as const) {
    t[k].edits += v.edits;
    t[k].insertions += v.insertions;
    t[k].refLength += v.refLength;
  }
  t.s += seconds;
  totals.set(source, t);
};

for (const d of NSDD_DOCS) {
  const ref = frusText(truth.documents[d.key]?.html ?? '');
  const doc = mupdf.Document.openDocument(fs.readFileSync(path.join(dir, d.file)), 'application/pdf');
  const n = doc.countPages();
  const label = `NSDD ${d.nsdd} (${d.key.split('-').pop()})`;
  const layers = Array.from({ length: n }, (_, i) => doc.loadPage(i).toStructuredText('preserve-whitespace').asText());
  if (wanted.includes('layer')) add('publisher layer', label, n, ref, layers.join('\n'), 0);
  const images = Array.from({ length: n }, (_, i) => pageImage(mupdf, doc, i));
  for (const e of engines) {
    const engine = e.make();
    const t0 = performance.now();
    const texts = await Promise.all(
      images.map((im) => engine.recognize({ bytes: im.bytes, width: im.width, height: im.height, dpi: im.dpi })),
    );
    await engine.close();
    const seconds = (performance.now() - t0) / 1000;
    add(e.name, label, n, ref, texts.map((t) => t.text).join('\n'), seconds);
    const chosen = texts.map((t, i) => (preferLayer(layers[i] ?? '', null, t.text) ? (layers[i] ?? '') : t.text));
    const kept = chosen.filter((t, i) => t !== texts[i]?.text).length;
    add(`${e.name} or layer, per page`, `${label}${kept ? ` (${kept} layer)` : ''}`, n, ref, chosen.join('\n'), seconds);
  }
}
for (const [source, t] of totals) {
  const pct = (n: number, d: number) => ((100 * n) / Math.max(d, 1)).toFixed(1);
  rows.push({
    source,
    document: 'ALL',
    pages: rows.filter((r) => r.source === source).reduce((n, r) => n + r.pages, 0),
    'CER %': pct(t.c.edits, t.c.refLength),
    'CER w/o ins. %': pct(t.c.edits - t.c.insertions, t.c.refLength),
    'WER %': pct(t.w.edits, t.w.refLength),
    seconds: t.s.toFixed(1),
  });
}
rows.sort((a, b) => a.source.localeCompare(b.source));
console.log(`OCR evaluation — Reagan NSDD scans vs the FRUS transcription — ${os.availableParallelism()} cores`);
console.table(rows);
