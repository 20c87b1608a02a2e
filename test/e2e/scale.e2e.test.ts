/**
 * Scale-out on PostgreSQL: three `declass worker` processes share one queue.
 * One is killed with SIGKILL while it holds a page; its lease runs out and
 * another worker finishes that page. Every page must be OCR'd exactly once:
 * one OCR row, its text once in the search index, every job done.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { nativeTesseractAvailable } from '../../src/ocr/native.js';
import { createTestDatabase, NO_POSTGRES, postgresUrl } from '../support/engines.js';
import { scannedPdf } from '../support/scans.js';
import { repoRoot, tempDir, writeFixtureDir } from '../support/services.js';

const PAGES = 12;
const cli = path.join(repoRoot, 'dist', 'cli', 'main.js');
const native = nativeTesseractAvailable();
const built = fs.existsSync(cli);
const skip = !postgresUrl ? NO_POSTGRES : !native ? 'native tesseract is not on the PATH' : !built ? 'not built (npm run build)' : null;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(skip !== null)(`three workers on one PostgreSQL archive${skip ? ` (skipped: ${skip})` : ''}`, () => {
  it('OCRs every page exactly once when one of three workers is killed mid-batch', async () => {
    const database = await createTestDatabase();
    const dataDir = tempDir('declass-scale-');
    const env = { ...process.env, DECLASS_DATA: dataDir, DECLASS_DATABASE: database.url, DECLASS_JOB_LEASE_MS: '3000' };
    const client = new pg.Client({ connectionString: database.url });
    const workers: ChildProcess[] = [];
    try {
      const pages = Array.from({ length: PAGES }, (_, i) => [`PAGE NUMBER ${i + 1}`, `The harbor report continues on page ${i + 1}.`]);
      const dir = writeFixtureDir({ 'batch.pdf': scannedPdf(pages) });
      const ingest = spawnSync(process.execPath, [cli, 'ingest', dir, '--no-wait', '--quiet'], { env, encoding: 'utf8', timeout: 60_000 });
      expect(ingest.status, ingest.stderr).toBe(0);
      await client.connect();
      const q = async <T>(text: string, values: unknown[] = []) => (await client.query(text, values)).rows as T[];
      expect((await q<{ n: number }>("select count(*)::int as n from jobs where status = 'queued'"))[0]!.n).toBe(PAGES);

      const exits: Promise<number | null>[] = [];
      const logs: string[] = [];
      for (let i = 0; i < 3; i++) {
        const w = spawn(process.execPath, [cli, 'worker', '--concurrency', '1', '--until-idle'], {
          env,
          stdio: ['ignore', 'ignore', 'pipe'],
        });
        logs.push('');
        w.stderr.on('data', (d: Buffer) => (logs[i] += d.toString()));
        workers.push(w);
        exits.push(new Promise((r) => w.once('exit', (code) => r(code))));
      }

      // Kill the first worker while it holds a page, once some pages are done.
      const victim = workers[0]!;
      let held: { id: number } | undefined;
      for (let i = 0; i < 400 && !held; i++) {
        await sleep(50);
        const [done] = await q<{ n: number }>("select count(*)::int as n from jobs where status = 'done'");
        if (done!.n < 1) continue;
        [held] = await q<{ id: number }>("select id from jobs where status = 'running' and lease_owner like $1", [`%:${victim.pid}:%`]);
      }
      expect(held, 'the first worker never held a page').toBeDefined();
      victim.kill('SIGKILL');
      expect(await exits[0]).toBeNull();
      const [doneAtKill] = await q<{ n: number }>("select count(*)::int as n from jobs where status = 'done'");
      expect(doneAtKill!.n).toBeLessThan(PAGES);

      expect(await Promise.all(exits.slice(1)), logs.join('\n')).toEqual([0, 0]);

      expect(await q('select status, count(*)::int as n from jobs group by status')).toEqual([{ status: 'done', n: PAGES }]);
      // The killed worker's page was taken over after its lease: claimed twice, done once.
      expect((await q<{ attempts: number; status: string }>('select attempts, status from jobs where id = $1', [held!.id]))[0]).toEqual({
        attempts: 2,
        status: 'done',
      });
      const rows = await q<{ page_no: number; text_source: string; status: string; text: string; ocr: number; indexed: boolean }>(
        `select p.page_no, p.text_source, p.status, p.text,
                (select count(*)::int from page_ocr o where o.page_id = p.id) as ocr,
                p.tsv @@ to_tsquery('english', 'number') as indexed
         from pages p order by p.page_no`,
      );
      expect(rows).toHaveLength(PAGES);
      for (const r of rows) {
        expect([r.text_source, r.status, r.ocr, r.indexed]).toEqual(['ocr', 'ready', 1, true]);
        expect(r.text).toContain(`PAGE NUMBER ${r.page_no}`);
      }
      // Each page's text is in the index once: one page row per page, one document row.
      expect(await q("select count(*)::int as n from pages where tsv @@ to_tsquery('english', 'harbor')")).toEqual([{ n: PAGES }]);
      expect(await q('select count(*)::int as n from search_docs')).toEqual([{ n: 1 }]);
      expect(await q('select status from documents')).toEqual([{ status: 'ready' }]);
    } finally {
      for (const w of workers) if (w.exitCode === null && w.signalCode === null) w.kill('SIGKILL');
      await client.end().catch(() => undefined);
      await database.drop();
    }
  }, 90_000);
});
