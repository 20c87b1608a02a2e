/**
 * The page-image viewer in a real browser (Chromium driven by playwright-core):
 * a scanned record (typed text rendered to an image-only PDF, generated here)
 * is ingested and OCR'd by the built CLI, then a reader searches a word, opens
 * the result, and finds the hit drawn on the page image over the OCR word;
 * zooms and pans with keyboard, buttons and mouse; hides the text; and the
 * page passes axe. Screenshots at desktop and phone widths go to
 * test-results/screenshots/. The record is fictional, written for this test.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nativeTesseractAvailable } from '../../src/ocr/native.js';
import { scannedPdf } from '../support/scans.js';
import { repoRoot, tempDir, writeFixtureDir } from '../support/services.js';

const CHROMIUM = '/usr/bin/chromium';
const cli = path.join(repoRoot, 'dist', 'cli', 'main.js');
const require = createRequire(import.meta.url);
const shots = path.join(repoRoot, 'test-results', 'screenshots');
/** Runs an expression in the page (the test files are type-checked without DOM types). */
const js = <T>(p: Page, expr: string) => p.evaluate<T>(expr);

const skipReason = !fs.existsSync(CHROMIUM)
  ? `Chromium not found at ${CHROMIUM} (apt-get install chromium; CI installs it)`
  : !fs.existsSync(cli)
    ? 'not built (npm run build)'
    : !nativeTesseractAvailable()
      ? 'the tesseract binary is not on the PATH (apt-get install tesseract-ocr; CI installs it)'
      : null;
if (skipReason) console.warn(`page-viewer browser tests skipped: ${skipReason}`);

const PAGES = [
  ['FICTIONAL SCANNED RECORD', 'Written for the Declass tests.', '', 'The harbor pilot saw the beacon', 'at the end of the breakwater.'],
  ['The old lighthouse keeper wrote', 'about the failing lamp and the', 'storm damage to the north mole.'],
];

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}
const overlap = (a: Box, b: Box) =>
  Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)) *
  Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y));

