import { Layout } from '../layout.js';
import { docHref } from './common.js';

export interface CollectionData {
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
  total: number;
  docs: { id: string; title: string | null; date: string | null; type: string | null }[];
  offset: number;
  hasMore: boolean;
}

const KIND: Record<string, string> = { release: 'Release', volume: 'Published volume', collection: 'Collection' };

export function CollectionPage(props: CollectionData) {
  const c = props.collection;
  const base = `/collections/${encodeURIComponent(c.slug)}`;
  return (
    <Layout title={c.title}>
      <p class="muted">{KIND[c.kind] ?? c.kind}</p>
      <h1>{c.title}</h1>
      {c.notes ? <p class="lede">{c.notes}</p> : null}
      <dl class="meta">
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
        <dt>Documents</dt>
        <dd>{props.total}</dd>
      </dl>
      <h2>Documents</h2>
      <table class="list">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Document</th>
            <th scope="col">Date</th>
            <th scope="col">Type</th>
          </tr>
        </thead>
        <tbody>
          {props.docs.map((d, i) => (
            <tr>
              <td>{props.offset + i + 1}</td>
              <td>
                <a href={docHref(d.id)}>{d.title ?? d.id}</a>
              </td>
              <td>{d.date ?? '—'}</td>
              <td>{d.type ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <nav class="pager" aria-label="Document pages">
        {props.offset > 0 ? <a href={`${base}?offset=${Math.max(props.offset - 100, 0)}`}>← Previous</a> : null}
        {props.hasMore ? <a href={`${base}?offset=${props.offset + 100}`}>Next →</a> : null}
      </nav>
    </Layout>
  );
}
