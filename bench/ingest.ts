/**
 * End-to-end ingest benchmarks, each run in its own process (so peak RSS is its own):
 *
 *   tsx bench/ingest.ts tei          FRUS TEI volumes → documents/s
 *   tsx bench/ingest.ts pdf          text-layer PDFs  → pages/s
 *   tsx bench/ingest.ts tei-batch N  N distinct copies of every TEI volume (peak RSS on a big batch)
 *   tsx bench/ingest.ts pdf-batch N  N distinct copies of every PDF
 *
 * "End to end" = ingestPaths into a fresh on-disk archive: read, hash, parse,
 * store (blobs, rows, search index). Prints one JSON line.
 */
import fs from 'node:fs';
import path from 'node:path';
import { tuneForBatch } from '../src/app/batch-runtime.js';
import { createServices } from '../src/app/services.js';
import { loadConfig } from '../src/config/config.js';
import { withIngestWrites } from '../src/db/bulk-writes.js';
import { ingestPaths } from '../src/ingest/ingest.usecases.js';
import { corpusDir, cpuSplit, listFiles, peakRssMb, tempDir, threadCpuSeconds } from './support.js';

/** Copies files N times, each copy made distinct (so not de-duplicated) by bytes appended where the format ignores them. */
function distinctCopies(files: string[], n: number, suffix: (i: number) => string): string {
  const dir = tempDir('declass-bench-batch-');
  for (let i = 0; i < n; i++) {
    for (const f of files) {
      fs.writeFileSync(path.join(dir, `${i}-${path.basename(f)}`), Buffer.concat([fs.readFileSync(f), Buffer.from(suffix(i))]));
    }
  }
  return dir;
}

async function run(mode: string, n: number): Promise<void> {
  tuneForBatch(); // as `declass ingest` does
  const tei = [...listFiles(path.join(corpusDir, 'frus-tei'), '.xml'), ...listFiles(path.join(corpusDir, 'frus-tei-more'), '.xml')];
  const pdfs = listFiles(path.join(corpusDir, 'scans'), '.pdf');
  let paths: string[];
  switch (mode) {
    case 'tei':
      paths = tei;
      break;
    case 'pdf':
      paths = pdfs;
      break;
    case 'tei-batch':
      paths = [distinctCopies(tei, n, (i) => `\n<!-- bench copy ${i} -->\n`)];
      break;
    case 'pdf-batch':
      paths = [distinctCopies(pdfs, n, (i) => `\n% bench copy ${i}\n`)];
      break;
    default:
      throw new Error(`unknown mode ${mode}`);
  }
  const dataDir = tempDir('declass-bench-data-');
  const services = await createServices(loadConfig({ dataDir }));
  // Load lazily-loaded engines (MuPDF's WASM) before the clock starts, as a running server would have.
  if (mode.startsWith('pdf')) await (await import('../src/ingest/importers/mupdf.js')).loadMupdf();
  // And the parse workers' gazetteer (entity linking), loaded once per process.
  await services.warmUp();
  const cpu0 = threadCpuSeconds();
  const t0 = performance.now();
  // With the connection settings `declass ingest` runs with.
  const summary = await withIngestWrites(services.db, () =>
    ingestPaths(services.ingestDeps, { paths, collection: null, maxFileBytes: 1e10 }),
  );
  const seconds = (performance.now() - t0) / 1000;
  // Before closing: the parser worker is one of this process's threads until then.
  const cpu = cpuSplit(cpu0, threadCpuSeconds());
  const pages = Number(
    (
      await services.db
        .selectFrom('pages')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
  await services.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  // The distinct copies made for a big batch are temporary too.
  if (mode.endsWith('-batch')) for (const p of paths) fs.rmSync(p, { recursive: true, force: true });
  process.stdout.write(
    JSON.stringify({
      mode,
      files: summary.files,
      failed: summary.failed,
      documents: summary.documents,
      pages,
      seconds,
      docsPerSecond: summary.documents / seconds,
      pagesPerSecond: pages / seconds,
      peakRssMb: peakRssMb(),
      cpuMsPerDoc: {
        main: (cpu.main * 1000) / summary.documents,
        worker: (cpu.worker * 1000) / summary.documents,
        background: (cpu.background * 1000) / summary.documents,
      },
    }) + '\n',
  );
}

await run(process.argv[2] ?? 'tei', Number(process.argv[3] ?? '1'));