describe.skipIf(skipReason !== null)('the page-image viewer in Chromium', () => {
  const dataDir = tempDir('declass-viewer-e2e-');
  let server: ChildProcess;
  let base = '';
  let browser: Browser;
  let docId = '';

  beforeAll(async () => {
    fs.mkdirSync(shots, { recursive: true });
    const dir = writeFixtureDir({ 'keeper-report.pdf': scannedPdf(PAGES) });
    // `ingest` waits for the page jobs (images, OCR) by default.
    execFileSync(process.execPath, [cli, '--data', dataDir, 'ingest', dir, '--quiet'], { cwd: repoRoot, stdio: 'pipe', timeout: 170_000 });
    const port = 20000 + Math.floor(Math.random() * 20000);
    server = spawn(process.execPath, [cli, '--data', dataDir, 'serve', '--port', String(port)], { cwd: repoRoot, stdio: 'ignore' });
    base = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 100; i++) {
      try {
        if ((await fetch(`${base}/healthz`)).ok) break;
      } catch {
        /* not up yet */
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    // Nothing left to do in the queue: every page has its image and OCR words.
    const jobs = (await (await fetch(`${base}/api/jobs`)).json()) as Record<string, unknown>;
    expect(JSON.stringify(jobs)).not.toMatch(/"(queued|running)":[1-9]/);
    const found = (await (await fetch(`${base}/api/search?q=lighthouse`)).json()) as { results: { id: string }[] };
    docId = found.results[0]!.id;
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    server?.kill('SIGTERM');
  });

  it('a reader searches a word, opens the result and sees the hit boxed on the page image over the OCR word', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const p = await ctx.newPage();
    await p.goto(`${base}/search?q=lighthouse`);
    await p.locator('ol.results a').first().click();
    await p.waitForURL(new RegExp(`/documents/${docId}\\?q=lighthouse#page-2`));
    const img = p.locator('#page-2 figure.page-image img');
    await expect.poll(() => js<number>(p, `document.querySelector('#page-2 figure.page-image img').naturalWidth`)).toBeGreaterThan(0);
    expect(await img.getAttribute('alt')).toMatch(/^Page 2 of /);
    const rect = p.locator('#page-2 svg.hits rect.hit-box');
    expect(await rect.count()).toBe(1);
    expect(await rect.getAttribute('data-word')).toBe('lighthouse');
    expect(await p.locator('#page-2 mark.hit').first().innerText()).toBe('lighthouse');
    expect(await p.locator('#page-1 svg.hits').count()).toBe(0);

    // Where OCR found the word, in CSS pixels of the image as laid out.
    const words = (await (await fetch(`${base}/documents/${docId}/pages/2/words.json?q=lighthouse`)).json()) as {
      words: [string, number, number, number, number][];
      hits: number[];
    };
    const [, x0, y0, x1, y1] = words.words[words.hits[0]!]!;
    const wordAt = async (): Promise<Box> => {
      const b = (await img.boundingBox())!;
      return { x: b.x + x0 * b.width, y: b.y + y0 * b.height, width: (x1 - x0) * b.width, height: (y1 - y0) * b.height };
    };
    const word = await wordAt();
    const drawn = (await rect.boundingBox())!;
    expect(overlap(word, drawn) / (word.width * word.height)).toBeGreaterThan(0.9);
    expect(drawn.width).toBeLessThan(word.width * 1.5);

    // The image sits beside the text on a desktop.
    const fig = (await p.locator('#page-2 figure.page-image').boundingBox())!;
    const text = (await p.locator('#page-2 .page-text').boundingBox())!;
    expect(text.x).toBeGreaterThanOrEqual(fig.x + fig.width - 1);

    // Zoom with the keyboard: + twice, the box stays over the word; arrows pan; 0 fits again.
    const fitWidth = (await img.boundingBox())!.width;
    await p.keyboard.press('+');
    await p.keyboard.press('+');
    await expect.poll(() => p.locator('#page-2 figure.page-image').getAttribute('data-zoom')).toBe('2');
    expect((await img.boundingBox())!.width).toBeCloseTo(fitWidth * 2, 0);
    expect(await p.locator('#page-2 .zoom-level').innerText()).toBe('200%');
    const zoomedWord = await wordAt();
    const zoomedBox = (await rect.boundingBox())!;
    expect(overlap(zoomedWord, zoomedBox) / (zoomedWord.width * zoomedWord.height)).toBeGreaterThan(0.9);
    const viewport = p.locator('#page-2 .viewport');
    expect(await viewport.getAttribute('tabindex')).toBe('0');
    const left0 = await js<number>(p, `document.querySelector('#page-2 .viewport').scrollLeft`);
    await p.keyboard.press('ArrowRight');
    await expect.poll(() => js<number>(p, `document.querySelector('#page-2 .viewport').scrollLeft`)).toBeGreaterThan(left0);
    expect(await js<string>(p, 'location.hash')).toBe('#page-2'); // panning, not turning the page
    // Drag to pan.
    const vb = (await viewport.boundingBox())!;
    const top0 = await js<number>(p, `document.querySelector('#page-2 .viewport').scrollTop`);
    await p.mouse.move(vb.x + vb.width / 2, vb.y + vb.height / 2);
    await p.mouse.down();
    await p.mouse.move(vb.x + vb.width / 2 - 40, vb.y + vb.height / 2 - 60, { steps: 4 });
    await p.mouse.up();
    expect(await js<number>(p, `document.querySelector('#page-2 .viewport').scrollTop`)).toBeGreaterThan(top0);
    await p.screenshot({ path: path.join(shots, 'viewer-zoomed-desktop.png') });
    await p.keyboard.press('0');
    await expect.poll(() => p.locator('#page-2 figure.page-image').getAttribute('data-zoom')).toBe('1');
    expect((await img.boundingBox())!.width).toBeCloseTo(fitWidth, 0);
    // Not zoomed: the arrow keys turn pages again.
    await p.locator('body').click({ position: { x: 5, y: 5 } });
    await p.keyboard.press('ArrowLeft');
    await expect.poll(() => js<string>(p, 'location.hash')).toBe('#page-1');

    // Buttons do the same, with labels.
    await p.getByRole('button', { name: 'Zoom into page 1' }).click();
    expect(await p.locator('#page-1 figure.page-image').getAttribute('data-zoom')).toBe('1.5');
    await p.getByRole('button', { name: 'Fit page 1 to the column' }).click();
    expect(await p.locator('#page-1 figure.page-image').getAttribute('data-zoom')).toBe('1');

    // The thumbnails strip marks the current page; the text toggle gives the image the whole column.
    await p.locator('.thumbs a[data-page="2"]').click();
    await expect.poll(() => p.locator('.thumbs a[aria-current="true"]').getAttribute('data-page')).toBe('2');
    await expect.poll(() => js<number>(p, `document.querySelector('.thumbs a[data-page="2"] img').naturalWidth`)).toBeGreaterThan(0);
    const toggle = p.getByRole('button', { name: 'Page text beside the image' });
    await toggle.click();
    expect(await toggle.getAttribute('aria-pressed')).toBe('false');
    expect(await p.locator('#page-2 .page-text').isVisible()).toBe(false);
    expect((await img.boundingBox())!.width).toBeGreaterThan(fitWidth * 1.3);
    await toggle.click();
    expect(await p.locator('#page-2 .page-text').isVisible()).toBe(true);
    await ctx.close();
  });

  it('works without JavaScript: image, hit box and links; no zoom buttons', async () => {
    const ctx = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
    const p = await ctx.newPage();
    await p.goto(`${base}/documents/${docId}?q=lighthouse`);
    expect(await p.locator('#page-2 svg.hits rect.hit-box').count()).toBe(1);
    expect(await p.locator('#page-2 figure.page-image img').isVisible()).toBe(true);
    expect(await p.locator('.zoom-tools').first().isVisible()).toBe(false);
    await p.locator('.thumbs a[data-page="2"]').click();
    expect(new URL(p.url()).hash).toBe('#page-2');
    await ctx.close();
  });

  it('the viewer passes axe (no serious or critical violation); screenshots at desktop and phone widths', async () => {
    // The site's CSP forbids injected scripts (as it should); the audit context lets axe in.
    const ctx = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 800 } });
    const p = await ctx.newPage();
    await p.goto(`${base}/documents/${docId}?q=lighthouse#page-2`);
    await p.keyboard.press('+'); // audit the zoomed state too (a scrollable region)
    await p.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
    const result = await js<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }>(p, 'axe.run(document)');
    const problems = result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}) at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    expect(problems).toEqual([]);
    await p.keyboard.press('0');
    await p.screenshot({ path: path.join(shots, 'viewer-desktop.png'), fullPage: true });
    await p.setViewportSize({ width: 390, height: 844 });
    await p.screenshot({ path: path.join(shots, 'viewer-phone.png'), fullPage: true });
    // On a phone: nothing overflows sideways, and the text comes below the image.
    expect(await js<number>(p, 'document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    const fig = (await p.locator('#page-2 figure.page-image').boundingBox())!;
    const text = (await p.locator('#page-2 .page-text').boundingBox())!;
    expect(text.y).toBeGreaterThanOrEqual(fig.y + fig.height - 1);
    await ctx.close();
  });
});
