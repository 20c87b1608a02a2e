import { raw } from 'hono/html';
import type { Book, BookForm } from '../../collections/books.repository.js';
import { Layout } from '../layout.js';
import { docHref } from './common.js';

export interface CitedListItem {
  n: number;
  id: string;
  title: string;
  date: string | null;
  collection: string | null;
}

/** The essay (sanitised HTML) and its numbered list of documents. */
function Essay(props: { html: string; cited: CitedListItem[]; missing: string[] }) {
  return (
    <>
      {props.missing.length ? (
        <p class="error-box" role="alert">
          Cited but not in the archive: {props.missing.join(', ')}
        </p>
      ) : null}
      <div class="essay">{raw(props.html)}</div>
      {props.cited.length ? (
        <section aria-labelledby="docs-h">
          <h2 id="docs-h">Documents</h2>
          <ol class="results">
            {props.cited.map((c) => (
              <li>
                <a href={docHref(c.id)}>
                  Document {c.n}: {c.title}
                </a>
                <div class="muted">{[c.date, c.collection].filter(Boolean).join(' · ')}</div>
              </li>
            ))}
          </ol>
        </section>
      ) : null}
    </>
  );
}

export function BookPage(props: { book: Book; html: string; cited: CitedListItem[]; missing: string[]; canEdit: boolean }) {
  const b = props.book;
  return (
    <Layout title={b.title}>
      <article>
        <p class="muted">
          Briefing book · {b.status === 'published' ? `published ${(b.published_at ?? '').slice(0, 10)}` : 'draft (not public)'} · by{' '}
          {b.author}
        </p>
        <h1>{b.title}</h1>
        {b.summary ? <p class="lede">{b.summary}</p> : null}
        {props.canEdit ? (
          <p>
            <a class="button" href={`/editor/books/${b.id}`}>
              Edit this book
            </a>
          </p>
        ) : null}
        <Essay html={props.html} cited={props.cited} missing={props.missing} />
      </article>
    </Layout>
  );
}

export function BooksIndexPage(props: { books: { slug: string; title: string; excerpt: string; published: string | null }[] }) {
  return (
    <Layout title="Briefing books">
      <h1>Briefing books</h1>
      <p>
        Essays by the archive's editors, each citing the documents it discusses.{' '}
        <a href="/feed.atom">Follow them in a feed reader (Atom)</a>.
      </p>
      {props.books.length === 0 ? (
        <p class="muted">No briefing book has been published yet.</p>
      ) : (
        <ul class="cards">
          {props.books.map((b) => (
            <li>
              <h2 class="h3">
                <a href={`/books/${encodeURIComponent(b.slug)}`}>{b.title}</a>
              </h2>
              {b.published ? <p class="muted">Published {b.published.slice(0, 10)}</p> : null}
              {b.excerpt ? <p>{b.excerpt}</p> : null}
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}

export function EditorHomePage(props: { books: Book[]; user: string }) {
  return (
    <Layout title="Editor">
      <h1>Editor</h1>
      <p>
        Logged in as <strong>{props.user}</strong>. Correct a document's metadata from its page (“Edit metadata”).
      </p>
      <h2>Briefing books</h2>
      <p>
        <a class="button primary" href="/editor/books/new">
          New briefing book
        </a>
      </p>
      {props.books.length === 0 ? (
        <p class="muted">No books yet.</p>
      ) : (
        <table class="list">
          <thead>
            <tr>
              <th scope="col">Title</th>
              <th scope="col">Status</th>
              <th scope="col">Updated</th>
            </tr>
          </thead>
          <tbody>
            {props.books.map((b) => (
              <tr>
                <td>
                  <a href={`/editor/books/${b.id}`}>{b.title}</a>
                </td>
                <td>{b.status}</td>
                <td>{b.updated_at.slice(0, 16).replace('T', ' ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
}

export function BookEditorPage(props: {
  book: Book | null;
  form: BookForm;
  csrf: string;
  error?: string | null;
  notice?: string | null;
  preview?: { html: string; cited: CitedListItem[]; missing: string[] } | null;
}) {
  const b = props.book;
  const action = b ? `/editor/books/${b.id}` : '/editor/books';
  return (
    <Layout title={b ? `Edit: ${b.title}` : 'New briefing book'}>
      <p>
        <a href="/editor">← Editor</a>
        {b?.status === 'published' ? (
          <>
            {' · '}
            <a href={`/books/${encodeURIComponent(b.slug)}`}>View the published book</a>
          </>
        ) : null}
      </p>
      <h1>{b ? `Edit: ${b.title}` : 'New briefing book'}</h1>
      {b ? <p class="muted">Status: {b.status === 'published' ? 'published' : 'draft (not public)'}</p> : null}
      {props.error ? (
        <p class="error-box" role="alert">
          {props.error}
        </p>
      ) : null}
      {props.notice ? (
        <p class="notice" role="status">
          {props.notice}
        </p>
      ) : null}
      <form class="stack" method="post" action={action}>
        <input type="hidden" name="csrf" value={props.csrf} />
        <div>
          <label for="b-title">Title</label>
          <input type="text" id="b-title" name="title" value={props.form.title} required />
        </div>
        <div>
          <label for="b-slug">Address</label>
          <input type="text" id="b-slug" name="slug" value={props.form.slug} aria-describedby="b-slug-h" />
          <p class="hint" id="b-slug-h">
            /books/<em>address</em> — lower-case letters, digits, hyphens; empty = made from the title.
          </p>
        </div>
        <div>
          <label for="b-summary">Summary</label>
          <input type="text" id="b-summary" name="summary" value={props.form.summary} aria-describedby="b-summary-h" />
          <p class="hint" id="b-summary-h">
            One or two sentences for the home page and the feed; empty = the essay's opening.
          </p>
        </div>
        <div>
          <label for="b-body">Essay (Markdown)</label>
          <textarea id="b-body" name="body" aria-describedby="b-body-h">
            {props.form.body}
          </textarea>
          <p class="hint" id="b-body-h">
            Cite with <code>doc:ID p.2</code> (a link to page 2 of the document), in footnotes <code>[^1]: doc:ID p.2, comment</code>; a
            paragraph of only <code>!doc:ID p.2</code> embeds an excerpt of that page. See docs/briefing-books.md.
          </p>
        </div>
        <div class="actions">
          <button type="submit" name="action" value="preview">
            Preview
          </button>{' '}
          <button type="submit" name="action" value="save" class="primary">
            Save draft
          </button>{' '}
          {b?.status === 'published' ? (
            <button type="submit" name="action" value="unpublish">
              Unpublish
            </button>
          ) : (
            <button type="submit" name="action" value="publish">
              Save and publish
            </button>
          )}
        </div>
      </form>
      {props.preview ? (
        <section class="preview" aria-labelledby="preview-h">
          <h2 id="preview-h">Preview (not saved)</h2>
          <h3>{props.form.title}</h3>
          <Essay html={props.preview.html} cited={props.preview.cited} missing={props.preview.missing} />
        </section>
      ) : null}
    </Layout>
  );
}
