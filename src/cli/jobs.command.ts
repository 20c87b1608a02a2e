import type { Command } from 'commander';
import { jobsStatus } from '../jobs/jobs.usecases.js';
import { withServices } from './context.js';

/** `declass jobs`: where the background queue stands. */
export function registerJobs(program: Command): void {
  program
    .command('jobs')
    .description('show background jobs: counts, rate, ETA, recent batches and failures')
    .option('--batch <batch>', 'only this batch (e.g. ingest:3)')
    .option('--json', 'machine-readable output')
    .action(async (flags: { batch?: string; json?: boolean }, cmd: Command) => {
      const global = cmd.optsWithGlobals<{ data?: string }>();
      const st = await withServices({ dataDir: global.data }, (s) => jobsStatus(s, flags.batch));
      if (flags.json) {
        process.stdout.write(JSON.stringify(st, null, 2) + '\n');
        return;
      }
      const c = st.counts;
      const eta = st.etaSeconds === null ? 'unknown (no worker running?)' : `${Math.round(st.etaSeconds)} s`;
      process.stdout.write(
        `jobs: ${c.total} total, ${c.done} done, ${c.running} running, ${c.queued} queued, ${c.failed} failed\n` +
          `rate: ${st.ratePerSecond.toFixed(2)}/s over the last minute; ETA ${eta}\n`,
      );
      for (const b of st.batches)
        process.stdout.write(`  ${b.batch ?? '(no batch)'}: ${b.done}/${b.total} done${b.failed ? `, ${b.failed} failed` : ''}\n`);
      for (const f of st.failures)
        process.stdout.write(`  failed job ${f.id} ${f.name} ${JSON.stringify(f.payload)} after ${f.attempts} attempt(s): ${f.error}\n`);
    });
}
