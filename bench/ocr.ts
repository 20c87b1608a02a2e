/**
 * OCR benchmarks, one measurement per run (child of bench/run.ts), printing one JSON line:
 *   extract — NSDD 178's page images taken as stored vs rendered at 300 dpi
 *   pipeline <workers> — end to end: ingest of the NSDD PDFs with --ocr force, then page jobs (page image,
 *     thumbnail, native OCR, store and index) with <workers> at once, into a fresh archive: pages/s
 *   bare <workers> — the bare `tesseract` command (OMP_THREAD_LIMIT=1, TSV out) on the same page images,
 *     <workers> processes at once: pages/s
 *   ocrmypdf — `ocrmypdf --force-ocr -j 2` on the same PDFs, one after the other: pages/s
 *   tesseract.js — tesseract.js on the same page images, all cores: pages/s
 * Peak RSS is that of the whole process tree (the bench process or ocrmypdf and their tesseract children),
 * sampled from /proc.
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createServices } from '../src/app/services.js';
import { loadConfig } from '../src/config/config.js';
import { ingestPaths } from '../src/ingest/ingest.usecases.js';
import { loadMupdf } from '../src/ingest/importers/mupdf.js';
import { createJobRunner } from '../src/jobs/jobs.runner.js';
import { OCR_DPI, pageImage } from '../src/ocr/page-image.js';
import { createTesseractJs } from '../src/ocr/tesseractjs.js';
import { scannedPdf } from '../test/support/scans.js';
import { corpusDir, cpuSeconds, peakRssMb, sampleTreeRss, tempDir } from './support.js';

/** The scans measured: NSDD 178 and 227, ten stored 300-dpi grey JPEG pages of typewritten text. */
export const OCR_BENCH_PDFS = ['b4edc45119-nsdd178.pdf', '97d9a68db7-nsdd227.pdf'];
const nsddPath = (f: string) => path.join(corpusDir, 'scans', 'reagan-nsdd', f);

const mupdf = await loadMupdf();
const nsdd = (f: string) => mupdf.Document.openDocument(fs.readFileSync(nsddPath(f)), 'application/pdf');
const mode = process.argv[2];
const workers = Number(process.argv[3] ?? '1');

function pageImages() {
  return OCR_BENCH_PDFS.flatMap((f) => {
    const doc = nsdd(f);
    return Array.from({ length: doc.countPages() }, (_, i) => pageImage(mupdf, doc, i));
  });
}

