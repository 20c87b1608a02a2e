import type { Hono } from 'hono';
import { z } from 'zod';
import type { Services } from '../../app/services.js';
import { bookErrors, bookFormSchema, type Book, type BookForm } from '../../collections/books.repository.js';
import { essayOpening, renderEssay, scanCitations, shorten, type CitedDocument } from '../../collections/essay.js';
import { atomFeed } from '../../collections/feed.js';
import { loadRecords } from '../../documents/documents.usecases.js';
import { isDeclassError } from '../../shared/errors.js';
import { originOf, type AppContext, type AppEnv } from '../context.js';
import { BookEditorPage, BookPage, BooksIndexPage, EditorHomePage, type CitedListItem } from '../pages/books.js';
import { fmtDate } from '../pages/common.js';
import type { PageImage } from '../page-images.js';
import { loginRedirect, requireEditor } from './auth.routes.js';

const idParam = z.coerce.number().int().positive();
const actionSchema = z.enum(['preview', 'save', 'publish', 'unpublish']);

/** The text for lists and the feed: the summary, or else the essay's opening paragraph. */
export const bookExcerpt = (b: Pick<Book, 'summary' | 'body'>) => (b.summary ? shorten(b.summary, 280) : essayOpening(b.body));

/** Loads what an essay cites (titles, dates, embedded pages) and renders it. */
export async function renderBook(s: Services, body: string) {
  const citations = scanCitations(body);
  const ids = [...new Set(citations.map((c) => c.id))].slice(0, 500);
  const records = await loadRecords(s.documents, await s.documents.getMany(ids), { text: false });
  const docs = new Map<string, CitedDocument>();
  for (const r of records) {
    const embedded = citations.filter((c) => c.embed && c.id === r.id);
    const pages = new Map<number, string>();
    if (embedded.length) for (const p of await s.documents.pages(r.id)) pages.set(p.page_no, p.text);
    const images = embedded.length ? await s.pageImages.forDocument(r.id) : new Map<number, PageImage>();
    docs.set(r.id, {
      title: r.title ?? r.id,
      date: fmtDate(r.date),
      collection: r.collection?.title ?? null,
      pages,
      image: (page) => images.get(page) ?? null,
    });
  }
  const out = renderEssay(body, docs);
  const cited: CitedListItem[] = out.cited.map((id, i) => {
    const d = docs.get(id)!;
    return { n: i + 1, id, title: d.title, date: d.date, collection: d.collection };
  });
  return { html: out.html, cited, missing: out.missing };
}

export function registerBookRoutes(app: Hono<AppEnv>, s: Services): void {
  app.get('/books', async (c) => {
    const books = await s.books.published(200);
    return c.html(
      <BooksIndexPage books={books.map((b) => ({ slug: b.slug, title: b.title, excerpt: bookExcerpt(b), published: b.published_at }))} />,
    );
  });

  app.get('/books/:slug', async (c) => {
    const book = await s.books.getBySlug(c.req.param('slug'));
    // Drafts are visible to editors only; to readers they do not exist.
    if (!book || (book.status !== 'published' && !c.get('viewer')))
      throw bookErrors.notFound(`There is no briefing book at /books/${c.req.param('slug')}.`);
    const r = await renderBook(s, book.body);
    return c.html(<BookPage book={book} {...r} canEdit={Boolean(c.get('viewer'))} />);
  });

  app.get('/feed.atom', async (c) => {
    const books = await s.books.published(30);
    const entries = [];
    for (const b of books) {
      entries.push({
        slug: b.slug,
        title: b.title,
        author: b.author,
        summary: bookExcerpt(b),
        html: (await renderBook(s, b.body)).html,
        published: b.published_at ?? b.created_at,
        updated: b.updated_at,
      });
    }
    return c.body(atomFeed(originOf(c), entries, s.clock.now().toISOString()), 200, {
      'Content-Type': 'application/atom+xml; charset=utf-8',
    });
  });

  app.get('/editor', async (c) => {
    const redirect = loginRedirect(c);
    if (redirect) return redirect;
    return c.html(<EditorHomePage books={await s.books.all()} user={requireEditor(c).name} />);
  });

  const empty: BookForm = { title: '', slug: '', summary: '', body: '' };

  app.get('/editor/books/new', (c) => {
    const redirect = loginRedirect(c);
    if (redirect) return redirect;
    return c.html(<BookEditorPage book={null} form={empty} csrf={requireEditor(c).csrfToken} />);
  });

  app.get('/editor/books/:id', async (c) => {
    const redirect = loginRedirect(c);
    if (redirect) return redirect;
    const viewer = requireEditor(c);
    const id = idParam.safeParse(c.req.param('id'));
    const book = id.success ? await s.books.get(id.data) : undefined;
    if (!book) throw bookErrors.notFound(`Briefing book ${c.req.param('id')} was not found.`);
    const saved = c.req.query('saved');
    return c.html(
      <BookEditorPage
        book={book}
        form={book}
        csrf={viewer.csrfToken}
        notice={
          saved === 'published'
            ? 'Saved and published.'
            : saved === 'unpublished'
              ? 'Unpublished: the book is a draft again.'
              : saved
                ? 'Saved.'
                : null
        }
      />,
    );
  });

  /** One handler for new and existing books: preview (no save), save, publish, unpublish. */
  const submit = async (c: AppContext, existing: Book | null) => {
    const viewer = requireEditor(c);
    const body = await c.req.parseBody();
    const action = actionSchema.safeParse(body.action);
    const parsed = bookFormSchema.safeParse(body);
    const raw: BookForm = {
      title: typeof body.title === 'string' ? body.title : '',
      slug: typeof body.slug === 'string' ? body.slug : '',
      summary: typeof body.summary === 'string' ? body.summary : '',
      body: typeof body.body === 'string' ? body.body : '',
    };
    if (!action.success) throw bookErrors.invalid('Unknown action.');
    if (!parsed.success) {
      return c.html(
        <BookEditorPage book={existing} form={raw} csrf={viewer.csrfToken} error={parsed.error.issues.map((i) => i.message).join(' ')} />,
        400,
      );
    }
    if (action.data === 'preview') {
      return c.html(
        <BookEditorPage book={existing} form={parsed.data} csrf={viewer.csrfToken} preview={await renderBook(s, parsed.data.body)} />,
      );
    }
    try {
      const book = existing ? await s.books.update(existing.id, parsed.data) : await s.books.create(parsed.data, viewer.name);
      if (action.data === 'publish') await s.books.setStatus(book.id, 'published');
      if (action.data === 'unpublish') await s.books.setStatus(book.id, 'draft');
      const saved = action.data === 'publish' ? 'published' : action.data === 'unpublish' ? 'unpublished' : '1';
      return c.redirect(`/editor/books/${book.id}?saved=${saved}`, 303);
    } catch (err) {
      if (!isDeclassError(err) || err.code !== 'books.slug_taken') throw err;
      return c.html(<BookEditorPage book={existing} form={parsed.data} csrf={viewer.csrfToken} error={err.message} />, 409);
    }
  };

  app.post('/editor/books', (c) => submit(c, null));
  app.post('/editor/books/:id', async (c) => {
    requireEditor(c);
    const id = idParam.safeParse(c.req.param('id'));
    const book = id.success ? await s.books.get(id.data) : undefined;
    if (!book) throw bookErrors.notFound(`Briefing book ${c.req.param('id')} was not found.`);
    return submit(c, book);
  });
}
