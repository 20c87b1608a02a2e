import type { Command } from 'commander';
import { reextractAll } from '../documents/reextract.usecases.js';
import { withServices } from './context.js';

export function registerReextract(program: Command): void {
  program
    .command('reextract')
    .description("re-run the metadata extractors over every document (editors' and source values are kept)")
    .option('--json', 'print a machine-readable summary')
    .action(async (flags: { json?: boolean }, cmd: Command) => {
      const global = cmd.optsWithGlobals<{ data?: string }>();
      const tty = process.stderr.isTTY === true && !flags.json;
      const summary = await withServices({ dataDir: global.data }, (s) =>
        reextractAll(s, { onProgress: (done, total) => tty && process.stderr.write(`\r\x1b[2K${done}/${total} documents`) }),
      );
      if (tty) process.stderr.write('\n');
      if (flags.json) process.stdout.write(JSON.stringify(summary) + '\n');
      else
        process.stdout.write(`re-extracted ${summary.documents} documents (${summary.fields} values) in ${summary.seconds.toFixed(1)} s\n`);
    });
}
