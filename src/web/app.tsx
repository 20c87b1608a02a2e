import { Hono } from 'hono';
import { contextStorage } from 'hono/context-storage';
import { z } from 'zod';
import type { Services } from '../app/services.js';
import { loadRecords } from '../documents/documents.usecases.js';
import { searchDocuments } from '../search/search.usecases.js';
import { jobsStatus } from '../jobs/jobs.usecases.js';
import { DeclassError, isDeclassError } from '../shared/errors.js';
import type { AppEnv } from './context.js';
import { SearchPage } from './pages.js';
import { ErrorPage } from './pages/error.js';
import { registerAuth } from './routes/auth.routes.js';
import { registerBookRoutes } from './routes/books.routes.js';
import { registerBrowseRoutes } from './routes/browse.routes.js';
import { registerDocumentRoutes } from './routes/documents.routes.js';
import { readerJs } from './scripts.js';
import { siteCss } from './styles.js';

const notFound = (what: string) => new DeclassError({ code: 'web.not_found', status: 404, message: `${what} was not found.` });

const searchParams = z.object({
  q: z.string().max(1000).default(''),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
});

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
    if (status >= 500) console.error(err);
    if (c.req.path.startsWith('/api/')) return c.json({ error: { code, message } }, status as 400);
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
        message: 'Invalid search parameters: limit 1–100, offset ≥ 0.',
      });
    if (!p.data.q.trim()) return null;
    return searchDocuments(s, { query: p.data.q, limit: p.data.limit, offset: p.data.offset });
  };

  app.get('/search', async (c) => {
    try {
      return c.html(<SearchPage out={await runSearch(c.req.query())} error={null} />);
    } catch (err) {
      if (isDeclassError(err) && err.status === 400) return c.html(<SearchPage out={null} error={err.message} />, 400);
      throw err;
    }
  });

  app.get('/api/search', async (c) => {
    const out = await runSearch(c.req.query());
    if (!out) throw new DeclassError({ code: 'search.invalid_query', status: 400, message: 'Parameter q (the query) is required.' });
    return c.json(out);
  });

  const loadDocument = async (id: string) => {
    const row = await s.documents.get(id);
    if (!row) throw notFound(`Document ${id}`);
    const [record] = await loadRecords(s.documents, [row], false);
    return { row, record: record! };
  };

  app.get('/api/jobs', async (c) => c.json(await jobsStatus(s, c.req.query('batch') || undefined)));
  app.get('/api/documents/:id', async (c) => c.json((await loadDocument(c.req.param('id'))).record));

  registerDocumentRoutes(app, s);
  registerBookRoutes(app, s);

  return app;
}
