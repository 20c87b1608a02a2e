import type { DocumentRecord } from '../../documents/documents.presenter.js';
import type { EditRow } from '../../documents/edits.usecases.js';
import { highlight } from '../highlight.js';
import { Layout } from '../layout.js';
import type { PageImage } from '../page-images.js';
import { hitBoxes, type WordBox } from '../word-boxes.js';
import { PROVENANCE_LABEL, Row, docHref, fmtDate } from './common.js';

export interface DocumentPageData {
  doc: DocumentRecord;
  pages: { page_no: number; label: string | null; text: string; text_source: string; status?: string }[];
  entities: { id: number; kind: string; name: string }[];
  release: {
    slug: string;
    title: string;
    kind: string;
    agency: string | null;
    case_number: string | null;
    release_date: string | null;
  } | null;
  citations: { chicago: string; bibtex: string };
  permalink: string;
  terms: { text: string; prefix: boolean }[];
  query: string;
  history: EditRow[];
  canEdit: boolean;
  /** Page images by page number (pages without one show text only). */
  images: ReadonlyMap<number, PageImage>;
  /** OCR word boxes by page number (loaded when there are terms to draw). */
  words?: ReadonlyMap<number, readonly WordBox[]>;
  notice?: string | null;
}

function Prov({ p }: { p: string | undefined }) {
  if (!p) return null;
  return <span class={`prov prov-${p}`}>{PROVENANCE_LABEL[p] ?? p}</span>;
}

function EntityLinks({ list }: { list: { id: number; name: string }[] }) {
  return (
    <ul class="inline-list">
      {list.map((e) => (
        <li>
          <a href={`/entities/${e.id}`}>{e.name}</a>
        </li>
      ))}
    </ul>
  );
}

const names = (list: { name: string }[]) => list.map((n) => n.name).join('; ');

const showValue = (raw: string | null) => {
  if (raw === null) return '—';
  const v = JSON.parse(raw) as unknown;
  if (v === null) return '—';
  if (typeof v === 'string') return v;
  if (Array.isArray(v))
    return v.map((x) => (typeof x === 'object' && x && 'name' in x ? String((x as { name: unknown }).name) : String(x))).join('; ');
  if (typeof v === 'object' && 'start' in v) {
    const d = v as { start: string; end: string; text?: string };
    return d.start === d.end ? d.start : `${d.start} – ${d.end}`;
  }
  if (typeof v === 'object' && 'level' in v) {
    const c = v as { level: string | null; caveats?: string[] };
    return [c.level, ...(c.caveats ?? [])].filter(Boolean).join(', ');
  }
  return JSON.stringify(v);
};

const px = (v: number) => String(Math.round(v * 10) / 10);

/**
 * A page image with the search hits drawn over it as an SVG overlay (the CSP
 * forbids inline styles; SVG geometry attributes are not styles), zoom buttons
 * that the reader script reveals, and alt text naming the page.
 */
function PageFigure({ img, title, hits }: { img: PageImage; title: string; hits: readonly WordBox[] }) {
  const n = img.pageNo;
  const pad = Math.max(2, Math.round(Math.min(img.width, img.height) / 400));
  return (
    <figure class="page-image" data-page={String(n)} data-zoom="1">
      <div class="zoom-tools" role="group" aria-label={`Zoom page ${n}`} hidden>
        <button type="button" data-zoom-step="-1" aria-label={`Zoom out of page ${n}`}>
          −
        </button>
        <button type="button" data-zoom-step="0" aria-label={`Fit page ${n} to the column`}>
          Fit
        </button>
        <button type="button" data-zoom-step="1" aria-label={`Zoom into page ${n}`}>
          +
        </button>
        <span class="zoom-level" aria-live="polite"></span>
      </div>
      <div class="viewport">
        <div class="zoom-box">
          <img
            src={img.url}
            width={String(img.width)}
            height={String(img.height)}
            alt={`Page ${n} of ${title}`}
            loading={n === 1 ? 'eager' : 'lazy'}
            decoding="async"
            draggable="false"
          />
          {hits.length ? (
            <svg class="hits" viewBox={`0 0 ${img.width} ${img.height}`} preserveAspectRatio="none" aria-hidden="true" focusable="false">
              {hits.map((w) => (
                <rect
                  class="hit-box"
                  x={px(w.x0 * img.width - pad)}
                  y={px(w.y0 * img.height - pad)}
                  width={px((w.x1 - w.x0) * img.width + 2 * pad)}
                  height={px((w.y1 - w.y0) * img.height + 2 * pad)}
                  rx={String(pad)}
                  data-box={`${w.x0} ${w.y0} ${w.x1} ${w.y1}`}
                  data-word={w.text}
                />
              ))}
            </svg>
          ) : null}
        </div>
      </div>
      {hits.length ? (
        <figcaption class="hit-note">
          {hits.length} search hit{hits.length === 1 ? '' : 's'} marked on the image
        </figcaption>
      ) : null}
    </figure>
  );
}

