/**
 * `npm run bench [-- section...]` (compiles src and bench into .bench/ first): runs the benchmarks and prints a table.
 * Sections: ingest, ocr, search (`-- search --docs N`), scale (`-- scale --docs N`; PostgreSQL); default: all but scale. Each measurement runs in a child process so its
 * peak RSS is its own.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { corpusDir, repoRoot } from './support.js';

interface Row {
  what: string;
  value: string;
  target: string;
  peakRss: string;
}

function child(script: string, args: string[]): Record<string, number | string> {
  // Benchmarks run compiled (npm run bench builds them into .bench/), as production code runs.
  const out = execFileSync(process.execPath, [path.join(import.meta.dirname, script.replace(/\.ts$/, '.js')), ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 * 1024 * 1024,
  });
  const last = out.trim().split('\n').pop() ?? '{}';
  return JSON.parse(last) as Record<string, number | string>;
}

const num = (v: unknown, digits = 0) =>
  typeof v === 'number' ? v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : String(v);

/** CPU per document by thread (storage / parser / V8 background), from /proc; robust to a shared machine. */
function cpuOf(r: Record<string, unknown>): string {
  const c = r.cpuMsPerDoc as { main: number; worker: number; background: number } | undefined;
  return c ? `main ${num(c.main, 2)} + parser ${num(c.worker, 2)} + background ${num(c.background, 2)}` : 'n/a';
}

/** Fresh processes the 6-volume TEI run is repeated in: a 2-second run varies by ±5% from one process to the next. */
const TEI_RUNS = 5;

function ingestSection(): Row[] {
  const rows: Row[] = [];
  // The median run (by rate) is reported, with the range of all of them, and the highest peak RSS.
  const teiRuns = Array.from({ length: TEI_RUNS }, () => child('ingest.ts', ['tei'])).sort(
    (a, b) => Number(a.docsPerSecond) - Number(b.docsPerSecond),
  );
  const tei = teiRuns[Math.floor(TEI_RUNS / 2)]!;
  const range = `${num(teiRuns[0]!.docsPerSecond)}–${num(teiRuns[TEI_RUNS - 1]!.docsPerSecond)}`;
  rows.push({
    what: `TEI ingest (${num(tei.documents)} FRUS documents, 6 volumes; median of ${TEI_RUNS} fresh processes, ${range}/s; its CPU ms/doc ${cpuOf(tei)})`,
    value: `${num(tei.docsPerSecond)} documents/s`,
    target: '≥ 2,000 documents/s',
    peakRss: `${num(Math.max(...teiRuns.map((r) => Number(r.peakRssMb))))} MB`,
  });
  const pdf = child('ingest.ts', ['pdf']);
  rows.push({
    what: `Text-layer PDF ingest (${num(pdf.files)} PDFs, ${num(pdf.pages)} pages)`,
    value: `${num(pdf.pagesPerSecond)} pages/s`,
    target: '≥ 100 pages/s',
    peakRss: `${num(pdf.peakRssMb)} MB`,
  });
  const teiBatch = child('ingest.ts', ['tei-batch', '8']);
  rows.push({
    what: `Big batch: ${num(teiBatch.files)} TEI volumes (${num(teiBatch.documents)} documents; CPU ms/doc ${cpuOf(teiBatch)})`,
    value: `${num(teiBatch.docsPerSecond)} documents/s`,
    target: 'RSS < 300 MB',
    peakRss: `${num(teiBatch.peakRssMb)} MB`,
  });
  const pdfBatch = child('ingest.ts', ['pdf-batch', '20']);
  rows.push({
    what: `Big batch: ${num(pdfBatch.files)} PDFs (${num(pdfBatch.pages)} pages)`,
    value: `${num(pdfBatch.pagesPerSecond)} pages/s`,
    target: 'RSS < 300 MB',
    peakRss: `${num(pdfBatch.peakRssMb)} MB`,
  });
  return rows;
}

