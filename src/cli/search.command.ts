import type { Command } from 'commander';
import { withBulkWrites } from '../db/bulk-writes.js';
import { reindexDocuments } from '../search/search.indexer.js';
import type { SortOrder } from '../search/query.ast.js';
import { searchDocuments } from '../search/search.usecases.js';
import { withServices } from './context.js';

const plain = (html: string) =>
  html
    .replace(/<\/?mark>/g, '*')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');

const SORTS: Record<string, SortOrder> = { relevance: 'relevance', date: 'date_asc', '-date': 'date_desc' };

export function registerSearch(program: Command): void {
  program
    .command('search')
    .description('search the archive (query language: docs/search.md)')
    .argument('<query...>', 'the query, e.g. "lake enlargement" type:telegram date:1918')
    .option('--json', 'machine-readable results, with facets (docs/search.md)')
    .option('--limit <n>', 'results per page', '10')
    .option('--offset <n>', 'results to skip', '0')
    .option('--cursor <c>', 'continue after a previous page (its "next")')
    .option('--sort <order>', 'relevance, date or -date')
    .option('--facets <n>', 'values per facet in --json output (0: none)', '10')
    .action(
      async (
        words: string[],
        flags: { json?: boolean; limit: string; offset: string; cursor?: string; sort?: string; facets: string },
        cmd: Command,
      ) => {
        const global = cmd.optsWithGlobals<{ data?: string }>();
        const query = words.join(' ');
        const limit = Math.min(Math.max(Number.parseInt(flags.limit, 10) || 10, 1), 1000);
        const offset = Math.max(Number.parseInt(flags.offset, 10) || 0, 0);
        if (flags.sort && !SORTS[flags.sort]) throw new Error(`--sort must be relevance, date or -date (got ${flags.sort})`);
        const out = await withServices({ dataDir: global.data }, (s) =>
          searchDocuments(s, {
            query,
            limit,
            offset,
            cursor: flags.cursor ?? null,
            sort: flags.sort ? (SORTS[flags.sort] ?? null) : null,
            facetLimit: flags.json ? Math.max(Number.parseInt(flags.facets, 10) || 0, 0) : 0,
          }),
        );
        if (flags.json) {
          process.stdout.write(JSON.stringify(out, null, 2) + '\n');
          return;
        }
        process.stdout.write(`${out.total} document(s) match "${query}"\n`);
        for (const [i, r] of out.results.entries()) {
          process.stdout.write(
            `\n${offset + i + 1}. ${r.title ?? '(untitled)'} [${r.id}]${r.date ? ` ${r.date.text || r.date.start}` : ''}\n`,
          );
          process.stdout.write(`   p.${r.page_label ?? r.page}: ${plain(r.snippet)}\n`);
        }
        if (out.next) process.stdout.write(`\nmore: --cursor ${out.next}\n`);
      },
    );

  program
    .command('reindex')
    .description('rebuild the search index (full text, dates, facets) of every document')
    .action(async (_flags: unknown, cmd: Command) => {
      const global = cmd.optsWithGlobals<{ data?: string }>();
      const n = await withServices({ dataDir: global.data }, (s) =>
        withBulkWrites(s.db, async () => {
          let count = 0;
          for await (const batch of s.documents.iterate(1000)) {
            await s.db.transaction().execute((trx) =>
              reindexDocuments(
                trx,
                s.search,
                batch.map((d) => d.id),
              ),
            );
            count += batch.length;
          }
          return count;
        }),
      );
      process.stdout.write(`reindexed ${n} document(s)\n`);
    });
}
