import type { Services } from '../app/services.js';
import type { JobCounts } from '../jobs/jobs.repository.js';

const fmtTime = (s: number | null) => {
  if (s === null || !Number.isFinite(s)) return '--:--';
  const m = Math.floor(s / 60);
  return `${m}:${String(Math.floor(s % 60)).padStart(2, '0')}`;
};

/** One line of progress for a batch of page jobs: done/total, rate, ETA. */
export function progressLine(c: JobCounts, elapsedSeconds: number, doneAtStart: number): string {
  const finished = c.done + c.failed;
  const rate = (c.done - doneAtStart) / Math.max(elapsedSeconds, 1e-6);
  const left = c.queued + c.running;
  const eta = left === 0 ? 0 : rate > 0 ? left / rate : null;
  return `pages ${finished}/${c.total}${c.failed ? ` (${c.failed} failed)` : ''}  ${rate.toFixed(2)} pages/s  ETA ${fmtTime(eta)}`;
}

/**
 * Runs this process's workers until the batch's jobs are all done or failed
 * (jobs waiting for a retry are waited for), reporting progress on `stream`.
 */
export async function runBatchWithProgress(s: Services, batch: string, stream: NodeJS.WriteStream, quiet: boolean): Promise<JobCounts> {
  const runner = s.createRunner({
    onError: (job, err, willRetry) => {
      if (!quiet)
        stream.write(
          `${tty ? '\r\x1b[2K' : ''}job ${job.id} (${job.name}) failed${willRetry ? ', will retry' : ''}: ${err instanceof Error ? err.message : String(err)}\n`,
        );
    },
  });
  const tty = stream.isTTY === true;
  const started = performance.now();
  const first = await s.jobs.counts(batch);
  const show = async () => {
    const c = await s.jobs.counts(batch);
    if (!quiet) {
      const line = progressLine(c, (performance.now() - started) / 1000, first.done);
      stream.write(tty ? `\r\x1b[2K${line}` : `${line}\n`);
    }
    return c;
  };
  runner.start();
  const timer = setInterval(() => void show(), tty ? 500 : 5000);
  try {
    for (;;) {
      const c = await s.jobs.counts(batch);
      if (c.queued + c.running === 0) break;
      await new Promise((r) => setTimeout(r, 250));
    }
  } finally {
    clearInterval(timer);
    await runner.stop();
  }
  const c = await show();
  if (!quiet && tty) stream.write('\n');
  return c;
}
