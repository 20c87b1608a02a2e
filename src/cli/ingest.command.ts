import type { Command } from 'commander';
import { tuneForBatch } from '../app/batch-runtime.js';
import { slugify } from '../collections/collections.repository.js';
import { withIngestWrites } from '../db/bulk-writes.js';
import { ingestPaths } from '../ingest/ingest.usecases.js';
import { withServices } from './context.js';
import { createProgressReporter } from './progress.js';
import { runBatchWithProgress } from './jobs-progress.js';
import { OCR_MODES, type OcrMode } from '../ocr/quality.js';
import { DeclassError } from '../shared/errors.js';

function parseOcrMode(raw: string | undefined): OcrMode | null {
  if (raw === undefined) return null;
  const mode = OCR_MODES.find((m) => m === raw);
  if (!mode) throw new DeclassError({ code: 'config.invalid', message: `--ocr must be one of ${OCR_MODES.join(', ')} (got "${raw}")` });
  return mode;
}

interface IngestFlags {
  collection?: string;
  agency?: string;
  case?: string;
  releaseDate?: string;
  sourceUrl?: string;
  notes?: string;
  json?: boolean;
  quiet?: boolean;
  ocr?: string;
  wait?: boolean;
}

export function registerIngest(program: Command): void {
  program
    .command('ingest')
    .description('ingest files and folders (recursively): FRUS TEI XML, PDF, images, HTML, Markdown, plain text')
    .argument('<paths...>', 'files or folders')
    .option('--collection <name>', 'put the documents in this collection / release (created if new)')
    .option('--agency <agency>', 'release metadata: releasing agency')
    .option('--case <number>', 'release metadata: FOIA / MDR case or request number')
    .option('--release-date <date>', 'release metadata: release date (YYYY-MM-DD)')
    .option('--source-url <url>', 'release metadata: where the release was published')
    .option('--notes <text>', 'release metadata: notes')
    .option('--ocr <mode>', 'scanned pages: auto (OCR when the text layer is missing or poor), force, never; saved on --collection')
    .option('--no-wait', 'return once files are stored; page images and OCR are left to `declass worker` / `declass serve`')
    .option('--json', 'print a machine-readable summary instead of progress')
    .option('--quiet', 'no progress output')
    .action(async (paths: string[], flags: IngestFlags, cmd: Command) => {
      tuneForBatch();
      const global = cmd.optsWithGlobals<{ data?: string }>();
      const ocr = parseOcrMode(flags.ocr);
      const quiet = flags.json === true || flags.quiet === true;
      const { summary, pages } = await withServices({ dataDir: global.data }, async (s) => {
        const summary = await withIngestWrites(s.db, () =>
          ingestPaths(
            s.ingestDeps,
            {
              paths,
              ocr,
              maxFileBytes: s.config.maxFileBytes,
              collection: flags.collection
                ? {
                    slug: slugify(flags.collection),
                    title: flags.collection,
                    kind: 'release',
                    agency: flags.agency,
                    caseNumber: flags.case,
                    releaseDate: flags.releaseDate,
                    sourceUrl: flags.sourceUrl,
                    notes: flags.notes,
                  }
                : null,
            },
            createProgressReporter(process.stderr, { quiet }),
          ),
        );
        const batch = `ingest:${summary.runId}`;
        const pages = flags.wait === false ? await s.jobs.counts(batch) : await runBatchWithProgress(s, batch, process.stderr, quiet);
        return { summary, pages };
      });
      if (flags.json) {
        process.stdout.write(JSON.stringify({ ...summary, pages }, null, 2) + '\n');
      } else {
        process.stdout.write(
          `${summary.files} file(s): ${summary.ingested} ingested (${summary.documents} documents), ${summary.duplicates} already in the archive, ${summary.skipped} skipped, ${summary.failed} failed, in ${summary.seconds.toFixed(1)} s\n`,
        );
        for (const o of summary.outcomes) if (o.outcome === 'failed') process.stdout.write(`  failed: ${o.errorCode}: ${o.message}\n`);
        if (pages.total > 0) {
          process.stdout.write(
            flags.wait === false
              ? `${pages.total} page job(s) queued (page images, OCR): run \`declass worker\` or \`declass serve\`; see \`declass jobs\`\n`
              : `${pages.done}/${pages.total} page(s) processed${pages.failed ? `, ${pages.failed} failed (see \`declass jobs\`)` : ''}\n`,
          );
        }
      }
      if (pages.failed > 0) process.exitCode = 1;
      if (summary.failed > 0) process.exitCode = 1;
    });
}
