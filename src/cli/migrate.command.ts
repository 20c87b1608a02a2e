import path from 'node:path';
import type { Command } from 'commander';
import { createServices } from '../app/services.js';
import { loadConfig } from '../config/config.js';
import { copyArchive } from '../db/copy.js';
import { redactUrl } from '../db/url.js';
import { DeclassError } from '../shared/errors.js';
import { withServices } from './context.js';

/**
 * `declass migrate --to postgres://…` moves the whole archive (the one selected
 * by --data / DECLASS_DATABASE) to PostgreSQL; `--to sqlite:DIR` (or a folder)
 * moves it back into an embedded archive. Originals stay in the blob store of
 * the data folder, which both engines share.
 */
export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('move the whole archive to another engine (--to postgres://… or --to sqlite:DIR), verifying counts and checksums')
    .requiredOption('--to <target>', 'postgres://user:pass@host/db, or sqlite:DIR / a data folder')
    .option('--json', 'machine-readable report')
    .action(async (flags: { to: string; json?: boolean }, cmd: Command) => {
      const global = cmd.optsWithGlobals<{ data?: string }>();
      const isPg = /^postgres(ql)?:\/\//.test(flags.to);
      const targetDir = isPg ? undefined : path.resolve(flags.to.replace(/^sqlite:/, ''));
      const targetConfig = loadConfig({ dataDir: targetDir ?? global.data, database: isPg ? flags.to : null });
      const report = await withServices({ dataDir: global.data }, async (source) => {
        if (!isPg && targetDir === source.config.dataDir && !source.config.database) {
          throw new DeclassError({ code: 'migrate.same_archive', status: 400, message: 'The target is the archive being migrated.' });
        }
        const target = await createServices(targetConfig, { parseWorkers: 0 });
        try {
          return await copyArchive({
            source: source.db,
            target: target.db,
            targetEngine: target.engine,
            targetSearch: target.search,
            onProgress: (table, rows) => !flags.json && process.stderr.isTTY && process.stderr.write(`\r\x1b[2K${table}: ${rows} rows`),
          });
        } finally {
          await target.close();
        }
      });
      if (process.stderr.isTTY && !flags.json) process.stderr.write('\n');
      const ok = report.every((r) => r.match);
      if (flags.json)
        process.stdout.write(JSON.stringify({ target: isPg ? redactUrl(flags.to) : targetDir, ok, tables: report }, null, 2) + '\n');
      else {
        for (const r of report)
          process.stdout.write(`${r.match ? 'ok      ' : 'MISMATCH'} ${r.table}: ${r.source} → ${r.target} rows (sha256 ${r.checksum}…)\n`);
        process.stdout.write(
          ok
            ? `archive moved to ${isPg ? redactUrl(flags.to) : targetDir}; counts and checksums verified\n`
            : 'verification FAILED: rerun to complete the copy\n',
        );
      }
      if (!ok) process.exitCode = 1;
    });
}
