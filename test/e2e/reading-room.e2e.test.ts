/**
 * The reading room in a real browser (Chromium driven by playwright-core):
 * readers and editors doing what they do, an accessibility check (axe-core)
 * of every page type, and screenshots at desktop and phone widths under
 * test-results/screenshots/. Records are fictional, written for these tests.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, tempDir, writeFixtureDir } from '../support/services.js';

const CHROMIUM = '/usr/bin/chromium';
const cli = path.join(repoRoot, 'dist', 'cli', 'main.js');
const require = createRequire(import.meta.url);
const shots = path.join(repoRoot, 'test-results', 'screenshots');
const PASSWORD = 'fictional-test-password';
/** Runs an expression in the page (the test files are type-checked without DOM types). */
const js = <T>(p: Page, expr: string) => p.evaluate<T>(expr);

const skipReason = !fs.existsSync(CHROMIUM)
  ? `Chromium not found at ${CHROMIUM} (apt-get install chromium; CI installs it)`
  : !fs.existsSync(cli)
    ? 'not built (npm run build)'
    : null;
if (skipReason) console.warn(`reading-room browser tests skipped: ${skipReason}`);

const page1 =
  'FICTIONAL TEST RECORD, written for the Declass tests.\n\nMEMORANDUM FOR THE FILE\n\nSUBJECT: Survey of the outer harbor\n\nThe survey party reached the breakwater at dawn.';
const page2 = 'Page two. The old lighthouse on the north mole was found in poor repair; the keeper reported the lamp failing twice.';
const page3 = 'Page three. Recommendations: dredge the channel to eight metres and rebuild the lighthouse before winter.';

