#!/usr/bin/env node
import { Command } from 'commander';
import { createServices } from '../app/services.js';
import { loadConfig } from '../config/config.js';
import { isDeclassError } from '../shared/errors.js';
import { registerExport } from './export.command.js';
import { registerIngest } from './ingest.command.js';
import { registerMigrate } from './migrate.command.js';
import { registerReextract } from './reextract.command.js';
import { registerSearch } from './search.command.js';
import { registerServe } from './serve.command.js';
import { registerUser } from './user.command.js';
import { registerJobs } from './jobs.command.js';
import { registerWorker } from './worker.command.js';

// A reader closing the pipe (`declass export | head`) is not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

const program = new Command();
program
  .name('declass')
  .description('Declass: an archive for declassified government records')
  .option('--data <dir>', 'data folder (env DECLASS_DATA, default ./declass-data)');

program
  .command('init')
  .description('create (or migrate) the archive in the data folder')
  .action(async (_flags: unknown, cmd: Command) => {
    const config = loadConfig({ dataDir: cmd.optsWithGlobals<{ data?: string }>().data });
    const s = await createServices(config);
    await s.close();
    process.stdout.write(`archive ready in ${config.dataDir}\n`);
  });

registerIngest(program);
registerExport(program);
registerSearch(program);
registerReextract(program);
registerMigrate(program);
registerServe(program);
registerUser(program);
registerWorker(program);
registerJobs(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  process.stderr.write(
    `declass: ${isDeclassError(err) ? `${err.code}: ${err.message}` : err instanceof Error ? err.message : String(err)}\n`,
  );
  process.exitCode = 1;
});
