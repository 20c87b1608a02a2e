import { parseQuery } from '../../search/query.js';
import type { Hono } from 'hono';
import { z } from 'zod';
import type { Services } from '../../app/services.js';
import { shorten } from '../../collections/essay.js';
import { loadRecords } from '../../documents/documents.usecases.js';
import { loadEntityProfile } from '../../entities/entity-profile.js';
import { DeclassError, createErrorFactory, isDeclassError } from '../../shared/errors.js';
import { archiveTimeline, parseSpan, queryTimeline, type Bucket, type DatedDoc } from '../../timeline/timeline.js';
import type { AppEnv } from '../context.js';
import { CollectionPage } from '../pages/collection.js';
import { fmtDate } from '../pages/common.js';
import { EntityPage } from '../pages/entity.js';
import { HomePage } from '../pages/home.js';
import { TimelinePage } from '../pages/timeline.js';
import { bookExcerpt } from './books.routes.js';
import { createArchiveNumbers } from '../home.data.js';

const notFound = createErrorFactory({ code: 'web.not_found', status: 404 });
const invalid = createErrorFactory({ code: 'web.invalid_parameters', status: 400 });

const timelineQuery = z.object({
  q: z.string().max(1000).default(''),
  span: z.string().max(20).optional(),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
const offsetQuery = z.object({ offset: z.coerce.number().int().min(0).max(10_000_000).default(0) });

const PAGE = 50;

export function registerBrowseRoutes(app: Hono<AppEnv>, s: Services): void {
  const archiveNumbers = createArchiveNumbers(s);
  app.get('/', async (c) => {
    const [numbers, books] = await Promise.all([archiveNumbers(), s.books.published(6)]);
    const stats = numbers.stats;
    const releases = numbers.collections.slice(0, 6).map((col) => ({
      ...col,
      excerpt: col.notes ? shorten(col.notes, 280) : (numbers.excerpts.get(col.id) ?? ''),
    }));
    return c.html(
      <HomePage
        stats={stats}
        books={books.map((b) => ({ slug: b.slug, title: b.title, excerpt: bookExcerpt(b), published: b.published_at }))}
        releases={releases}
      />,
    );
  });

  app.get('/entities/:id', async (c) => {
    const id = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).safeParse(c.req.param('id'));
    const page = offsetQuery.safeParse(c.req.query());
    if (!page.success) throw new DeclassError({ code: 'web.invalid_parameters', status: 400, message: 'offset must be a number ≥ 0.' });
    const profile = id.success ? await loadEntityProfile(s.db, id.data, page.data.offset) : null;
    if (!profile) throw notFound(`Entity ${c.req.param('id')} was not found.`);
    return c.html(<EntityPage e={profile} />);
  });

  app.get('/timeline', async (c) => {
    const p = timelineQuery.safeParse(c.req.query());
    if (!p.success) throw invalid('Invalid timeline parameters: q up to 1000 characters, offset ≥ 0.');
    const { q, offset } = p.data;
    const span = parseSpan(p.data.span);
    let error: string | null = null;
    let view: { buckets: Bucket[]; total: number; undated: number; docs: DatedDoc[] };
    if (!q.trim()) {
      // The whole archive: counted in the database, exact at any size.
      view = await archiveTimeline(s.db, span, { offset, limit: PAGE });
    } else {
      try {
        view = await queryTimeline(s, parseQuery(q), span, offset);
      } catch (err) {
        if (!isDeclassError(err) || err.status !== 400) throw err;
        error = err.message;
        view = { buckets: [], total: 0, undated: 0, docs: [] };
      }
    }
    const rows = new Map((await s.documents.getMany(view.docs.map((d) => d.id))).map((r) => [r.id, r]));
    return c.html(
      <TimelinePage
        q={q}
        span={span}
        buckets={view.buckets}
        total={view.total}
        undated={Math.max(0, view.undated)}
        docs={view.docs.map((d) => ({ id: d.id, title: rows.get(d.id)?.title ?? null, start: d.start }))}
        offset={offset}
        error={error}
      />,
      error ? 400 : 200,
    );
  });

  app.get('/collections/:slug', async (c) => {
    const collection = await s.collections.getBySlug(c.req.param('slug'));
    if (!collection) throw notFound(`Collection ${c.req.param('slug')} was not found.`);
    const p = offsetQuery.safeParse(c.req.query());
    if (!p.success) throw new DeclassError({ code: 'web.invalid_parameters', status: 400, message: 'offset must be a number ≥ 0.' });
    const offset = p.data.offset;
    const rows = await s.documents.listByCollection(collection.id, 101, offset);
    const records = await loadRecords(s.documents, rows.slice(0, 100), { text: false });
    const total = await s.db
      .selectFrom('documents')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('collection_id', '=', collection.id)
      .executeTakeFirstOrThrow();
    return c.html(
      <CollectionPage
        collection={collection}
        total={Number(total.n)}
        docs={records.map((r) => ({ id: r.id, title: r.title, date: fmtDate(r.date), type: r.type }))}
        offset={offset}
        hasMore={rows.length > 100}
      />,
    );
  });
}
