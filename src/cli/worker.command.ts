import type { Command } from 'commander';
import { withServices } from './context.js';

/** `declass worker`: runs background jobs only (page images, OCR), for scale-out beside `declass serve`. */
export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description('run background jobs (page images, OCR) until stopped')
    .option('--concurrency <n>', 'jobs at once (default: the cores, env DECLASS_WORKERS)')
    .option('--until-idle', 'exit when no job is left to run')
    .action(async (flags: { concurrency?: string; untilIdle?: boolean }, cmd: Command) => {
      const global = cmd.optsWithGlobals<{ data?: string }>();
      await withServices({ dataDir: global.data, workerConcurrency: flags.concurrency }, async (s) => {
        const runner = s.createRunner({
          onError: (job, err, willRetry) =>
            process.stderr.write(
              `job ${job.id} (${job.name}) failed${willRetry ? ', will retry' : ''}: ${err instanceof Error ? err.message : String(err)}\n`,
            ),
          onQueueError: (what, err, retryInMs) =>
            process.stderr.write(
              `worker: ${what} failed (${err instanceof Error ? err.message : String(err)}); retrying in ${retryInMs} ms\n`,
            ),
        });
        process.stderr.write(`worker ${runner.owner}: running jobs from ${s.config.dataDir}\n`);
        if (flags.untilIdle) {
          // Also waits out jobs held by a dead worker until their lease expires, and retries that are due soon.
          for (;;) {
            await runner.runUntilIdle();
            // The database may be restarting: an unanswered count is not "idle", it is asked again.
            const c = await s.jobs.counts().catch(() => null);
            if (c && c.queued + c.running === 0) break;
            await new Promise((r) => setTimeout(r, 500));
          }
          return;
        }
        runner.start();
        await new Promise<void>((resolve) => {
          process.once('SIGINT', resolve);
          process.once('SIGTERM', resolve);
        });
        process.stderr.write('worker: stopping after the running jobs\n');
      });
    });
}
