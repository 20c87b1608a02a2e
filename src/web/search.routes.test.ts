import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Services } from '../app/services.js';
import { ingestPaths } from '../ingest/ingest.usecases.js';
import { createTestServices, repoRoot } from '../../test/support/services.js';
import { createWebApp } from './app.js';

let s: Services;
let app: ReturnType<typeof createWebApp>;

beforeAll(async () => {
  s = await createTestServices();
  await ingestPaths(s.ingestDeps, {
    paths: [path.join(repoRoot, 'test/fixtures/tei/example-volume.xml'), path.join(repoRoot, 'examples')],
    collection: null,
    maxFileBytes: s.config.maxFileBytes,
  });
  app = createWebApp(s);
});
afterAll(async () => {
  await s.close();
});

const getJson = async (url: string) => {
  const res = await app.request(url);
  return {
    status: res.status,
    body: (await res.json()) as Record<string, unknown> & { error?: { code: string; message: string; position?: number } },
  };
};

describe('GET /api/search', () => {
  it('returns total, results with page, snippet, source and facets', async () => {
    const { status, body } = await getJson('/api/search?q=ambassador');
    expect(status).toBe(200);
    expect(body.total).toBeGreaterThan(0);
    const results = body.results as {
      id: string;
      title: string;
      page: number;
      snippet: string;
      url: string;
      source: { path: string };
      score: number;
    }[];
    expect(results[0]).toMatchObject({ page: expect.any(Number) as number, score: expect.any(Number) as number });
    expect(results[0]!.source.path).toMatch(/example-volume\.xml$/);
    expect(results[0]!.url).toMatch(/^\/documents\/.+#page-\d+$/);
    expect(body.facets).toHaveProperty('fields');
    // A result carries its record's title, date, type, collection and source (from a subset of its stored fields).
    const record = (await getJson(`/api/documents/${encodeURIComponent(results[0]!.id)}`)).body;
    expect(record.date).not.toBeNull();
    expect(results[0]).toMatchObject({
      title: record.title,
      date: record.date,
      type: record.type,
      collection: record.collection,
      source: { path: (record.source as { path: string }).path },
    });
  });

  it.each(['"unclosed', '(a OR b', 'a OR', 'foo:bar', '"a" OR x:y) NEAR(', 'NEAR(a)', 'date:2024-99'])(
    'answers a malformed query (%s) with 400 search.invalid_query and a position, never 500',
    async (q) => {
      const { status, body } = await getJson(`/api/search?q=${encodeURIComponent(q)}`);
      expect(status).toBe(400);
      expect(body.error?.code).toBe('search.invalid_query');
      expect(body.error?.position).toEqual(expect.any(Number));
    },
  );

  it('rejects bad parameters and cursors with 400', async () => {
    expect((await getJson('/api/search?q=a&limit=0')).body.error?.code).toBe('search.invalid_parameters');
    expect((await getJson('/api/search?q=a&sort=sideways')).body.error?.code).toBe('search.invalid_parameters');
    expect((await getJson('/api/search?q=ambassador&cursor=garbage')).body.error?.code).toBe('search.invalid_cursor');
    expect((await getJson('/api/search')).status).toBe(400);
  });

  it('pages with the cursor it gives out', async () => {
    const first = await getJson('/api/search?q=the&limit=1&facets=0');
    expect(first.body.next).toEqual(expect.any(String));
    const second = await getJson(`/api/search?q=the&limit=1&facets=0&cursor=${String(first.body.next)}`);
    const a = (first.body.results as { id: string }[])[0]!.id;
    const b = (second.body.results as { id: string }[])[0]!.id;
    expect(b).not.toBe(a);
  });

  it('similar documents: 200 for a document, 404 for an unknown one', async () => {
    const hit = (await getJson('/api/search?q=ambassador')).body.results as { id: string }[];
    const { status, body } = await getJson(`/api/documents/${encodeURIComponent(hit[0]!.id)}/similar`);
    expect(status).toBe(200);
    expect(body).toHaveProperty('results');
    expect((await getJson('/api/documents/nope/similar')).status).toBe(404);
  });
});

describe('GET /search (web page)', () => {
  it('renders results, facet links that add filters, sort and dates, without scripts', async () => {
    const res = await app.request('/search?q=ambassador');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<select name="sort"');
    expect(html).toContain('name="from_date"');
    expect(html).toMatch(/href="\/search\?q=ambassador\+type%3A/);
    expect(html).not.toContain('<script');
  });

  it('shows the parser message for a malformed query with status 400', async () => {
    const res = await app.request(`/search?q=${encodeURIComponent('(lake')}`);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('never closed');
  });

  it('applies the date form fields', async () => {
    const res = await app.request('/search?q=ambassador&from_date=1800&to_date=1801');
    expect(await res.text()).toContain('No document matches');
  });
});
