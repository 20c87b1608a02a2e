import path from 'node:path';
import { serve } from '@hono/node-server';
import type { Command } from 'commander';
import { createServices } from '../app/services.js';
import { loadConfig } from '../config/config.js';
import { ingestPaths } from '../ingest/ingest.usecases.js';
import { loadExampleBooks } from '../collections/examples.js';
import { createWebApp } from '../web/app.js';

/** The example records shipped with the package (fictional, written for Declass). */
export const EXAMPLES_DIR = path.resolve(import.meta.dirname, '..', '..', 'examples');

/** The release the example records are filed under. */
const EXAMPLE_RELEASE = {
  slug: 'example-records',
  title: 'Example records: the Port Elsin harbor file (fictional)',
  kind: 'release',
  agency: 'Department of Examples (fictional)',
  caseNumber: 'EX-2026-0001',
  releaseDate: '2026-01-15',
  notes: 'Fictional records written for the Declass project to show a working archive. No person, place or event in them is real.',
};

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve the reading room and the JSON API')
    .option('--port <port>', 'port (default 8080, env DECLASS_PORT)')
    .option('--host <host>', 'address to listen on (default 127.0.0.1, env DECLASS_HOST)')
    .option('--examples', 'load the bundled example records first (skipped if already loaded)')
    .action(async (flags: { port?: string; host?: string; examples?: boolean }, cmd: Command) => {
      const global = cmd.optsWithGlobals<{ data?: string }>();
      const config = loadConfig({ dataDir: global.data, port: flags.port, host: flags.host });
      const services = await createServices(config);
      if (flags.examples) {
        const summary = await ingestPaths(services.ingestDeps, {
          paths: [path.join(EXAMPLES_DIR, 'records')],
          collection: EXAMPLE_RELEASE,
          maxFileBytes: config.maxFileBytes,
        });
        const books = await loadExampleBooks(services, path.join(EXAMPLES_DIR, 'books'));
        process.stderr.write(
          `examples: ${summary.ingested} new file(s), ${summary.duplicates} already loaded, ${summary.failed} failed; ${books} briefing book(s) added\n`,
        );
      }
      // Embedded workers: page images and OCR run in this process (`declass worker` adds more elsewhere).
      const runner = services.createRunner();
      runner.start();
      const app = createWebApp(services);
      const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
        process.stdout.write(`Declass is serving ${config.dataDir} at http://${config.host}:${info.port}/\n`);
      });
      const stop = () => {
        server.close();
        void services.close().then(() => process.exit(0));
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
}
