import type { DocumentRecord } from '../documents/documents.presenter.js';
import type { SearchResult } from '../search/search.usecases.js';
import { Layout } from './layout.js';

const fmtDate = (d: DocumentRecord['date']) => (d ? d.text || (d.start === d.end ? d.start : `${d.start} – ${d.end}`) : null);

export interface HomeData {
  stats: { documents: number; pages: number; dateMin: string | null; dateMax: string | null };
  collections: { slug: string; title: string; kind: string; agency: string | null; release_date: string | null; document_count: number }[];
}

export function HomePage({ stats, collections }: HomeData) {
  return (
    <Layout title="Home">
      <h1>Declassified records, searchable and citable</h1>
      <ul class="stats" aria-label="The archive at a glance">
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
            date span
          </li>
        ) : null}
      </ul>
      <h2>Collections and releases</h2>
      {collections.length === 0 ? (
        <p class="muted">
          The archive is empty. Add records with <code>declass ingest FOLDER</code>.
        </p>
      ) : (
        <table class="list">
          <thead>
            <tr>
              <th scope="col">Collection</th>
              <th scope="col">Kind</th>
              <th scope="col">Source</th>
              <th scope="col">Documents</th>
            </tr>
          </thead>
          <tbody>
            {collections.map((c) => (
              <tr>
                <td>
                  <a href={`/collections/${encodeURIComponent(c.slug)}`}>{c.title}</a>
                </td>
                <td>{c.kind}</td>
                <td>{[c.agency, c.release_date].filter(Boolean).join(', ')}</td>
                <td>{c.document_count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
}

const names = (list: { name: string }[]) => list.map((n) => n.name).join('; ');

export function DocumentPage({
  doc,
  pages,
  similar = [],
}: {
  doc: DocumentRecord;
  pages: { page_no: number; label: string | null; text: string; text_source: string }[];
  similar?: SearchResult[];
}) {
  const rows: [string, string | null, string | undefined][] = [
    ['Date', fmtDate(doc.date), doc.provenance.date],
    ['Type', doc.type, doc.provenance.type],
    ['From', names(doc.from) || null, doc.provenance.from],
    ['To', names(doc.to) || null, doc.provenance.to],
    ['Subject', doc.subject, doc.provenance.subject],
    [
      'Classification',
      [doc.classification.level, ...doc.classification.caveats].filter(Boolean).join(', ') || null,
      doc.provenance.classification,
    ],
    ['People', names(doc.people) || null, undefined],
    ['Places', names(doc.places) || null, undefined],
    ['Source notes', doc.source.notes.join(' ') || null, doc.provenance.source_notes],
  ];
  return (
    <Layout title={doc.title ?? doc.id}>
      <p class="muted">
        {doc.collection ? <a href={`/collections/${encodeURIComponent(doc.collection.slug)}`}>{doc.collection.title}</a> : null}
      </p>
      <h1>{doc.title ?? doc.id}</h1>
      <p>
        {doc.classification.level ? <span class="badge cls">{doc.classification.level}</span> : null}
        {doc.status === 'waiting_ocr' ? <span class="badge">Waiting for OCR</span> : null}
        {doc.redactions.count > 0 ? <span class="badge">{doc.redactions.count} redactions</span> : null}
      </p>
      <dl class="meta">
        {rows
          .filter((r) => r[1])
          .map(([k, v, p]) => (
            <>
              <dt>{k}</dt>
              <dd>
                {v}
                {p ? (
                  <span class="prov" title="Where this value comes from">
                    {p}
                  </span>
                ) : null}
              </dd>
            </>
          ))}
        <dt>Permalink</dt>
        <dd>
          <a href={`/documents/${encodeURIComponent(doc.id)}`}>/documents/{doc.id}</a>
        </dd>
        <dt>Original</dt>
        <dd>
          <a href={`/documents/${encodeURIComponent(doc.id)}/original`}>download ({doc.source.format})</a>
        </dd>
      </dl>
      {similar.length ? (
        <nav aria-label="More like this">
          <h2>More like this</h2>
          <ul>
            {similar.map((r) => (
              <li>
                <a href={`/documents/${encodeURIComponent(r.id)}`}>{r.title ?? r.id}</a> <span class="muted">{fmtDate(r.date)}</span>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      {pages.map((p) => (
        <section class="page" id={`page-${p.page_no}`} aria-label={`Page ${p.label ?? p.page_no}`}>
          <h2>
            Page {p.page_no}
            {p.label ? ` (printed p. ${p.label})` : ''}
          </h2>
          {p.text ? <div class="text">{p.text}</div> : <p class="muted">No text yet (waiting for OCR).</p>}
        </section>
      ))}
    </Layout>
  );
}

export function CollectionPage(props: {
  collection: {
    slug: string;
    title: string;
    kind: string;
    agency: string | null;
    case_number: string | null;
    release_date: string | null;
    source_url: string | null;
    notes: string | null;
  };
  docs: { id: string; title: string | null }[];
  offset: number;
  hasMore: boolean;
}) {
  const c = props.collection;
  return (
    <Layout title={c.title}>
      <h1>{c.title}</h1>
      <dl class="meta">
        <dt>Kind</dt>
        <dd>{c.kind}</dd>
        {c.agency ? (
          <>
            <dt>Agency</dt>
            <dd>{c.agency}</dd>
          </>
        ) : null}
        {c.case_number ? (
          <>
            <dt>Case / request</dt>
            <dd>{c.case_number}</dd>
          </>
        ) : null}
        {c.release_date ? (
          <>
            <dt>Released</dt>
            <dd>{c.release_date}</dd>
          </>
        ) : null}
        {c.source_url && /^https?:\/\//.test(c.source_url) ? (
          <>
            <dt>Source</dt>
            <dd>
              <a href={c.source_url} rel="noopener noreferrer">
                {c.source_url}
              </a>
            </dd>
          </>
        ) : null}
        {c.notes ? (
          <>
            <dt>Notes</dt>
            <dd>{c.notes}</dd>
          </>
        ) : null}
      </dl>
      <ol start={props.offset + 1}>
        {props.docs.map((d) => (
          <li>
            <a href={`/documents/${encodeURIComponent(d.id)}`}>{d.title ?? d.id}</a>
          </li>
        ))}
      </ol>
      <nav class="pager" aria-label="Document pages">
        {props.offset > 0 ? (
          <a href={`/collections/${encodeURIComponent(c.slug)}?offset=${Math.max(props.offset - 100, 0)}`}>← Previous</a>
        ) : null}
        {props.hasMore ? <a href={`/collections/${encodeURIComponent(c.slug)}?offset=${props.offset + 100}`}>Next →</a> : null}
      </nav>
    </Layout>
  );
}

export function ErrorPage({ status, message }: { status: number; message: string }) {
  return (
    <Layout title={`Error ${status}`}>
      <h1>{status === 404 ? 'Not found' : 'Something went wrong'}</h1>
      <p>{message}</p>
    </Layout>
  );
}
