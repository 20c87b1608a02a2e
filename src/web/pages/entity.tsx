import { ENTITY_PAGE, type EntityProfile } from '../../entities/entity-profile.js';
import { Layout } from '../layout.js';
import { Histogram, docHref } from './common.js';

const KIND: Record<string, string> = { person: 'Person', organization: 'Organisation', place: 'Place' };

export function EntityPage({ e }: { e: EntityProfile }) {
  return (
    <Layout title={e.name}>
      <p class="muted">{KIND[e.kind] ?? e.kind}</p>
      <h1>{e.name}</h1>
      <dl class="meta">
        {e.description ? (
          <>
            <dt>Description</dt>
            <dd>{e.description}</dd>
          </>
        ) : null}
        {e.variants.length ? (
          <>
            <dt>Also written</dt>
            <dd>{e.variants.join('; ')}</dd>
          </>
        ) : null}
        {e.authorityKey ? (
          <>
            <dt>Authority record</dt>
            <dd>
              <code>{e.authorityKey}</code>
            </dd>
          </>
        ) : null}
        <dt>Documents</dt>
        <dd>{e.total.toLocaleString('en-US')}</dd>
      </dl>
      <div class="two-col">
        <section aria-labelledby="years-h">
          <h2 id="years-h">Documents by year</h2>
          {e.years.length ? (
            <Histogram
              buckets={e.years}
              label="Documents per year"
              href={(y) => `/timeline?span=${y}&q=${encodeURIComponent(`"${e.name}"`)}`}
            />
          ) : (
            <p class="muted">No dated documents.</p>
          )}
          {e.undated ? <p class="muted">{e.undated} undated.</p> : null}
          <h2 id="co-h">Appears with</h2>
          {e.coOccurring.length ? (
            <ul aria-labelledby="co-h">
              {e.coOccurring.map((c) => (
                <li>
                  <a href={`/entities/${c.id}`}>{c.name}</a>{' '}
                  <span class="muted">
                    ({KIND[c.kind] ?? c.kind}, {c.documents} document{c.documents === 1 ? '' : 's'})
                  </span>
                </li>
              ))}
            </ul>
          ) : (
            <p class="muted">No other names in the same documents.</p>
          )}
        </section>
        <section aria-labelledby="docs-h">
          <h2 id="docs-h">Documents, oldest first</h2>
          <ol class="results" start={e.offset + 1}>
            {e.documents.map((d) => (
              <li>
                <a href={docHref(d.id)}>{d.title ?? d.id}</a>{' '}
                {d.start ? (
                  <time class="muted" datetime={d.start}>
                    {d.start}
                  </time>
                ) : (
                  <span class="muted">undated</span>
                )}
              </li>
            ))}
          </ol>
          {e.total > ENTITY_PAGE ? (
            <nav class="pager" aria-label="Document list pages">
              {e.offset > 0 ? <a href={`/entities/${e.id}?offset=${Math.max(0, e.offset - ENTITY_PAGE)}`}>← Earlier</a> : null}
              <span class="muted">
                {e.offset + 1}–{e.offset + e.documents.length} of {e.total.toLocaleString('en-US')}
              </span>
              {e.offset + e.documents.length < e.total ? <a href={`/entities/${e.id}?offset=${e.offset + ENTITY_PAGE}`}>Later →</a> : null}
            </nav>
          ) : null}
        </section>
      </div>
    </Layout>
  );
}
