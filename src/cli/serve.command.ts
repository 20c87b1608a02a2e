import cluster from 'node:cluster';
import path from 'node:path';
import type { Command } from 'commander';
import { createServices, type Services } from '../app/services.js';
import { loadConfig } from '../config/config.js';
import { ingestPaths } from '../ingest/ingest.usecases.js';

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

async function loadExamples(services: Services, maxFileBytes: number): Promise<void> {
  const summary = await ingestPaths(services.ingestDeps, {
    paths: [path.join(EXAMPLES_DIR, 'records')],
    collection: EXAMPLE_RELEASE,
    maxFileBytes,
  });
  const { loadExampleBooks } = await import('../collections/examples.js');
  const books = await loadExampleBooks(services, path.join(EXAMPLES_DIR, 'books'));
  process.stderr.write(
    `examples: ${summary.ingested} new file(s), ${summary.duplicates} already loaded, ${summary.failed} failed; ${books} briefing book(s) added\n`,
  );
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve the reading room and the JSON API')
    .option('--port <port>', 'port (default 8080, env DECLASS_PORT)')
    .option('--host <host>', 'address to listen on (default 127.0.0.1, env DECLASS_HOST)')
    .option('--examples', 'load the bundled example records first (skipped if already loaded)')
    .option('--processes <n>', 'HTTP processes sharing the port, e.g. one per core (default 1, env DECLASS_WEB_PROCESSES)')
    .action(async (flags: { port?: string; host?: string; examples?: boolean; processes?: string }, cmd: Command) => {
      const global = cmd.optsWithGlobals<{ data?: string }>();
      const config = loadConfig({ dataDir: global.data, port: flags.port, host: flags.host, webProcesses: flags.processes });
      if (cluster.isPrimary && config.webProcesses > 1) {
        // The primary prepares the archive (migrations, examples) once, then forks the HTTP processes.
        // Each has its own database connection and in-memory search index; the first also runs the embedded workers.
        const services = await createServices(config);
        if (flags.examples) await loadExamples(services, config.maxFileBytes);
        await services.close();
        for (let i = 0; i < config.webProcesses; i++) cluster.fork();
        let announced = false;
        cluster.on('listening', (_w, address) => {
          if (announced) return;
          announced = true;
          process.stdout.write(
            `Declass is serving ${config.dataDir} at http://${config.host}:${address.port}/ (${config.webProcesses} processes)\n`,
          );
        });
        const stop = () => {
          for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM');
          process.exit(0);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
        return;
      }
      const services = await createServices(config);
      const forked = cluster.isWorker;
      if (flags.examples && !forked) await loadExamples(services, config.maxFileBytes);
      // Embedded workers: page images and OCR run in this process (`declass worker` adds more elsewhere).
      if (!forked || cluster.worker?.id === 1) services.createRunner().start();
      // The web stack is loaded by this command only: the CLI's other commands (ingest above all) stay lean.
      const [{ serve }, { createWebApp }] = await Promise.all([import('@hono/node-server'), import('../web/app.js')]);
      const app = createWebApp(services);
      const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
        if (!forked) process.stdout.write(`Declass is serving ${config.dataDir} at http://${config.host}:${info.port}/\n`);
      });
      // Load the in-memory search index now rather than on the first search.
      void services.search.warmUp?.().catch(() => undefined);
      const stop = () => {
        server.close();
        void services.close().then(() => process.exit(0));
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
}
