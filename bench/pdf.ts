/**
 * PDF text-layer import speed over the scanned PDFs of the corpus.
 *
 *   npx tsx bench/pdf.ts [corpusDir] [--repeat N]
 *
 * corpusDir defaults to $DECLASS_CORPUS or ../shared/corpus next to the repo.
 * `--repeat N` imports the whole set N times (a batch of N × 22 PDFs) to show
 * that memory stays flat. Prints pages/s and peak RSS.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { pdfImporter } from '../src/ingest/importers/pdf.js';
import { loadMupdf } from '../src/ingest/importers/mupdf.js';

export interface PdfBenchResult {
  pages: number;
  seconds: number;
  pagesPerSecond: number;
}

async function listPdfs(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listPdfs(full)));
    else if (entry.name.toLowerCase().endsWith('.pdf')) out.push(full);
  }
  return out.sort();
}

/**
 * Imports every PDF under `<corpusDir>/scans` `repeat` times and times the
 * importer alone (files are read before the clock starts; MuPDF is loaded
 * before it too).
 */
export async function benchPdf(corpusDir: string, repeat = 1): Promise<PdfBenchResult> {
  const files = await listPdfs(path.join(corpusDir, 'scans'));
  const inputs = await Promise.all(files.map(async (file) => ({ bytes: await fs.readFile(file), path: file, name: path.basename(file) })));
  await loadMupdf();
  let pages = 0;
  const start = process.hrtime.bigint();
  for (let r = 0; r < repeat; r++) {
    for (const input of inputs) {
      const result = await pdfImporter(input);
      for (const doc of result.documents) pages += doc.pages.length;
    }
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { pages, seconds, pagesPerSecond: pages / seconds };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const repeatAt = args.indexOf('--repeat');
  const repeat = repeatAt === -1 ? 1 : Number(args[repeatAt + 1] ?? '1');
  const positional = args.filter((a, i) => !a.startsWith('--') && (repeatAt === -1 || i !== repeatAt + 1));
  const corpusDir = positional[0] ?? process.env.DECLASS_CORPUS ?? path.resolve(import.meta.dirname, '..', '..', 'shared', 'corpus');
  const result = await benchPdf(corpusDir, repeat);
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  console.log(
    `${result.pages} pages in ${result.seconds.toFixed(2)} s: ${result.pagesPerSecond.toFixed(0)} pages/s; ` +
      `peak RSS ${peakRssMb.toFixed(0)} MB (repeat ${repeat})`,
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
