import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, tempDir, writeFixtureDir } from '../support/services.js';

const run = promisify(execFile);
const cli = path.join(repoRoot, 'dist', 'cli', 'main.js');

async function declass(dataDir: string, ...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [cli, '--data', dataDir, ...args], {
      cwd: repoRoot,
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe.skipIf(!fs.existsSync(cli))('the declass command (built: npm run build)', () => {
  const dataDir = tempDir('declass-cli-');

  it('ingests a folder with --json, reports bad files, and de-duplicates a rerun', async () => {
    const dir = writeFixtureDir({
      'memo.txt': 'MEMORANDUM FOR THE FILE\n\nSUBJECT: Example record about harbor dredging\n\nAn example record written for the tests.',
      'broken.xml': '<?xml version="1.0"?><TEI><text><body><div type="document">unclosed',
    });
    const first = await declass(dataDir, 'ingest', dir, '--json', '--collection', 'Test release', '--case', 'EX-1');
    expect(first.code).toBe(1); // one file failed
    const summary = JSON.parse(first.stdout) as {
      ingested: number;
      failed: number;
      outcomes: { path: string; errorCode: string | null; message: string | null }[];
    };
    expect(summary.ingested).toBe(1);
    expect(summary.failed).toBe(1);
    const bad = summary.outcomes.find((o) => o.path.endsWith('broken.xml'))!;
    expect(bad.errorCode).toBe('ingest.malformed_xml');
    expect(bad.message).toContain('broken.xml');
    const second = await declass(dataDir, 'ingest', path.join(dir, 'memo.txt'), '--json');
    expect(JSON.parse(second.stdout)).toMatchObject({ ingested: 0, duplicates: 1 });
  });

  it('searches with --json and exports JSON lines', async () => {
    const found = await declass(dataDir, 'search', 'dredging', '--json');
    expect(found.code).toBe(0);
    const out = JSON.parse(found.stdout) as {
      total: number;
      results: { id: string; snippet: string; page: number; source: { path: string } }[];
    };
    expect(out.total).toBe(1);
    expect(out.results[0]!.snippet).toContain('<mark>dredging</mark>');
    expect(out.results[0]!.source.path).toMatch(/memo\.txt$/);
    const bad = await declass(dataDir, 'search', '"unclosed');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('search.invalid_query');
    const exported = await declass(dataDir, 'export', '--format', 'jsonl', '--with-text');
    const lines = exported.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const record = JSON.parse(lines[0]!) as { id: string; collection: { title: string }; text: string };
    expect(record.collection.title).toBe('Test release');
    expect(record.text).toContain('harbor dredging');
  });

  describe('serve', () => {
    let server: ReturnType<typeof spawn>;
    let base = '';
    beforeAll(async () => {
      const port = 20000 + Math.floor(Math.random() * 20000);
      server = spawn(process.execPath, [cli, '--data', dataDir, 'serve', '--port', String(port), '--examples'], {
        cwd: repoRoot,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      base = `http://127.0.0.1:${port}`;
      for (let i = 0; i < 100; i++) {
        try {
          if ((await fetch(`${base}/healthz`)).ok) return;
        } catch {
          /* not up yet */
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error('server did not start');
    });
    afterAll(() => {
      server.kill('SIGTERM');
    });

    it('serves the home page with collections and security headers', async () => {
      const res = await fetch(`${base}/`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
      const html = await res.text();
      expect(html).toContain('Test release');
      expect(html).toMatch(/<strong>\d+<\/strong> documents/);
    });

    it('search page, document page with metadata and text, original download', async () => {
      const page = await (await fetch(`${base}/search?q=dredging`)).text();
      const link = /href="(\/documents\/[^"#?]+)(?:\?q=[^"#]*)?#page-(\d+)"/.exec(page);
      expect(link).not.toBeNull();
      const doc = await fetch(`${base}${link![1]}`);
      expect(doc.status).toBe(200);
      const html = await doc.text();
      expect(html).toContain('id="page-1"');
      const original = await fetch(`${base}${link![1]}/original`);
      expect(original.status).toBe(200);
      expect(original.headers.get('content-disposition')).toContain('attachment');
    });

    it('answers bad requests with coded errors, never a 500', async () => {
      const api = await fetch(`${base}/api/search?q=${encodeURIComponent('"unclosed')}`);
      expect(api.status).toBe(400);
      expect(((await api.json()) as { error: { code: string } }).error.code).toBe('search.invalid_query');
      expect((await fetch(`${base}/documents/nope`)).status).toBe(404);
      expect((await fetch(`${base}/api/documents/nope`)).status).toBe(404);
      expect((await fetch(`${base}/api/search?q=x&limit=100000`)).status).toBe(400);
    });
  });
});