/** `npm run bench -- search [--docs N]`: 1,000,000 documents by default (built once, cached under the OS temp folder). */
function searchSection(): Row[] {
  const i = process.argv.indexOf('--docs');
  const docs = i !== -1 ? (process.argv[i + 1] ?? '1000000') : '1000000';
  const r = child('search.ts', ['--docs', docs]) as Record<string, unknown> & {
    ours: { p50: number; p95: number; p99: number };
    oursCpu: { p50: number; p95: number; p99: number };
    newText: { p50: number; p95: number; p99: number };
    indexMb: number;
    rawFts5Mb: number;
    fts5: { p50: number; p95: number; p99: number };
    minisearch: { docs: number; buildSeconds: number; p50: number; p95: number; p99: number };
  };
  const lat = (x: { p50: number; p95: number; p99: number }) => `p50 ${num(x.p50, 1)} / p95 ${num(x.p95, 1)} / p99 ${num(x.p99, 1)} ms`;
  return [
    {
      what: `Index build (${num(r.docs)} documents, ${num(r.pages)} pages)`,
      value: `${num(r.docsPerSecond)} documents/s (${num(r.buildSeconds)} s)`,
      target: '≥ 5,000 documents/s',
      peakRss: '',
    },
    {
      what: 'Database size (of which search index)',
      value: `${num(r.dbMb)} MB (${num(r.indexMb)} MB = ${(r.indexMb / r.rawFts5Mb).toFixed(2)}× a contentless raw FTS5 index, ${num(r.rawFts5Mb)} MB)`,
      target: 'index ≤ 1.3× raw FTS5',
      peakRss: '',
    },
    {
      what: 'Declass search: query mix, top 10 + facets + snippets (text seen before: match sets kept)',
      value: lat(r.ours),
      target: 'p50 ≤ 20 / p95 ≤ 100 ms',
      // The whole bench process: MiniSearch's in-memory subset included.
      peakRss: `${num(r.peakRssMb)} MB (bench process)`,
    },
    { what: 'Declass search: CPU per query (same runs)', value: lat(r.oursCpu), target: '', peakRss: '' },
    { what: 'Declass search: same mix, every text new (no match sets kept)', value: lat(r.newText), target: '', peakRss: '' },
    { what: 'Reference: raw FTS5 bm25() top 10, same MATCH', value: lat(r.fts5), target: '', peakRss: '' },
    { what: 'Deep page (offset 100,000), relevance', value: `${num(r.deepOffsetMs, 1)} ms`, target: '', peakRss: '' },
    {
      what: `MiniSearch, in memory (${num(r.minisearch.docs)}-document subset)`,
      value: `${lat(r.minisearch)}; build ${num(r.minisearch.buildSeconds)} s`,
      target: '',
      peakRss: '',
    },
  ];
}

