import fs from 'node:fs';
import type { Command } from 'commander';
import { exportRecords } from '../documents/documents.usecases.js';
import { withServices } from './context.js';

export function registerExport(program: Command): void {
  program
    .command('export')
    .description('export every document, one JSON object per line (schema: docs/export-format.md)')
    .option('--format <format>', 'output format (jsonl)', 'jsonl')
    .option('--with-text', 'include the full text (pages separated by form feeds)')
    .option('-o, --output <file>', 'write to a file instead of standard output')
    .action(async (flags: { format: string; withText?: boolean; output?: string }, cmd: Command) => {
      if (flags.format !== 'jsonl') throw new Error(`Unknown export format "${flags.format}"; supported: jsonl`);
      const global = cmd.optsWithGlobals<{ data?: string }>();
      const out: NodeJS.WritableStream = flags.output ? fs.createWriteStream(flags.output) : process.stdout;
      await withServices({ dataDir: global.data }, async (s) => {
        for await (const record of exportRecords(s.documents, flags.withText === true)) {
          if (!out.write(JSON.stringify(record) + '\n')) await new Promise<void>((r) => out.once('drain', () => r()));
        }
      });
      if (out !== process.stdout) await new Promise<void>((resolve) => out.end(() => resolve()));
    });
}
