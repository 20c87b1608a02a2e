import { raw } from 'hono/html';
import type { FacetName } from '../search/search.types.js';
import type { SearchOutput } from '../search/search.usecases.js';
import { Layout } from './layout.js';

export interface SearchForm {
  q: string;
  sort: string;
  from_date: string;
  to_date: string;
}

const FACET_LABELS: [FacetName, string][] = [
  ['type', 'Type'],
  ['classification', 'Classification'],
  ['caveat', 'Caveat'],
  ['exemption', 'Exemption'],
  ['person', 'People'],
  ['place', 'Places'],
  ['org', 'Organisations'],
  ['collection', 'Collections'],
  ['from', 'From'],
  ['to', 'To'],
];

const fmtDate = (d: SearchOutput['results'][number]['date']) =>
  d ? d.text || (d.start === d.end ? d.start : `${d.start} – ${d.end}`) : null;

/** A search URL for the form's state with `q` replaced; offset/cursor reset. */
/** A result's link with the query, so the reader highlights its words (in the text and on the page image). */
const withQuery = (url: string, q: string) => (q.trim() ? url.replace(/(#|$)/, `?q=${encodeURIComponent(q)}$1`) : url);

function href(form: SearchForm, q: string, extra: Record<string, string> = {}): string {
  const p = new URLSearchParams({ q });
  if (form.sort) p.set('sort', form.sort);
  if (form.from_date) p.set('from_date', form.from_date);
  if (form.to_date) p.set('to_date', form.to_date);
  for (const [k, v] of Object.entries(extra)) p.set(k, v);
  return `/search?${p.toString()}`;
}

/** `field:value`, quoted when the value has spaces or quotes (inner quotes dropped: the filter compares letters, not punctuation). */
export function filterTerm(field: string, value: string): string {
  const v = value.replace(/["“”]/g, '');
  return /[\s(),]/.test(v) ? `${field}:"${v}"` : `${field}:${v}`;
}

export function SearchPage({ out, form, error }: { out: SearchOutput | null; form: SearchForm; error: string | null }) {
  const q = form.q;
  const facets = out?.facets;
  return (
    <Layout title={q ? `Search: ${q}` : 'Search'} query={q}>
      <h1>{q ? `Results for “${q}”` : 'Search the archive'}</h1>
      <form class="refine" action="/search" method="get" aria-label="Refine the search">
        <input type="hidden" name="q" value={q} />
        <label>
          Sort{' '}
          <select name="sort">
            <option value="" selected={!form.sort}>
              relevance
            </option>
            <option value="date" selected={form.sort === 'date' || form.sort === 'date_asc'}>
              date, oldest first
            </option>
            <option value="-date" selected={form.sort === '-date' || form.sort === 'date_desc'}>
              date, newest first
            </option>
          </select>
        </label>{' '}
        <label>
          From <input name="from_date" value={form.from_date} size={10} placeholder="1994-09" pattern="\d{4}(-\d{2}){0,2}" />
        </label>{' '}
        <label>
          to <input name="to_date" value={form.to_date} size={10} placeholder="1995-12" pattern="\d{4}(-\d{2}){0,2}" />
        </label>{' '}
        <button type="submit">Apply</button>
      </form>
      {error ? (
        <p role="alert">{error}</p>
      ) : out ? (
        <div class="search-layout">
          <section aria-label="Results">
            {out.total === 0 ? (
              <p>
                No document matches. Try fewer words, a prefix such as <code>negotiat*</code>, or OR between alternatives.
              </p>
            ) : (
              <>
                <p class="muted">
                  {out.total.toLocaleString('en-US')} document{out.total === 1 ? '' : 's'}
                  {out.offset !== null ? `; showing ${out.offset + 1}–${out.offset + out.results.length}` : ''}.
                </p>
                <ol class="results" start={(out.offset ?? 0) + 1}>
                  {out.results.map((r) => (
                    <li>
                      <a href={withQuery(r.url, q)}>{r.title ?? r.id}</a>{' '}
                      <span class="muted">
                        {[fmtDate(r.date), r.type, r.collection?.title].filter(Boolean).join(' · ')} ·{' '}
                        <a href={withQuery(r.url, q)}>p. {r.page_label ?? r.page}</a>
                      </span>
                      <div class="snippet">{raw(r.snippet)}</div>
                    </li>
                  ))}
                </ol>
                <nav class="pager" aria-label="Result pages">
                  {out.offset !== null && out.offset > 0 ? (
                    <a href={href(form, q, { offset: String(Math.max(out.offset - out.limit, 0)) })}>← Previous</a>
                  ) : null}
                  {out.next && out.offset !== null ? <a href={href(form, q, { offset: String(out.offset + out.limit) })}>Next →</a> : null}
                </nav>
              </>
            )}
          </section>
          {facets && out.total > 0 ? (
            <aside class="facets" aria-label="Narrow the results">
              <h2>Narrow</h2>
              {FACET_LABELS.map(([name, label]) => {
                const values = facets.fields[name];
                if (!values?.length) return null;
                return (
                  <section>
                    <h3>{label}</h3>
                    <ul>
                      {values.map((v) => (
                        <li>
                          <a href={href(form, `${q} ${filterTerm(name, v.value)}`)}>{v.value}</a> <span class="muted">({v.count})</span>
                        </li>
                      ))}
                    </ul>
                  </section>
                );
              })}
              {facets.decades.length ? (
                <section>
                  <h3>Decade</h3>
                  <ul>
                    {facets.decades.map((d) => (
                      <li>
                        <a href={href(form, `${q} date:${d.decade.slice(0, 4)}..${Number(d.decade.slice(0, 4)) + 9}`)}>{d.decade}</a>{' '}
                        <span class="muted">({d.count})</span>
                      </li>
                    ))}
                  </ul>
                </section>
              ) : null}
              {facets.years.length ? (
                <section>
                  <h3>Year</h3>
                  <ul>
                    {facets.years.map((y) => (
                      <li>
                        <a href={href(form, `${q} date:${y.year}`)}>{y.year}</a> <span class="muted">({y.count})</span>
                      </li>
                    ))}
                  </ul>
                </section>
              ) : null}
            </aside>
          ) : null}
        </div>
      ) : (
        <p>
          Type words, "exact phrases", prefix*, -excluded words, OR, NEAR(a b, 10), or filters such as type:telegram, person:Lansing,
          date:1918-01..1918-06. See the query language in docs/search.md.
        </p>
      )}
    </Layout>
  );
}