/** Runs `task(i)` for i in 0..n-1, `parallel` at a time. */
async function pool(n: number, parallel: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < n) await task(next++);
    }),
  );
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} exited with ${code}: ${err.slice(-500)}`))));
  });
}

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
} else if (mode === 'pipeline') {
  const dataDir = tempDir('declass-bench-ocr-');
  const inbox = tempDir('declass-bench-ocr-in-');
  for (const f of OCR_BENCH_PDFS) fs.copyFileSync(nsddPath(f), path.join(inbox, f));
  const config = loadConfig({ dataDir, ocrEngine: 'tesseract', workerConcurrency: workers });
  const s = await createServices(config, { authority: null, parseWorkers: 1 });
  // The archive is already running when the batch arrives (as under `declass serve`): one small scan is ingested
  // and OCR'd first, so that parse workers, MuPDF and the OCR engine have started; it is not counted.
  const warm = tempDir('declass-bench-ocr-warm-');
  fs.writeFileSync(path.join(warm, 'warm-up.pdf'), scannedPdf([['WARM UP PAGE']]));
  await ingestPaths(s.ingestDeps, { paths: [warm], collection: null, maxFileBytes: 1e9, ocr: 'force' });
  await createJobRunner({ repo: s.jobs, definitions: s.jobDefinitions, concurrency: workers }).runUntilIdle();
  fs.rmSync(warm, { recursive: true, force: true });
  const countOcr = async () =>
    Number(
      (
        await s.db
          .selectFrom('page_ocr')
          .select((e) => e.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const before = await countOcr();
  const rss = sampleTreeRss(process.pid);
  const cpu0 = cpuSeconds();
  const t0 = performance.now();
  await ingestPaths(s.ingestDeps, { paths: [inbox], collection: null, maxFileBytes: 1e9, ocr: 'force' });
  await createJobRunner({ repo: s.jobs, definitions: s.jobDefinitions, concurrency: workers }).runUntilIdle();
  const seconds = (performance.now() - t0) / 1000;
  const cpu1 = cpuSeconds();
  const peak = rss.stop();
  const pages = (await countOcr()) - before;
  const failed = (await s.jobs.counts()).failed;
  await s.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(inbox, { recursive: true, force: true });
  if (failed) throw new Error(`${failed} page jobs failed`);
  const cpu = cpu1.self - cpu0.self + cpu1.children - cpu0.children;
  console.log(
    JSON.stringify({
      workers,
      pages: pages,
      seconds,
      pagesPerSecond: pages / seconds,
      cpuPerPage: cpu / pages,
      peakRssMb: peak,
    }),
  );
} else if (mode === 'bare') {
  const dir = tempDir('declass-bench-bare-');
  const files = pageImages().map((im, i) => {
    const f = path.join(dir, `page-${i}.${im.mediaType === 'image/png' ? 'png' : 'jpg'}`);
    fs.writeFileSync(f, im.bytes);
    return { f, dpi: String(Math.round(im.dpi)) };
  });
  const env = { ...process.env, OMP_THREAD_LIMIT: '1' };
  const rss = sampleTreeRss(process.pid, { includeRoot: false });
  const cpu0 = cpuSeconds().children;
  const t0 = performance.now();
  await pool(files.length, workers, (i) => {
    const { f, dpi } = files[i]!;
    return run('tesseract', [f, f, '-l', 'eng', '--psm', '3', '--dpi', dpi, 'tsv'], env);
  });
  const seconds = (performance.now() - t0) / 1000;
  const peak = rss.stop();
  const cpu = cpuSeconds().children - cpu0;
  fs.rmSync(dir, { recursive: true, force: true });
  console.log(
    JSON.stringify({
      workers,
      pages: files.length,
      seconds,
      pagesPerSecond: files.length / seconds,
      cpuPerPage: cpu / files.length,
      peakRssMb: peak,
    }),
  );
} else if (mode === 'ocrmypdf') {
  try {
    execFileSync('ocrmypdf', ['--version'], { stdio: 'ignore' });
  } catch {
    console.log(JSON.stringify({ available: false }));
    process.exit(0);
  }
  const dir = tempDir('declass-bench-ocrmypdf-');
  const pages = OCR_BENCH_PDFS.reduce((n, f) => n + nsdd(f).countPages(), 0);
  const rss = sampleTreeRss(process.pid, { includeRoot: false });
  const cpu0 = cpuSeconds().children;
  const t0 = performance.now();
  for (const f of OCR_BENCH_PDFS) {
    await run('ocrmypdf', ['--force-ocr', '-j', '2', '-q', nsddPath(f), path.join(dir, f)], { ...process.env, OMP_THREAD_LIMIT: '1' });
  }
  const seconds = (performance.now() - t0) / 1000;
  const peak = rss.stop();
  const cpu = cpuSeconds().children - cpu0;
  fs.rmSync(dir, { recursive: true, force: true });
  console.log(
    JSON.stringify({ available: true, pages, seconds, pagesPerSecond: pages / seconds, cpuPerPage: cpu / pages, peakRssMb: peak }),
  );
} else if (mode === 'tesseract.js') {
  const images = pageImages();
  const engine = createTesseractJs({ concurrency: os.availableParallelism() });
  const t = performance.now();
  await pool(images.length, engine.concurrency, async (i) => {
    const im = images[i]!;
    await engine.recognize({ bytes: im.bytes, width: im.width, height: im.height, dpi: im.dpi });
  });
  const seconds = (performance.now() - t) / 1000;
  await engine.close();
  console.log(
    JSON.stringify({ engine: engine.name, pages: images.length, seconds, pagesPerSecond: images.length / seconds, peakRssMb: peakRssMb() }),
  );
} else {
  console.error(`bench ocr: unknown mode "${mode ?? ''}"`);
  process.exit(1);
}