describe.skipIf(skipReason !== null)('the reading room in Chromium', () => {
  const dataDir = tempDir('declass-web-e2e-');
  let server: ChildProcess;
  let base = '';
  let browser: Browser;
  let reader: BrowserContext;
  let editor: BrowserContext;
  let docId = '';
  let teiDocId = '';
  let entityId = 0;
  let collectionSlug = '';

  beforeAll(async () => {
    fs.mkdirSync(shots, { recursive: true });
    const dir = writeFixtureDir({
      'harbor-survey.txt': [page1, page2, page3].join('\f'),
      'example-volume.xml': fs.readFileSync(path.join(repoRoot, 'test', 'fixtures', 'tei', 'example-volume.xml')),
    });
    const run = (args: string[], input?: string) =>
      execFileSync(process.execPath, [cli, '--data', dataDir, ...args], {
        cwd: repoRoot,
        input,
        stdio: ['pipe', 'pipe', 'pipe'],
      }).toString();
    run([
      'ingest',
      path.join(dir, 'harbor-survey.txt'),
      '--collection',
      'Fictional harbor release',
      '--agency',
      'Department of Examples',
      '--case',
      'EX-2024-7',
      '--release-date',
      '2024-01-15',
    ]);
    run(['ingest', path.join(dir, 'example-volume.xml')]);
    run(['user', 'add', 'editor1', '--password-stdin'], `${PASSWORD}\n`);

    const port = 20000 + Math.floor(Math.random() * 20000);
    server = spawn(process.execPath, [cli, '--data', dataDir, 'serve', '--port', String(port)], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    base = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 100; i++) {
      try {
        if ((await fetch(`${base}/healthz`)).ok) break;
      } catch {
        /* not up yet */
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    const found = (await (await fetch(`${base}/api/search?q=lighthouse`)).json()) as {
      results: { id: string; collection: { slug: string } }[];
    };
    docId = found.results[0]!.id;
    collectionSlug = found.results[0]!.collection.slug;
    const db = new SQLite(path.join(dataDir, 'declass.sqlite'), { readonly: true });
    entityId = (
      db.prepare('SELECT entity_id AS id FROM entity_mentions GROUP BY entity_id ORDER BY count(*) DESC LIMIT 1').get() as { id: number }
    ).id;
    teiDocId = (db.prepare("SELECT id FROM documents WHERE source_key = 'd1'").get() as { id: string }).id;
    db.close();

    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
    reader = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    editor = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const p = await editor.newPage();
    await p.goto(`${base}/login`);
    await p.getByLabel('User name').fill('editor1');
    await p.getByLabel('Password').fill(PASSWORD);
    await p.getByRole('button', { name: 'Log in' }).click();
    await p.waitForURL(`${base}/editor`);
    await p.close();
  });

  afterAll(async () => {
    await browser?.close();
    server?.kill('SIGTERM');
  });

  it('an editor writes, previews and publishes a briefing book; it appears on the home page and in the feed', async () => {
    const p = await editor.newPage();
    await p.goto(`${base}/editor/books/new`);
    await p.getByLabel('Title').fill('The lighthouse question (fictional)');
    await p.getByLabel('Summary').fill('');
    const body = [
      `In the spring the survey party found the north lighthouse failing, as the memorandum records on its second page doc:${docId} p.2.[^1]`,
      '',
      `!doc:${docId} p.3`,
      '',
      'A raw <script>alert("x")</script> tag must stay text.',
      '',
      `[^1]: doc:${docId} p.2, the keeper's report.`,
    ].join('\n');
    await p.getByLabel('Essay (Markdown)').fill(body);
    await p.getByRole('button', { name: 'Preview' }).click();
    const preview = p.locator('section.preview');
    await expect.poll(() => preview.isVisible()).toBe(true);
    expect(await preview.locator(`a[href="/documents/${docId}#page-2"]`).count()).toBeGreaterThanOrEqual(2);
    expect(await preview.locator('figure.embed blockquote').innerText()).toContain('rebuild the lighthouse');
    expect(await preview.innerHTML()).not.toContain('<script>alert');
    // Preview saves nothing: the home page does not list it yet.
    expect(await (await fetch(`${base}/`)).text()).not.toContain('The lighthouse question');

    await p.getByRole('button', { name: 'Save and publish' }).click();
    await p.waitForURL(/\/editor\/books\/\d+\?saved=published/);

    const home = await reader.newPage();
    await home.goto(`${base}/`);
    const card = home.locator('.cards li', { hasText: 'The lighthouse question (fictional)' });
    expect(await card.count()).toBe(1);
    // The excerpt is the opening of the essay, not boilerplate.
    expect(await card.locator('p.excerpt').innerText()).toContain('the survey party found the north lighthouse failing');
    await card.getByRole('link').click();
    await home.locator(`.essay a[href="/documents/${docId}#page-2"]`).first().click();
    await home.waitForURL(`${base}/documents/${docId}#page-2`);

    const feed = await fetch(`${base}/feed.atom`);
    expect(feed.headers.get('content-type')).toContain('application/atom+xml');
    const xml = await feed.text();
    expect(xml).toContain('<feed xmlns="http://www.w3.org/2005/Atom">');
    expect(xml).toMatch(/<entry>[\s\S]*<title>The lighthouse question \(fictional\)<\/title>[\s\S]*<\/entry>/);
    expect(xml).toContain(`${base}/documents/${docId}#page-2`);
    await p.close();
    await home.close();
  });

  it('an editor corrects a date; the value becomes the editor’s and the change is logged', async () => {
    const p = await editor.newPage();
    await p.goto(`${base}/documents/${docId}`);
    await p.getByRole('link', { name: 'Edit metadata' }).click();
    await p.getByLabel('Date', { exact: true }).fill('1962-04-02');
    await p.getByRole('button', { name: 'Save changes' }).click();
    await p.waitForURL(new RegExp(`/documents/${docId}\\?saved=1`));
    expect(await p.locator('[role=status]').innerText()).toContain('Saved 1 change');
    const dateRow = p.locator('.meta dt:text-is("Date") + dd');
    expect(await dateRow.innerText()).toContain('1962-04-02');
    expect(await dateRow.locator('.prov').innerText()).toBe('editor');
    const history = p.locator('#history table');
    expect(await history.locator('tbody tr').count()).toBe(1);
    const row = await history.locator('tbody tr').first().innerText();
    expect(row).toContain('editor1');
    expect(row).toContain('date');
    expect(row).toContain('1962-04-02');
    // Readers see the history too, but no edit button.
    const r = await reader.newPage();
    await r.goto(`${base}/documents/${docId}`);
    expect(await r.locator('#history tbody tr').count()).toBe(1);
    expect(await r.getByRole('link', { name: 'Edit metadata' }).count()).toBe(0);
    // A POST without the session's CSRF token is refused.
    const forged = await fetch(`${base}/documents/${docId}/edit`, { method: 'POST', body: new URLSearchParams({ date: '1900' }) });
    expect(forged.status).toBe(401);
    await p.close();
    await r.close();
  });

  it('a reader moves through a document with the keyboard', async () => {
    const p = await reader.newPage();
    await p.goto(`${base}/documents/${docId}`);
    await p.locator('body').click({ position: { x: 5, y: 5 } });
    await p.keyboard.press('ArrowRight');
    await expect.poll(() => js<string>(p, 'location.hash')).toBe('#page-2');
    expect(await js<string>(p, 'document.activeElement?.id')).toBe('page-2');
    await p.keyboard.press('j');
    await expect.poll(() => js<string>(p, 'location.hash')).toBe('#page-3');
    await p.keyboard.press('k');
    await expect.poll(() => js<string>(p, 'location.hash')).toBe('#page-2');
    expect(await p.locator('#reader-status').innerText()).toContain('Page 2 of 3');
    expect(await p.locator('.thumbs a[aria-current="true"]').innerText()).toContain('2');
    // Tab reaches the page links: everything is reachable without a mouse.
    await p.locator('.thumbs a[data-page="3"]').focus();
    await p.keyboard.press('Enter');
    await expect.poll(() => js<string>(p, 'location.hash')).toBe('#page-3');
    await p.close();
  });

  it('a reader opens a search result and sees the hit highlighted in the text', async () => {
    const p = await reader.newPage();
    await p.goto(`${base}/search?q=lighthouse`);
    await p.locator('ol.results a').first().click();
    await p.waitForURL(new RegExp(`/documents/${docId}`));
    const hits = p.locator('#page-2 mark.hit');
    expect(await hits.count()).toBeGreaterThan(0);
    expect((await hits.first().innerText()).toLowerCase()).toBe('lighthouse');
    expect(await hits.first().isVisible()).toBe(true);
    await p.keyboard.press('n');
    expect(await js<string>(p, 'document.activeElement?.className')).toBe('hit');
    await p.close();
  });

  it('every page type passes axe (no serious or critical violation); screenshots at desktop and phone widths', async () => {
    // The site's CSP forbids injected scripts (as it should); the audit contexts let axe in.
    const audit = { bypassCSP: true, viewport: { width: 1280, height: 800 } };
    const anon = await browser.newContext(audit);
    const ed = await browser.newContext({ ...audit, storageState: await editor.storageState() });
    const pages: [string, BrowserContext, string][] = [
      ['home', anon, '/'],
      ['search', anon, '/search?q=lighthouse'],
      ['document', anon, `/documents/${docId}?q=lighthouse`],
      ['document-tei', anon, `/documents/${teiDocId}`],
      ['entity', anon, `/entities/${entityId}`],
      ['timeline', anon, '/timeline'],
      ['timeline-year', anon, '/timeline?span=1917'],
      ['collection', anon, `/collections/${collectionSlug}`],
      ['books', anon, '/books'],
      ['briefing-book', anon, '/books/the-lighthouse-question-fictional'],
      ['login', anon, '/login'],
      ['editor', ed, '/editor'],
      ['editor-book', ed, '/editor/books/1'],
      ['editor-document', ed, `/documents/${docId}/edit`],
    ];
    const axePath = require.resolve('axe-core/axe.min.js');
    const problems: string[] = [];
    for (const [name, ctx, url] of pages) {
      const p: Page = await ctx.newPage();
      const res = await p.goto(`${base}${url}`);
      expect(res?.status(), `${name} ${url}`).toBe(200);
      await p.addScriptTag({ path: axePath });
      const result = await js<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }>(p, 'axe.run(document)');
      for (const v of result.violations) {
        if (v.impact === 'serious' || v.impact === 'critical')
          problems.push(`${name}: ${v.id} (${v.impact}) at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      }
      await p.screenshot({ path: path.join(shots, `${name}-desktop.png`), fullPage: true });
      await p.setViewportSize({ width: 390, height: 844 });
      await p.screenshot({ path: path.join(shots, `${name}-phone.png`), fullPage: true });
      // Nothing overflows sideways on a phone.
      expect(await js<number>(p, 'document.documentElement.scrollWidth'), `${name} fits 390px`).toBeLessThanOrEqual(390);
      await p.close();
    }
    await anon.close();
    await ed.close();
    expect(problems).toEqual([]);
  });
});
