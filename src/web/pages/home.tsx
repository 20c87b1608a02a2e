import { Layout } from '../layout.js';

export interface HomeData {
  stats: { documents: number; pages: number; dateMin: string | null; dateMax: string | null };
  books: { slug: string; title: string; excerpt: string; published: string | null }[];
  releases: {
    slug: string;
    title: string;
    kind: string;
    agency: string | null;
    release_date: string | null;
    case_number: string | null;
    document_count: number;
    excerpt: string;
  }[];
}

export function HomePage({ stats, books, releases }: HomeData) {
  return (
    <Layout title="Home">
      <h1>Declassified records, searchable and citable</h1>
      <form class="search big" action="/search" method="get" role="search" aria-label="Search the archive">
        <label for="home-q" class="visually-hidden">
          Search words
        </label>
        <input id="home-q" type="search" name="q" placeholder="Words, “exact phrases”, prefix*" />
        <button type="submit" class="primary">
          Search
        </button>
      </form>
      <h2 id="glance">The archive at a glance</h2>
      <ul class="stats" aria-labelledby="glance">
        <li>
          <strong>{stats.documents.toLocaleString('en-US')}</strong> documents
        </li>
        <li>
          <strong>{stats.pages.toLocaleString('en-US')}</strong> pages
        </li>
        {stats.dateMin && stats.dateMax ? (
          <li>
            <strong>
              {stats.dateMin.slice(0, 4)}–{stats.dateMax.slice(0, 4)}
            </strong>{' '}
            <a href="/timeline">date span</a>
          </li>
        ) : null}
      </ul>
      <h2>Latest briefing books</h2>
      {books.length === 0 ? (
        <p class="muted">No briefing book has been published yet.</p>
      ) : (
        <ul class="cards">
          {books.map((b) => (
            <li>
              <h3>
                <a href={`/books/${encodeURIComponent(b.slug)}`}>{b.title}</a>
              </h3>
              {b.published ? <p class="muted">Published {b.published.slice(0, 10)}</p> : null}
              {b.excerpt ? <p class="excerpt">{b.excerpt}</p> : null}
            </li>
          ))}
        </ul>
      )}
      <h2>Latest releases and collections</h2>
      {releases.length === 0 ? (
        <p class="muted">
          The archive is empty. Add records with <code>declass ingest FOLDER</code>.
        </p>
      ) : (
        <ul class="cards">
          {releases.map((c) => (
            <li>
              <h3>
                <a href={`/collections/${encodeURIComponent(c.slug)}`}>{c.title}</a>
              </h3>
              <p class="muted">
                {[
                  c.agency,
                  c.case_number,
                  c.release_date ? `released ${c.release_date}` : null,
                  `${c.document_count} document${c.document_count === 1 ? '' : 's'}`,
                ]
                  .filter(Boolean)
                  .join(' · ')}
              </p>
              {c.excerpt ? <p class="excerpt">{c.excerpt}</p> : null}
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}
