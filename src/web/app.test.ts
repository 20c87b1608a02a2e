import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Services } from '../app/services.js';
import { ingestPaths } from '../ingest/ingest.usecases.js';
import { createTestServices, writeFixtureDir } from '../../test/support/services.js';
import { createWebApp } from './app.js';

describe('web app', () => {
  let s: Services;
  let app: ReturnType<typeof createWebApp>;
  beforeAll(async () => {
    s = await createTestServices();
    const dir = writeFixtureDir({
      'hostile.md': '# <script>alert(1)</script> Harbor memo\n\nText with <img src=x onerror=alert(2)> and the word harbor.',
    });
    await ingestPaths(s.ingestDeps, { paths: [dir], collection: null, maxFileBytes: 1e9 });
    app = createWebApp(s);
  });
  afterAll(async () => s.close());

  it('escapes everything rendered from documents, in pages and snippets', async () => {
    const search = await (await app.request('/search?q=harbor')).text();
    expect(search).not.toContain('<script>alert(1)');
    expect(search).not.toContain('<img src=x');
    expect(search).toContain('&lt;script&gt;');
    expect(search).toContain('<mark>');
    const id = /href="\/documents\/([^"#]+)/.exec(search)![1]!;
    const doc = await (await app.request(`/documents/${id}`)).text();
    expect(doc).not.toContain('<script>alert(1)');
    expect(doc).not.toContain('<img src=x');
  });

  it('sends a Content-Security-Policy and nosniff on every response', async () => {
    for (const p of ['/', '/search?q=harbor', '/nope', '/api/search?q=harbor']) {
      const res = await app.request(p);
      expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'.*script-src 'self'/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });

  it('shows a helpful message for a malformed query instead of an error page', async () => {
    const res = await app.request('/search?q=%22unclosed');
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('Unclosed quote');
  });
});
