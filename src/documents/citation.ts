import type { DocumentRecord } from './documents.presenter.js';

/**
 * Citations of one document, as researchers write them (shared/FIELD-GUIDE.md,
 * "How researchers cite"): kind, author, recipient, subject, date, archive
 * location, plus the stable permalink. Pure functions of the record.
 */
export interface CitationContext {
  /** Absolute permalink of the document. */
  url: string;
  /** Case or request number of the release the document came from, where known. */
  caseNumber?: string | null;
  /** Date the citation is made (YYYY-MM-DD), for "accessed". */
  accessed: string;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "March 14, 1962", "March 1962", "1962", or the range as written. */
export function humanDate(d: DocumentRecord['date']): string | null {
  if (!d) return null;
  const [y, m, day] = d.start.split('-');
  const month = MONTHS[Number(m) - 1];
  switch (d.precision) {
    case 'day':
      return month ? `${month} ${Number(day)}, ${y}` : d.start;
    case 'month':
      return month ? `${month} ${y}` : d.start;
    case 'year':
      return y ?? d.start;
    default:
      return d.text || `${d.start} – ${d.end}`;
  }
}

const names = (l: { name: string }[]) => l.map((n) => n.name).join(' and ');
const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** FRUS-style document number ("d12" → "12") for documents from TEI volumes. */
const docNumber = (r: DocumentRecord) => (r.source.format === 'tei' ? /^d(\d+)$/.exec(r.source.id ?? '')?.[1] : undefined);

/** Chicago notes-style: Memorandum, A to B, “Subject,” March 14, 1962, Collection, case F-1. Declass, URL. */
export function chicago(r: DocumentRecord, ctx: CitationContext): string {
  const parts: string[] = [];
  const kind = r.type ? capitalise(r.type.replace(/_/g, ' ')) : 'Document';
  const who = [names(r.from), r.to.length ? `to ${names(r.to)}` : ''].filter(Boolean).join(' ');
  parts.push(who ? `${kind}, ${who}` : kind);
  const subject = r.subject ?? r.title;
  if (subject) parts.push(`“${subject.replace(/[.,]$/, '')},”`);
  const date = humanDate(r.date);
  if (date) parts.push(date);
  const place = [r.collection?.title, docNumber(r) ? `doc. ${docNumber(r)}` : null, ctx.caseNumber].filter(Boolean).join(', ');
  let out = parts.join(', ').replace(/,”,/g, ',”');
  if (place) out += `, ${place}`;
  return `${out}. Declass, ${ctx.url} (accessed ${ctx.accessed}).`;
}

function bibEscape(s: string): string {
  return s.replace(/[\\{}]/g, (c) => (c === '\\' ? '\\textbackslash{}' : `\\${c}`)).replace(/([#$%&_^~])/g, '\\$1');
}

/** BibTeX (@misc), key `declass:<id>`. */
export function bibtex(r: DocumentRecord, ctx: CitationContext): string {
  const fields: [string, string | null | undefined][] = [
    ['title', r.title ?? r.subject],
    ['author', r.from.length ? r.from.map((n) => `{${bibEscape(n.name)}}`).join(' and ') : null],
    ['year', r.date?.start.slice(0, 4)],
    ['date', r.date ? (r.date.start === r.date.end ? r.date.start : `${r.date.start}/${r.date.end}`) : null],
    ['type', r.type],
    ['note', [r.to.length ? `To ${names(r.to)}` : null, r.classification.level].filter(Boolean).join('. ') || null],
    [
      'howpublished',
      [r.collection?.title, docNumber(r) ? `doc. ${docNumber(r)}` : null, ctx.caseNumber].filter(Boolean).join(', ') || null,
    ],
    ['url', ctx.url],
    ['urldate', ctx.accessed],
  ];
  const body = fields
    .filter((f): f is [string, string] => Boolean(f[1]))
    .map(([k, v]) => `  ${k} = {${k === 'author' || k === 'url' ? v : bibEscape(v)}}`)
    .join(',\n');
  return `@misc{declass:${r.id.replace(/[^\w:.-]/g, '_')},\n${body}\n}\n`;
}

const dateParts = (iso: string) => iso.split('-').map(Number);

/** CSL-JSON (an array with one item), for Zotero, Pandoc and citeproc. */
export function cslJson(r: DocumentRecord, ctx: CitationContext): Record<string, unknown>[] {
  const item: Record<string, unknown> = { id: r.id, type: 'document', title: r.title ?? r.subject ?? r.id, URL: ctx.url };
  if (r.from.length) item.author = r.from.map((n) => ({ literal: n.name }));
  if (r.to.length) item.recipient = r.to.map((n) => ({ literal: n.name }));
  if (r.date) {
    const start =
      r.date.precision === 'year'
        ? [Number(r.date.start.slice(0, 4))]
        : r.date.precision === 'month'
          ? dateParts(r.date.start).slice(0, 2)
          : dateParts(r.date.start);
    item.issued =
      r.date.precision === 'range' ? { 'date-parts': [dateParts(r.date.start), dateParts(r.date.end)] } : { 'date-parts': [start] };
  }
  if (r.type) item.genre = r.type;
  if (r.collection) item.archive = r.collection.title;
  const location = [docNumber(r) ? `doc. ${docNumber(r)}` : null, ctx.caseNumber].filter(Boolean).join(', ');
  if (location) item.archive_location = location;
  if (r.classification.level) item.note = `Classification: ${[r.classification.level, ...r.classification.caveats].join(', ')}`;
  item.accessed = { 'date-parts': [dateParts(ctx.accessed)] };
  return [item];
}
