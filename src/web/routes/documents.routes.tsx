import fs from 'node:fs';
import { Readable } from 'node:stream';
import type { Hono } from 'hono';
import { z } from 'zod';
import type { Services } from '../../app/services.js';
import { bibtex, chicago, cslJson, type CitationContext } from '../../documents/citation.js';
import type { DocumentRecord } from '../../documents/documents.presenter.js';
import { loadRecords } from '../../documents/documents.usecases.js';
import { applyEdits, editErrors, editFormSchema, formToValues, listEdits, type EditForm } from '../../documents/edits.usecases.js';
import { isDeclassError } from '../../shared/errors.js';
import { originOf, type AppContext, type AppEnv } from '../context.js';
import { matchRanges, queryTerms } from '../highlight.js';
import { versionOf } from '../page-images.js';
import { hitWordIndexes } from '../word-boxes.js';
import { DocumentPage } from '../pages/document.js';
import { EditDocumentPage } from '../pages/edit-document.js';
import { loginRedirect, requireEditor } from './auth.routes.js';

const pageNoParam = z.coerce.number().int().min(1).max(1_000_000);
const IMMUTABLE = 'public, max-age=31536000, immutable';

const docQuery = z.object({ q: z.string().max(1000).optional(), saved: z.coerce.number().int().min(0).max(100).optional() });

/** The query to highlight: `?q=`, or the search the reader came from (same-origin Referer of /search). */
function highlightQuery(c: AppContext, q: string | undefined): string {
  if (q !== undefined) return q;
  const ref = c.req.header('referer');
  if (!ref) return '';
  try {
    const u = new URL(ref);
    if (u.origin !== originOf(c) || u.pathname !== '/search') return '';
    return (u.searchParams.get('q') ?? '').slice(0, 1000);
  } catch {
    return '';
  }
}

function formFrom(doc: DocumentRecord): EditForm {
  const d = doc.date;
  const date = !d
    ? ''
    : d.precision === 'range'
      ? `${d.start}/${d.end}`
      : d.precision === 'month'
        ? d.start.slice(0, 7)
        : d.precision === 'year'
          ? d.start.slice(0, 4)
          : d.start;
  return {
    title: doc.title ?? '',
    date,
    type: doc.type ?? '',
    from: doc.from.map((n) => n.name).join('; '),
    to: doc.to.map((n) => n.name).join('; '),
    subject: doc.subject ?? '',
    classification_level: doc.classification.level ?? '',
    classification_caveats: doc.classification.caveats.join(', '),
  };
}