function ocrSection(): Row[] {
  const rows: Row[] = [];
  const ex = child('ocr.ts', ['extract']);
  rows.push({
    what: `NSDD 178 page images (${num(ex.pages)} pages): taken as stored`,
    value: `${num(ex.storedSeconds, 2)} s`,
    target: 'well under rendering',
    peakRss: `${num(ex.peakRssMb)} MB`,
  });
  rows.push({
    what: `NSDD 178 page images (${num(ex.pages)} pages): rendered at 300 dpi`,
    value: `${num(ex.renderedSeconds, 2)} s`,
    target: '—',
    peakRss: '',
  });
  // End to end vs the bare command, at the same parallelism, measured side by side in this run (best of two each).
  const pipelineRates: number[] = [];
  for (const workers of [1, 2]) {
    // Best of two interleaved runs each: on a shared machine a run can lose a core to someone else's work.
    const runs = [0, 1].map(() => [child('ocr.ts', ['bare', String(workers)]), child('ocr.ts', ['pipeline', String(workers)])] as const);
    const best = (k: 0 | 1) => runs.map((r) => r[k]).reduce((a, b) => (Number(b.pagesPerSecond) > Number(a.pagesPerSecond) ? b : a));
    const bare = best(0);
    const ours = best(1);
    pipelineRates.push(Number(ours.pagesPerSecond));
    rows.push({
      what: `Bare tesseract command, ${workers} at once (${num(bare.pages)} NSDD page images, TSV; best of 2)`,
      value: `${num(bare.pagesPerSecond, 3)} pages/s (${num(bare.seconds, 1)} s); CPU ${num(bare.cpuPerPage, 2)} s/page`,
      target: '—',
      peakRss: `${num(bare.peakRssMb)} MB`,
    });
    rows.push({
      what: `Declass end to end, ${workers} worker${workers > 1 ? 's' : ''} (ingest, page image, OCR, store; same pages; best of 2)`,
      value:
        `${num(ours.pagesPerSecond, 3)} pages/s (${num(ours.seconds, 1)} s) = ${num(Number(ours.pagesPerSecond) / Number(bare.pagesPerSecond), 2)}× bare; ` +
        `CPU ${num(ours.cpuPerPage, 2)} s/page = ${num(Number(bare.cpuPerPage) / Number(ours.cpuPerPage), 2)}× bare's efficiency`,
      target: '≥ 0.9× bare tesseract',
      peakRss: `${num(ours.peakRssMb)} MB`,
    });
  }
  const om = child('ocr.ts', ['ocrmypdf']);
  if (om.available) {
    rows.push({
      what: `OCRmyPDF --force-ocr -j 2 (the same ${num(om.pages)} pages, 2 PDFs)`,
      value:
        `${num(om.pagesPerSecond, 3)} pages/s (${num(om.seconds, 1)} s); CPU ${num(om.cpuPerPage, 2)} s/page; ` +
        `Declass with 2 workers = ${num(pipelineRates[1]! / Number(om.pagesPerSecond), 2)}× its pages/s`,
      target: 'Declass ≥ 3× OCRmyPDF',
      peakRss: `${num(om.peakRssMb)} MB`,
    });
  } else {
    rows.push({
      what: 'OCRmyPDF --force-ocr -j 2',
      value: 'skipped: ocrmypdf is not installed (apt-get install ocrmypdf)',
      target: '—',
      peakRss: '',
    });
  }
  try {
    const r = child('ocr.ts', ['tesseract.js']);
    rows.push({
      what: `OCR engine tesseract.js alone (${num(r.pages)} NSDD page images, all cores)`,
      value: `${num(r.pagesPerSecond, 3)} pages/s`,
      target: '—',
      peakRss: `${num(r.peakRssMb)} MB`,
    });
  } catch {
    rows.push({ what: 'OCR engine tesseract.js', value: 'not available', target: '—', peakRss: '' });
  }
  return rows;
}

/**
 * `npm run bench -- scale [--docs N]`: OCR throughput of 1, 2 and 4 `declass worker` processes (concurrency 1 each)
 * sharing one PostgreSQL queue, and the search query mix on PostgreSQL vs SQLite (N documents, default 50,000).
 */
function scaleSection(): Row[] {
  const rows: Row[] = [];
  const rates: [number, number][] = [];
  for (const workers of [1, 2, 4]) {
    const r = child('scale.ts', ['ocr', String(workers)]);
    rates.push([workers, Number(r.pagesPerSecond)]);
    rows.push({
      what: `OCR ingest, ${workers} worker process${workers > 1 ? 'es' : ''} × concurrency 1, PostgreSQL queue (${num(r.pages)} scanned pages)`,
      value: `${num(r.pagesPerSecond, 2)} pages/s (×${num(Number(r.pagesPerSecond) / rates[0]![1], 2)})`,
      target: `${num(r.ocrRows)} OCR rows for ${num(r.pages)} pages`,
      peakRss: '',
    });
  }
  const cores = os.cpus().length || 1;
  const best = rates.reduce((a, b) => (b[1] > a[1] * 1.1 ? b : a));
  rows.push({
    what: 'Where scaling stops',
    value: `at ${best[0]} worker process${best[0] > 1 ? 'es' : ''}: ${cores} cores`,
    target:
      'each page is one CPU-bound tesseract run (OMP_THREAD_LIMIT=1) plus rendering; past one worker per core they only queue for CPU',
    peakRss: '',
  });
  const i = process.argv.indexOf('--docs');
  const docs = i !== -1 ? (process.argv[i + 1] ?? '50000') : '50000';
  const s = child('scale.ts', ['search', '--docs', docs]) as Record<string, unknown> & {
    sqlite: { buildSeconds: number; dbMb: number; p50: number; p95: number; p99: number };
    postgres: { buildSeconds: number; dbMb: number; p50: number; p95: number; p99: number };
  };
  const lat = (x: { p50: number; p95: number; p99: number }) => `p50 ${num(x.p50, 1)} / p95 ${num(x.p95, 1)} / p99 ${num(x.p99, 1)} ms`;
  for (const engine of ['sqlite', 'postgres'] as const) {
    const e = s[engine];
    rows.push({
      what: `Search query mix on ${engine === 'sqlite' ? 'SQLite FTS5' : 'PostgreSQL tsvector'} (${num(s.docs)} documents)`,
      value: lat(e),
      target: `build ${num(e.buildSeconds)} s, ${num(e.dbMb)} MB`,
      peakRss: engine === 'postgres' ? `${num(s.peakRssMb)} MB` : '',
    });
  }
  return rows;
}

