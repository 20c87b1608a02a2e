import type { Command } from 'commander';
import { slugify } from '../collections/collections.repository.js';
import { ingestPaths } from '../ingest/ingest.usecases.js';
import { withServices } from './context.js';
import { createProgressReporter } from './progress.js';

interface IngestFlags {
  collection?: string;
  agency?: string;
  case?: string;
  releaseDate?: string;
  sourceUrl?: string;
  notes?: string;
  json?: boolean;
  quiet?: boolean;
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
    .option('--json', 'print a machine-readable summary instead of progress')
    .option('--quiet', 'no progress output')
    .action(async (paths: string[], flags: IngestFlags, cmd: Command) => {
      const global = cmd.optsWithGlobals<{ data?: string }>();
      const summary = await withServices({ dataDir: global.data }, (s) =>
        ingestPaths(
          s.ingestDeps,
          {
            paths,
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
          createProgressReporter(process.stderr, { quiet: flags.json === true || flags.quiet === true }),
        ),
      );
      if (flags.json) {
        process.stdout.write(JSON.stringify(summary, null, 2) + '\n');
      } else {
        process.stdout.write(
          `${summary.files} file(s): ${summary.ingested} ingested (${summary.documents} documents), ${summary.duplicates} already in the archive, ${summary.skipped} skipped, ${summary.failed} failed, in ${summary.seconds.toFixed(1)} s\n`,
        );
        for (const o of summary.outcomes) if (o.outcome === 'failed') process.stdout.write(`  failed: ${o.errorCode}: ${o.message}\n`);
      }
      if (summary.failed > 0) process.exitCode = 1;
    });
}
