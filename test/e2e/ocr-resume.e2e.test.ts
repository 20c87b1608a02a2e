/**
 * Crash safety of the page queue: `declass ingest` is killed with SIGKILL in
 * the middle of OCR, then `declass worker --until-idle` resumes. Every page
 * must end up OCR'd exactly once: one OCR row, one search row, its job done.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { nativeTesseractAvailable } from '../../src/ocr/native.js';
import { scannedPdf } from '../support/scans.js';
import { repoRoot, tempDir, writeFixtureDir } from '../support/services.js';

const PAGES = 8;
const tsx = path.join(repoRoot, 'node_modules', '.bin', 'tsx');
const cli = path.join(repoRoot, 'src', 'cli', 'main.ts');
const native = nativeTesseractAvailable();

const env = (dataDir: string) => ({ ...process.env, DECLASS_DATA: dataDir, DECLASS_JOB_LEASE_MS: '2000', DECLASS_WORKERS: '2' });

describe.skipIf(!native)(`resume after kill -9${native ? '' : ' (skipped: native tesseract is not on the PATH)'}`, () => {
  it('OCRs every page exactly once after a SIGKILL mid-batch and a restart', async () => {
    const pages = Array.from({ length: PAGES }, (_, i) => [`PAGE NUMBER ${i + 1}`, `The harbor report continues on page ${i + 1}.`]);
    const dir = writeFixtureDir({ 'batch.pdf': scannedPdf(pages) });
    const dataDir = tempDir();
    const dbFile = path.join(dataDir, 'declass.sqlite');

    const child = spawn(tsx, [cli, 'ingest', dir, '--quiet'], { env: env(dataDir), stdio: 'ignore' });
    const exited = new Promise((r) => child.once('exit', r));
    // Kill once some pages are done and some are not.
    let doneAtKill = 0;
    for (let i = 0; i < 600; i++) {
      await new Promise((r) => setTimeout(r, 100));
      if (!fs.existsSync(dbFile)) continue;
      try {
        const db = new Database(dbFile, { readonly: true, fileMustExist: true });
        const row = db.prepare("select count(*) as n from jobs where status = 'done'").get() as { n: number } | undefined;
        db.close();
        doneAtKill = row?.n ?? 0;
      } catch {
        continue; // tables not created yet
      }
      if (doneAtKill >= 1) break;
    }
    child.kill('SIGKILL');
    await exited;
    expect(doneAtKill).toBeGreaterThanOrEqual(1);
    expect(doneAtKill).toBeLessThan(PAGES);

    const resumed = spawnSync(tsx, [cli, 'worker', '--until-idle'], { env: env(dataDir), encoding: 'utf8', timeout: 240_000 });
    expect(resumed.status, resumed.stderr).toBe(0);

    const db = new Database(dbFile, { readonly: true });
    const q = <T>(sql: string) => db.prepare(sql).all() as T[];
    expect(q<{ status: string; n: number }>('select status, count(*) as n from jobs group by status')).toEqual([
      { status: 'done', n: PAGES },
    ]);
    const rows = q<{ page_no: number; text_source: string; status: string; text: string; ocr: number }>(
      `select p.page_no, p.text_source, p.status, p.text,
              (select count(*) from page_ocr o where o.page_id = p.id) as ocr
       from pages p order by p.page_no`,
    );
    expect(rows).toHaveLength(PAGES);
    for (const r of rows) {
      expect([r.text_source, r.status, r.ocr]).toEqual(['ocr', 'ready', 1]);
      expect(r.text).toContain(`PAGE NUMBER ${r.page_no}`);
      // The document index holds every page's OCR text (a lost page would be missing from it).
      expect(q<{ n: number }>(`select count(*) as n from doc_fts where doc_fts match '"page number ${r.page_no}"'`)[0]!.n).toBe(1);
    }
    expect(q<{ n: number }>('select count(*) as n from search_docs')[0]!.n).toBe(1);
    expect(q<{ status: string }>('select status from documents')).toEqual([{ status: 'ready' }]);
    db.close();
  }, 300_000);
});
