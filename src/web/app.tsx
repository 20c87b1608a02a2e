import { Hono } from 'hono';
import { contextStorage } from 'hono/context-storage';
import { z } from 'zod';
import type { Services } from '../app/services.js';
import { loadRecords } from '../documents/documents.usecases.js';
import type { SortOrder } from '../search/query.ast.js';
import { searchDocuments, similarDocuments } from '../search/search.usecases.js';
import { jobsStatus } from '../jobs/jobs.usecases.js';
import { DeclassError, isDeclassError } from '../shared/errors.js';
import type { AppEnv } from './context.js';
import { SearchPage } from './search.page.js';
import { ErrorPage } from './pages/error.js';
import { registerAuth } from './routes/auth.routes.js';
import { registerBookRoutes } from './routes/books.routes.js';
import { registerBrowseRoutes } from './routes/browse.routes.js';
import { registerDocumentRoutes } from './routes/documents.routes.js';
import { readerJs } from './scripts.js';
import { siteCss } from './styles.js';

const notFound = (what: string) => new DeclassError({ code: 'web.not_found', status: 404, message: `${what} was not found.` });

const SORT_PARAM: Record<string, SortOrder> = {
  relevance: 'relevance',
  date: 'date_asc',
  date_asc: 'date_asc',
  '-date': 'date_desc',
  date_desc: 'date_desc',
};

const searchParams = z.object({
  q: z.string().max(1000).default(''),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
  cursor: z.string().max(200).optional(),
  sort: z.enum(Object.keys(SORT_PARAM) as [string, ...string[]]).optional(),
  facets: z.coerce.number().int().min(0).max(100).default(10),
  /** Web form date inputs (YYYY, YYYY-MM or YYYY-MM-DD), added to the query as date:from..to. */
  from_date: z.string().max(10).optional(),
  to_date: z.string().max(10).optional(),
});

const similarParams = z.object({ limit: z.coerce.number().int().min(1).max(50).default(10) });

const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy':
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'same-origin',
};

/** The web application: server-rendered pages and the JSON API over the same services. */
export function createWebApp(s: Services): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('*', contextStorage());

  app.use('*', async (c, next) => {
    await next();
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) c.header(k, v);
  });

  // Coded errors map to their status; anything else is a 500 without internals.
  app.onError((err, c) => {
    const status = isDeclassError(err) ? err.status : 500;
    const message = isDeclassError(err) && status < 500 ? err.message : 'An internal error occurred.';
    const code = isDeclassError(err) && status < 500 ? err.code : 'internal';
    // Details of client errors (e.g. the position of a query's problem) are safe to show; internals never are.
    const details = isDeclassError(err) && status < 500 ? (err.details ?? {}) : {};
    if (status >= 500) console.error(err);
    if (c.req.path.startsWith('/api/')) return c.json({ error: { code, message, ...details } }, status as 400);
    return c.html(<ErrorPage status={status} message={message} />, status as 400);
  });
  app.notFound((c) => {
    if (c.req.path.startsWith('/api/')) return c.json({ error: { code: 'web.not_found', message: 'No such endpoint.' } }, 404);
    return c.html(<ErrorPage status={404} message="There is no page at this address." />, 404);
  });

  app.get('/static/site.css', (c) =>
    c.body(siteCss, 200, { 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': 'public, max-age=3600' }),
  );
  app.get('/static/reader.js', (c) =>
    c.body(readerJs, 200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'public, max-age=3600' }),
  );
  app.get('/healthz', (c) => c.json({ ok: true }));

  registerAuth(app, s);
  registerBrowseRoutes(app, s);

  const runSearch = async (raw: Record<string, string>) => {
    const p = searchParams.safeParse(raw);
    if (!p.success)
      throw new DeclassError({
        code: 'search.invalid_parameters',
        status: 400,
        message: `Invalid search parameters (${p.error.issues.map((i) => i.path.join('.')).join(', ')}): limit 1–100, offset ≥ 0, sort relevance|date|-date, facets 0–100.`,
      });
    const d = p.data;
    const dates = d.from_date || d.to_date ? ` date:${d.from_date ?? ''}..${d.to_date ?? ''}` : '';
    const query = `${d.q}${dates}`.trim();
    const form = { q: d.q, sort: d.sort ?? '', from_date: d.from_date ?? '', to_date: d.to_date ?? '' };
    if (!query) return { out: null, form };
    const out = await searchDocuments(s, {
      query,
      limit: d.limit,
      offset: d.offset,
      cursor: d.cursor ?? null,
      sort: d.sort ? (SORT_PARAM[d.sort] ?? null) : null,
      facetLimit: d.facets,
    });
    return { out, form };
  };

  app.get('/search', async (c) => {
    try {
      const { out, form } = await runSearch(c.req.query());
      return c.html(<SearchPage out={out} form={form} error={null} />);
    } catch (err) {
      if (isDeclassError(err) && err.status === 400) {
        const form = {
          q: c.req.query('q') ?? '',
          sort: c.req.query('sort') ?? '',
          from_date: c.req.query('from_date') ?? '',
          to_date: c.req.query('to_date') ?? '',
        };
        return c.html(<SearchPage out={null} form={form} error={err.message} />, 400);
      }
      throw err;
    }
  });

  app.get('/api/search', async (c) => {
    const { out } = await runSearch(c.req.query());
    if (!out) throw new DeclassError({ code: 'search.invalid_query', status: 400, message: 'Parameter q (the query) is required.' });
    return c.json(out);
  });

  app.get('/api/documents/:id/similar', async (c) => {
    const p = similarParams.safeParse(c.req.query());
    if (!p.success) throw new DeclassError({ code: 'search.invalid_parameters', status: 400, message: 'limit must be 1–50.' });
    await loadDocument(c.req.param('id'));
    return c.json(await similarDocuments(s, c.req.param('id'), p.data.limit));
  });

  const loadDocument = async (id: string) => {
    const row = await s.documents.get(id);
    if (!row) throw notFound(`Document ${id}`);
    const [record] = await loadRecords(s.documents, [row], { text: false });
    return { row, record: record! };
  };

  app.get('/api/jobs', async (c) => c.json(await jobsStatus(s, c.req.query('batch') || undefined)));
  app.get('/api/documents/:id', async (c) => c.json((await loadDocument(c.req.param('id'))).record));

  registerDocumentRoutes(app, s);
  registerBookRoutes(app, s);

  return app;
}