/** `npm run bench -- web [--docs N]`: home, search and document pages under 20 concurrent clients. */
function webSection(): Row[] {
  const i = process.argv.indexOf('--docs');
  const docs = i !== -1 ? (process.argv[i + 1] ?? '100000') : '100000';
  const r = child('web.ts', ['--docs', docs]) as Record<string, unknown> &
    Record<'home' | 'search' | 'searchNew' | 'document', { rps: number; p50: number; p95: number; errors: number; serverCpuMs: number }>;
  const row = (what: string, x: { rps: number; p50: number; p95: number; errors: number; serverCpuMs: number }, target: string): Row => ({
    what,
    value: `${num(x.rps)} req/s, p50 ${num(x.p50, 1)} ms, p95 ${num(x.p95, 1)} ms${x.errors ? `, ${x.errors} errors` : ''}; server CPU ${num(x.serverCpuMs, 2)} ms/request`,
    target,
    peakRss: '',
  });
  return [
    {
      what: `Archive (${num(r.docs)} documents)`,
      value: `ready in ${num(r.buildSeconds)} s (cached after the first run); serve --processes ${String(r.processes)}`,
      target: '≥ 100,000 documents',
      peakRss: '',
    },
    row('Home page, 20 clients', r.home, '—'),
    row('Search page, 20 clients (query mix)', r.search, 'p95 ≤ 150 ms'),
    row('Search page, 20 clients, every query new (words from the archive)', r.searchNew, ''),
    row('Document page, 20 clients', r.document, 'p95 ≤ 50 ms'),
  ];
}

/** Extraction (metadata + entities) on one core: issue #4 asks ≥ 500 documents/s per core. */
function extractSection(): Row[] {
  const r = child('extract.ts', []);
  return [
    {
      what: `Extraction on one core (${num(r.documents)} FRUS documents): fields ${num(r.fieldsMsPerDoc, 3)} + entities ${num(r.entitiesMsPerDoc, 3)} ms/doc`,
      value: `${num(r.docsPerSecond)} documents/s`,
      target: '≥ 500 documents/s per core',
      peakRss: `${num(r.peakRssMb)} MB`,
    },
  ];
}

const sections: Record<string, () => Row[]> = {
  ingest: ingestSection,
  ocr: ocrSection,
  search: searchSection,
  scale: scaleSection,
  web: webSection,
  extract: extractSection,
};

const wanted = process.argv.slice(2).filter((a, i, all) => !a.startsWith('-') && all[i - 1] !== '--docs');
if (!fs.existsSync(corpusDir)) {
  console.error(`bench: corpus not found at ${corpusDir} (set DECLASS_CORPUS)`);
  process.exit(1);
}
const names = wanted.length ? wanted : ['ingest', 'extract', 'ocr'];
console.log(`Declass benchmarks — ${new Date().toISOString()} — node ${process.version}, ${os.cpus().length} cores`);
for (const name of names) {
  const section = sections[name];
  if (!section) {
    console.error(`unknown section "${name}"; known: ${Object.keys(sections).join(', ')}`);
    process.exit(1);
  }
  console.log(`\n## ${name}`);
  console.table(section());
}
