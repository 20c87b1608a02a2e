import type { Bucket, Span } from '../../timeline/timeline.js';
import { parents, spanLabel } from '../../timeline/timeline.js';
import { Layout } from '../layout.js';
import { Histogram, docHref } from './common.js';

export interface TimelineData {
  q: string;
  span: Span;
  buckets: Bucket[];
  total: number;
  undated: number;
  docs: { id: string; title: string | null; start: string }[];
  offset: number;
  error: string | null;
}

const spanKey = (s: Span) => (s.level === 'all' ? '' : s.key);

export function TimelinePage(t: TimelineData) {
  const link = (span: string, offset = 0) =>
    `/timeline?${new URLSearchParams({ ...(t.q ? { q: t.q } : {}), ...(span ? { span } : {}), ...(offset ? { offset: String(offset) } : {}) }).toString()}`;
  const trail = parents(t.span);
  return (
    <Layout title={t.q ? `Timeline: ${t.q}` : 'Timeline'}>
      <h1>{t.q ? `Timeline of “${t.q}”` : 'Timeline of the archive'}</h1>
      <form class="search" action="/timeline" method="get" role="search" aria-label="Timeline query">
        <label for="tl-q" class="visually-hidden">
          Words to chart over time
        </label>
        <input id="tl-q" type="search" name="q" value={t.q} placeholder="Words to chart (empty = every document)" />
        {t.span.level !== 'all' ? <input type="hidden" name="span" value={spanKey(t.span)} /> : null}
        <button type="submit">Chart</button>
      </form>
      {t.error ? (
        <p class="error-box" role="alert">
          {t.error}
        </p>
      ) : null}
      <nav class="crumbs" aria-label="Time span">
        <ol>
          {trail.map((s, i) =>
            i === trail.length - 1 ? (
              <li aria-current="page">{spanLabel(s)}</li>
            ) : (
              <li>
                <a href={link(spanKey(s))}>{spanLabel(s)}</a>
              </li>
            ),
          )}
        </ol>
      </nav>
      <p class="muted">
        {t.total.toLocaleString('en-US')} dated document{t.total === 1 ? '' : 's'}{' '}
        {t.span.level === 'all' ? 'in all' : `in ${spanLabel(t.span)}`}
        {t.undated ? `; ${t.undated} ${t.q ? 'matching ' : ''}document${t.undated === 1 ? '' : 's'} undated` : ''}.
      </p>
      <div class="two-col">
        <section aria-labelledby="hist-h">
          <h2 id="hist-h">{t.span.level === 'day' ? 'One day' : 'Documents over time'}</h2>
          {t.buckets.length ? <Histogram buckets={t.buckets} label={`Documents in ${spanLabel(t.span)}`} href={(k) => link(k)} /> : null}
          {t.span.level === 'day' ? <p class="muted">The finest level: the documents of this day are listed.</p> : null}
        </section>
        <section aria-labelledby="list-h">
          <h2 id="list-h">Documents</h2>
          {t.docs.length === 0 ? (
            <p class="muted">No dated document here.</p>
          ) : (
            <ol class="results" start={t.offset + 1}>
              {t.docs.map((d) => (
                <li>
                  <a href={t.q ? `${docHref(d.id)}?q=${encodeURIComponent(t.q)}` : docHref(d.id)}>{d.title ?? d.id}</a>{' '}
                  <time class="muted" datetime={d.start}>
                    {d.start}
                  </time>
                </li>
              ))}
            </ol>
          )}
          <nav class="pager" aria-label="Document list pages">
            {t.offset > 0 ? <a href={link(spanKey(t.span), Math.max(0, t.offset - 50))}>← Earlier</a> : null}
            {t.offset + t.docs.length < t.total ? <a href={link(spanKey(t.span), t.offset + 50)}>Later →</a> : null}
          </nav>
        </section>
      </div>
    </Layout>
  );
}
