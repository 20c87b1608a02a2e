import { raw } from 'hono/html';
import type { SearchOutput } from '../search/search.usecases.js';
import { Layout } from './layout.js';
import { fmtDate } from './pages/common.js';

export function SearchPage({ out, error }: { out: SearchOutput | null; error: string | null }) {
  const q = out?.query ?? '';
  return (
    <Layout title={q ? `Search: ${q}` : 'Search'} query={q}>
      <h1>{q ? `Results for “${q}”` : 'Search the archive'}</h1>
      {error ? (
        <p role="alert">{error}</p>
      ) : out ? (
        out.total === 0 ? (
          <p>
            No document matches. Try fewer words, a prefix such as <code>negotiat*</code>, or OR between alternatives.
          </p>
        ) : (
          <>
            <p class="muted">
              {out.total} document{out.total === 1 ? '' : 's'}; showing {out.offset + 1}–{out.offset + out.results.length}.
            </p>
            <ol class="results" start={out.offset + 1}>
              {out.results.map((r) => (
                <li>
                  <a href={`/documents/${encodeURIComponent(r.id)}#page-${r.page}`}>{r.title ?? r.id}</a>{' '}
                  <span class="muted">
                    {[fmtDate(r.date), r.type, r.collection?.title].filter(Boolean).join(' · ')} · p. {r.page}
                  </span>
                  <div class="snippet">{raw(r.snippet)}</div>
                </li>
              ))}
            </ol>
            <nav class="pager" aria-label="Result pages">
              {out.offset > 0 ? (
                <a href={`/search?q=${encodeURIComponent(q)}&offset=${Math.max(out.offset - out.limit, 0)}`}>← Previous</a>
              ) : null}
              {out.offset + out.results.length < out.total ? (
                <a href={`/search?q=${encodeURIComponent(q)}&offset=${out.offset + out.limit}`}>Next →</a>
              ) : null}
            </nav>
          </>
        )
      ) : (
        <p>Type words, "exact phrases", prefix* or -excluded words.</p>
      )}
    </Layout>
  );
}
