import type { Child } from 'hono/jsx';
import type { DocumentRecord } from '../../documents/documents.presenter.js';
import type { Bucket } from '../../timeline/timeline.js';

export const fmtDate = (d: DocumentRecord['date']) => (d ? d.text || (d.start === d.end ? d.start : `${d.start} – ${d.end}`) : null);

export const docHref = (id: string, page?: number | null) => `/documents/${encodeURIComponent(id)}${page ? `#page-${page}` : ''}`;

/** Provenance as readers should read it. */
export const PROVENANCE_LABEL: Record<string, string> = { source: 'source file', extracted: 'extracted', editor: 'editor' };

/** Width class (5% steps) for a histogram bar: the CSP forbids inline styles. */
const widthClass = (n: number, max: number) => `w${max ? Math.max(n ? 1 : 0, Math.round((n / max) * 20)) : 0}`;

/** A bar histogram as a list: readable without CSS and by screen readers ("1962: 4 documents"). */
export function Histogram(props: { buckets: Bucket[]; href?: (key: string) => string; label: string }) {
  const max = Math.max(0, ...props.buckets.map((b) => b.count));
  return (
    <ul class="hist" aria-label={props.label}>
      {props.buckets.map((b) => (
        <li>
          <span>{props.href && b.count ? <a href={props.href(b.key)}>{b.label}</a> : b.label}</span>
          <span class={`bar ${widthClass(b.count, max)}${b.count ? '' : ' zero'}`} aria-hidden="true"></span>
          <span>
            {b.count}
            <span class="visually-hidden"> document{b.count === 1 ? '' : 's'}</span>
          </span>
        </li>
      ))}
    </ul>
  );
}

/** A definition-list row only when there is a value. */
export function Row(props: { term: string; children?: Child; show: unknown }) {
  if (!props.show) return null;
  return (
    <>
      <dt>{props.term}</dt>
      <dd>{props.children}</dd>
    </>
  );
}