export function registerDocumentRoutes(app: Hono<AppEnv>, s: Services): void {
  const load = async (id: string) => {
    const row = await s.documents.get(id);
    if (!row) throw editErrors.notFound(`Document ${id} was not found.`);
    const [record] = await loadRecords(s.documents, [row], { text: false });
    return { row, record: record! };
  };

  const citationContext = async (c: AppContext, doc: DocumentRecord): Promise<CitationContext> => {
    const release = doc.collection ? await s.collections.getBySlug(doc.collection.slug) : undefined;
    return {
      url: `${originOf(c)}/documents/${encodeURIComponent(doc.id)}`,
      caseNumber: release?.case_number ?? null,
      accessed: s.clock.now().toISOString().slice(0, 10),
    };
  };

  app.get('/documents/:id', async (c) => {
    const params = docQuery.safeParse(c.req.query());
    const query = params.success ? params.data : {};
    const { record } = await load(c.req.param('id'));
    const q = highlightQuery(c, query.q);
    const terms = queryTerms(q);
    const [pages, images, mentions, history, release] = await Promise.all([
      s.documents.pages(record.id),
      s.pageImages.forDocument(record.id),
      s.documents.mentions([record.id]),
      listEdits(s.db, record.id),
      record.collection ? s.collections.getBySlug(record.collection.slug) : Promise.resolve(undefined),
    ]);
    // Word boxes draw the search hits on the page images: only pages with an image whose text has a hit need them.
    const hitPages = terms.length
      ? pages.filter((p) => images.has(p.page_no) && matchRanges(p.text, terms).length).map((p) => p.page_no)
      : [];
    const words = hitPages.length ? await s.pageImages.wordBoxes(record.id, hitPages) : new Map<number, never[]>();
    const seen = new Set<number>();
    const entities = mentions
      .filter((m) => !seen.has(m.entity_id) && seen.add(m.entity_id))
      .map((m) => ({ id: m.entity_id, kind: m.kind, name: m.name }));
    const ctx = await citationContext(c, record);
    return c.html(
      <DocumentPage
        doc={record}
        pages={pages}
        entities={entities}
        release={release ?? null}
        citations={{ chicago: chicago(record, ctx), bibtex: bibtex(record, ctx) }}
        permalink={ctx.url}
        terms={terms}
        query={q}
        history={history}
        canEdit={Boolean(c.get('viewer'))}
        images={images}
        words={words}
        notice={
          query.saved !== undefined
            ? query.saved
              ? `Saved ${query.saved} change${query.saved === 1 ? '' : 's'}.`
              : 'Nothing changed.'
            : null
        }
      />,
    );
  });

  const pageParams = (c: AppContext) => {
    const n = pageNoParam.safeParse(c.req.param('n'));
    if (!n.success) throw editErrors.notFound(`There is no page ${c.req.param('n') ?? ''}.`);
    return { id: c.req.param('id') ?? '', pageNo: n.data };
  };

  // Page images and thumbnails, streamed from the blob store. The URLs the pages use carry
  // ?v=<content address>, so a matching request is cached for good; others revalidate by ETag.
  const pageBlob = (which: 'image' | 'thumb') => async (c: AppContext) => {
    const { id, pageNo } = pageParams(c);
    const blob = await s.pageImages.blob(id, pageNo, which);
    if (!blob) {
      if (!(await s.documents.get(id))) throw editErrors.notFound(`Document ${id} was not found.`);
      throw editErrors.notFound(`Page ${pageNo} of ${id} has no ${which === 'image' ? 'image' : 'thumbnail'} (yet).`);
    }
    const etag = `"${blob.key}"`;
    const cache = c.req.query('v') === versionOf(blob.key) ? IMMUTABLE : 'public, max-age=0, must-revalidate';
    const headers = { ETag: etag, 'Cache-Control': cache };
    const match = c.req.header('if-none-match');
    if (match && match.split(/\s*,\s*/).some((t) => t === etag || t === `W/${etag}` || t === '*')) return c.body(null, 304, headers);
    const file = s.blobs.pathOf(blob.key);
    let stat: fs.Stats;
    try {
      stat = await fs.promises.stat(file);
    } catch {
      throw editErrors.notFound(`The ${which} of page ${pageNo} of ${id} is missing from the blob store.`);
    }
    const all = { ...headers, 'Content-Type': blob.mediaType, 'Content-Length': String(stat.size) };
    if (c.req.method === 'HEAD') return c.body(null, 200, all);
    return c.body(Readable.toWeb(fs.createReadStream(file)) as ReadableStream<Uint8Array>, 200, all);
  };
  app.get('/documents/:id/pages/:n/image', pageBlob('image'));
  app.get('/documents/:id/pages/:n/thumb', pageBlob('thumb'));

  // OCR words of a page, boxes as fractions (0..1) of the page image; with ?q=, the indexes of the words it hits.
  app.get('/documents/:id/pages/:n/words.json', async (c) => {
    const { id, pageNo } = pageParams(c);
    const words = (await s.pageImages.wordBoxes(id, [pageNo])).get(pageNo);
    if (!words) {
      if (!(await s.documents.get(id))) throw editErrors.notFound(`Document ${id} was not found.`);
      throw editErrors.notFound(`Page ${pageNo} of ${id} has no OCR words (yet).`);
    }
    const q = (c.req.query('q') ?? '').slice(0, 1000);
    const image = (await s.pageImages.forDocument(id)).get(pageNo) ?? null;
    return c.json(
      {
        document: id,
        page: pageNo,
        // Each word: [text, x0, y0, x1, y1, confidence 0–100, line]; x and y are fractions (0..1) of the image.
        fields: ['text', 'x0', 'y0', 'x1', 'y1', 'conf', 'line'],
        image: image ? { url: image.url, width: image.width, height: image.height } : null,
        words: words.map((w) => [w.text, w.x0, w.y0, w.x1, w.y1, w.conf, w.line]),
        ...(q ? { query: q, hits: hitWordIndexes(words, queryTerms(q)) } : {}),
      },
      200,
      { 'Cache-Control': 'public, max-age=60' },
    );
  });

  const citation = (ext: 'bib' | 'json' | 'txt') => async (c: AppContext) => {
    const { record } = await load(c.req.param('id') ?? '');
    const ctx = await citationContext(c, record);
    const name = record.id.replace(/[^\w.-]+/g, '_');
    const [body, type] =
      ext === 'bib'
        ? [bibtex(record, ctx), 'application/x-bibtex']
        : ext === 'json'
          ? [JSON.stringify(cslJson(record, ctx), null, 2), 'application/vnd.citationstyles.csl+json']
          : [`${chicago(record, ctx)}\n`, 'text/plain'];
    return c.body(body, 200, { 'Content-Type': `${type}; charset=utf-8`, 'Content-Disposition': `attachment; filename="${name}.${ext}"` });
  };
  app.get('/documents/:id/citation.bib', citation('bib'));
  app.get('/documents/:id/citation.json', citation('json'));
  app.get('/documents/:id/citation.txt', citation('txt'));

  app.get('/documents/:id/original', async (c) => {
    const { row } = await load(c.req.param('id'));
    const file = s.blobs.pathOf(row.blob_key);
    if (!fs.existsSync(file)) throw editErrors.notFound(`The original file of ${row.id} was not found.`);
    const safeName = row.file_name.replace(/[^\w.\- ]+/g, '_');
    return c.body(fs.readFileSync(file), 200, {
      'Content-Type': row.file_media_type,
      'Content-Disposition': `attachment; filename="${safeName}"`,
    });
  });

  app.get('/documents/:id/edit', async (c) => {
    const redirect = loginRedirect(c);
    if (redirect) return redirect;
    const viewer = requireEditor(c);
    const { record } = await load(c.req.param('id'));
    return c.html(<EditDocumentPage id={record.id} title={record.title ?? record.id} form={formFrom(record)} csrf={viewer.csrfToken} />);
  });

  app.post('/documents/:id/edit', async (c) => {
    const viewer = requireEditor(c);
    const { record } = await load(c.req.param('id'));
    const parsed = editFormSchema.safeParse(await c.req.parseBody());
    if (!parsed.success) throw editErrors.invalid(`Invalid form: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}.`);
    try {
      const changed = await applyEdits(s, { documentId: record.id, user: viewer.name, values: formToValues(parsed.data) });
      return c.redirect(`/documents/${encodeURIComponent(record.id)}?saved=${changed.length}#history`, 303);
    } catch (err) {
      if (!isDeclassError(err) || err.code !== 'documents.invalid_edit') throw err;
      return c.html(
        <EditDocumentPage
          id={record.id}
          title={record.title ?? record.id}
          form={parsed.data}
          csrf={viewer.csrfToken}
          error={err.message}
        />,
        400,
      );
    }
  });
}
