import type { Command } from 'commander';
import { searchDocuments } from '../search/search.usecases.js';
import { withServices } from './context.js';

const plain = (html: string) =>
  html
    .replace(/<\/?mark>/g, '*')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');

export function registerSearch(program: Command): void {
  program
    .command('search')
    .description('full-text search (docs/search.md)')
    .argument('<query...>', 'the query')
    .option('--json', 'machine-readable results')
    .option('--limit <n>', 'results per page', '10')
    .option('--offset <n>', 'results to skip', '0')
    .action(async (words: string[], flags: { json?: boolean; limit: string; offset: string }, cmd: Command) => {
      const global = cmd.optsWithGlobals<{ data?: string }>();
      const query = words.join(' ');
      const limit = Math.min(Math.max(Number.parseInt(flags.limit, 10) || 10, 1), 1000);
      const offset = Math.max(Number.parseInt(flags.offset, 10) || 0, 0);
      const out = await withServices({ dataDir: global.data }, (s) => searchDocuments(s, { query, limit, offset }));
      if (flags.json) {
        process.stdout.write(JSON.stringify(out, null, 2) + '\n');
        return;
      }
      process.stdout.write(`${out.total} document(s) match "${query}"\n`);
      for (const [i, r] of out.results.entries()) {
        process.stdout.write(
          `\n${offset + i + 1}. ${r.title ?? '(untitled)'} [${r.id}]${r.date ? ` ${r.date.text || r.date.start}` : ''}\n`,
        );
        process.stdout.write(`   p.${r.page}: ${plain(r.snippet)}\n`);
      }
    });
}