export function DocumentPage(d: DocumentPageData) {
  const { doc, pages } = d;
  const byKind = (k: string) => d.entities.filter((e) => e.kind === k);
  const total = pages.length;
  let hitNo = 0;
  return (
    <Layout title={doc.title ?? doc.id} scripts={['/static/reader.js']} query={d.query}>
      <p class="muted">
        {doc.collection ? <a href={`/collections/${encodeURIComponent(doc.collection.slug)}`}>{doc.collection.title}</a> : null}
      </p>
      <h1>{doc.title ?? doc.id}</h1>
      <p class="badges">
        <span class="visually-hidden">Markings: </span>
        {doc.classification.level ? <span class="badge cls">{doc.classification.level}</span> : null}
        {doc.classification.caveats.map((c) => (
          <span class="badge caveat">{c}</span>
        ))}
        {doc.exemptions.map((e) => (
          <span class="badge exempt">Exemption {e}</span>
        ))}
        {doc.redactions.count > 0 ? (
          <span class="badge redact">
            {doc.redactions.count} redaction{doc.redactions.count === 1 ? '' : 's'}
          </span>
        ) : null}
        {doc.status === 'waiting_ocr' ? <span class="badge">Waiting for OCR</span> : null}
      </p>
      {d.notice ? (
        <p class="notice" role="status">
          {d.notice}
        </p>
      ) : null}
      <div class="doc-layout">
        <div class="reader" id="reader" data-pages={String(total)}>
          <nav class={d.images.size ? 'thumbs has-images' : 'thumbs'} aria-label="Pages">
            <p class="reader-status" id="reader-status" aria-live="polite">
              {total} page{total === 1 ? '' : 's'}
              {d.terms.length ? ` · highlighting: ${d.terms.map((t) => t.text).join(', ')}` : ''}
            </p>
            <ol>
              {pages.map((p) => {
                const thumb = d.images.get(p.page_no)?.thumb;
                return (
                  <li>
                    <a href={`#page-${p.page_no}`} data-page={String(p.page_no)}>
                      {thumb ? (
                        <img src={thumb.url} width={String(thumb.width)} height={String(thumb.height)} alt="" loading="lazy" />
                      ) : null}
                      <span class="visually-hidden">Page </span>
                      {p.page_no}
                    </a>
                  </li>
                );
              })}
            </ol>
            <p class="keys" id="reader-keys" hidden>
              Keys: <kbd>→</kbd>/<kbd>j</kbd> next page, <kbd>←</kbd>/<kbd>k</kbd> previous, <kbd>n</kbd> next highlight
              {d.images.size ? (
                <>
                  , <kbd>+</kbd>/<kbd>−</kbd> zoom the page image, <kbd>0</kbd> fit, arrow keys pan when zoomed
                </>
              ) : null}
              .
            </p>
            {d.images.size ? (
              <p class="viewer-bar">
                <button type="button" id="toggle-text" aria-pressed="true" aria-controls="reader" hidden>
                  Page text beside the image
                </button>
              </p>
            ) : null}
          </nav>
          {pages.map((p) => {
            const img = d.images.get(p.page_no);
            const words = img && d.terms.length ? d.words?.get(p.page_no) : undefined;
            const hits = words ? hitBoxes(words, d.terms) : [];
            const waiting = p.status === 'waiting_ocr';
            return (
              <section
                class={img ? 'page has-image' : 'page'}
                id={`page-${p.page_no}`}
                tabindex={-1}
                aria-labelledby={`page-${p.page_no}-h`}
              >
                <h2 id={`page-${p.page_no}-h`}>
                  Page {p.page_no} of {total}
                  {p.label ? ` (printed p. ${p.label})` : ''}
                </h2>
                <div class="page-body">
                  {img ? <PageFigure img={img} title={doc.title ?? doc.id} hits={hits} /> : null}
                  <div class="page-text">
                    {waiting ? (
                      <p class="text-coming" role="note">
                        Text coming: this page is waiting for OCR.{p.text ? ' The text below is the file’s own text layer.' : ''}
                      </p>
                    ) : p.status === 'failed' ? (
                      <p class="text-coming" role="note">
                        OCR of this page failed; its text may be missing or incomplete.
                      </p>
                    ) : null}
                    {p.text ? (
                      <div class="text" lang="en">
                        {highlight(p.text, d.terms).map((s) =>
                          s.hit ? (
                            <mark class="hit" id={`hit-${++hitNo}`}>
                              {s.text}
                            </mark>
                          ) : (
                            s.text
                          ),
                        )}
                      </div>
                    ) : waiting ? null : (
                      <p class="muted">This page has no text.</p>
                    )}
                  </div>
                </div>
                <nav class="page-nav" aria-label={`Page ${p.page_no}`}>
                  {p.page_no > 1 ? (
                    <a href={`#page-${p.page_no - 1}`} rel="prev">
                      ← Page {p.page_no - 1}
                    </a>
                  ) : (
                    <span></span>
                  )}
                  {p.page_no < total ? (
                    <a href={`#page-${p.page_no + 1}`} rel="next">
                      Page {p.page_no + 1} →
                    </a>
                  ) : null}
                </nav>
              </section>
            );
          })}
        </div>
        <aside class="panel" aria-labelledby="about-h">
          <h2 id="about-h">About this document</h2>
          <dl class="meta">
            <Row term="Date" show={doc.date}>
              {fmtDate(doc.date)} <Prov p={doc.provenance.date} />
            </Row>
            <Row term="Type" show={doc.type}>
              {doc.type} <Prov p={doc.provenance.type} />
            </Row>
            <Row term="From" show={doc.from.length}>
              {names(doc.from)} <Prov p={doc.provenance.from} />
            </Row>
            <Row term="To" show={doc.to.length}>
              {names(doc.to)} <Prov p={doc.provenance.to} />
            </Row>
            <Row term="Subject" show={doc.subject}>
              {doc.subject} <Prov p={doc.provenance.subject} />
            </Row>
            <Row term="Classification" show={doc.classification.level || doc.classification.caveats.length}>
              {[doc.classification.level, ...doc.classification.caveats].filter(Boolean).join(', ')}{' '}
              <Prov p={doc.provenance.classification} />
            </Row>
            <Row term="Exemptions" show={doc.exemptions.length}>
              {doc.exemptions.join(', ')} <Prov p={doc.provenance.exemptions} />
            </Row>
            <Row term="Redactions" show={doc.redactions.count}>
              {doc.redactions.count} <Prov p={doc.provenance.redactions} />
            </Row>
            <Row term="Declassified" show={doc.declassification}>
              {[doc.declassification?.authority, doc.declassification?.date, doc.declassification?.case].filter(Boolean).join(', ')}{' '}
              <Prov p={doc.provenance.declassification} />
            </Row>
            <Row term="People" show={byKind('person').length}>
              <EntityLinks list={byKind('person')} />
            </Row>
            <Row term="Organisations" show={byKind('organization').length}>
              <EntityLinks list={byKind('organization')} />
            </Row>
            <Row term="Places" show={byKind('place').length || doc.places.length}>
              {byKind('place').length ? <EntityLinks list={byKind('place')} /> : names(doc.places)}
            </Row>
            <Row term="Source notes" show={doc.source.notes.length}>
              {doc.source.notes.join(' ')} <Prov p={doc.provenance.source_notes} />
            </Row>
            <Row term="Release" show={d.release}>
              {d.release ? (
                <>
                  <a href={`/collections/${encodeURIComponent(d.release.slug)}`}>{d.release.title}</a>
                  {[d.release.agency, d.release.case_number, d.release.release_date].filter(Boolean).length
                    ? ` (${[d.release.agency, d.release.case_number, d.release.release_date].filter(Boolean).join(', ')})`
                    : ''}
                </>
              ) : null}
            </Row>
            <dt>Permalink</dt>
            <dd>
              <a href={docHref(doc.id)}>{d.permalink}</a>
            </dd>
            <dt>Original</dt>
            <dd>
              <a href={`${docHref(doc.id)}/original`}>Download the original ({doc.source.format})</a>
            </dd>
          </dl>
          {d.canEdit ? (
            <p>
              <a class="button" href={`${docHref(doc.id)}/edit`}>
                Edit metadata
              </a>
            </p>
          ) : null}
          <section class="cite-box" aria-labelledby="cite-h">
            <h2 id="cite-h">Cite this document</h2>
            <h3 class="visually-hidden">Chicago</h3>
            <pre id="cite-chicago">{d.citations.chicago}</pre>
            <div class="actions">
              <button type="button" class="copy" data-copy="cite-chicago" hidden>
                Copy citation
              </button>
              <a href={`${docHref(doc.id)}/citation.bib`} download>
                BibTeX
              </a>
              <a href={`${docHref(doc.id)}/citation.json`} download>
                CSL-JSON
              </a>
              <a href={`${docHref(doc.id)}/citation.txt`} download>
                Chicago (text)
              </a>
            </div>
            <details>
              <summary>BibTeX</summary>
              <pre id="cite-bibtex">{d.citations.bibtex}</pre>
              <button type="button" class="copy" data-copy="cite-bibtex" hidden>
                Copy BibTeX
              </button>
            </details>
          </section>
          <section aria-labelledby="history-h" id="history">
            <h2 id="history-h">Edit history</h2>
            {d.history.length === 0 ? (
              <p class="muted">No editor has changed this record.</p>
            ) : (
              <table class="list history">
                <caption class="visually-hidden">Changes by editors, newest first</caption>
                <thead>
                  <tr>
                    <th scope="col">When</th>
                    <th scope="col">Who</th>
                    <th scope="col">Field</th>
                    <th scope="col">Before</th>
                    <th scope="col">After</th>
                  </tr>
                </thead>
                <tbody>
                  {d.history.map((h) => (
                    <tr>
                      <td>
                        <time datetime={h.at}>{h.at.slice(0, 16).replace('T', ' ')}</time>
                      </td>
                      <td>{h.user_name}</td>
                      <td>{h.field}</td>
                      <td>{showValue(h.before)}</td>
                      <td>{showValue(h.after)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        </aside>
      </div>
    </Layout>
  );
}
