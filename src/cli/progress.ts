import type { IngestProgress } from '../ingest/ingest.usecases.js';

const fmtTime = (s: number) => {
  if (!Number.isFinite(s)) return '--:--';
  const m = Math.floor(s / 60);
  return `${m}:${String(Math.floor(s % 60)).padStart(2, '0')}`;
};

/**
 * On a terminal: one redrawn line with a bar, count, rate and ETA (failures
 * are printed above it as they happen). Otherwise: one plain line per file.
 */
export function createProgressReporter(stream: NodeJS.WriteStream, opts: { quiet?: boolean } = {}): IngestProgress {
  const tty = stream.isTTY === true;
  let started = 0;
  let lastDraw = 0;
  return {
    start(total) {
      started = performance.now();
      if (!opts.quiet && !tty) stream.write(`ingesting ${total} file(s)\n`);
    },
    file(o, done, total) {
      if (opts.quiet) return;
      const elapsed = (performance.now() - started) / 1000;
      const rate = done / Math.max(elapsed, 1e-6);
      const eta = (total - done) / rate;
      if (!tty) {
        const what =
          o.outcome === 'failed'
            ? `FAILED ${o.errorCode}: ${o.message}`
            : o.outcome === 'duplicate'
              ? 'duplicate, skipped'
              : `${o.documents} document(s)`;
        stream.write(`[${done}/${total}] ${o.path}: ${what}\n`);
        return;
      }
      if (o.outcome === 'failed') stream.write(`\r\x1b[2Kfailed ${o.path}: ${o.errorCode}: ${o.message}\n`);
      const now = performance.now();
      if (done < total && now - lastDraw < 80) return;
      lastDraw = now;
      const width = 30;
      const filled = Math.round((done / Math.max(total, 1)) * width);
      const bar = '#'.repeat(filled) + '-'.repeat(width - filled);
      stream.write(`\r\x1b[2K[${bar}] ${done}/${total} files  ${rate.toFixed(1)}/s  ETA ${fmtTime(eta)}`);
      if (done === total) stream.write('\n');
    },
  };
}
