import type { Db } from '../db/database.js';
import type { Provenance } from '../db/schema.js';
import { PROVENANCE_RANK } from '../documents/fields.js';

/**
 * Documents over time. A span is the whole archive, a decade ("1960s"), a year
 * ("1962"), a month ("1962-04") or a day ("1962-04-02"); each level is counted
 * in the buckets of the next one down. Pure functions plus one query.
 */
export type Span =
  | { level: 'all' }
  | { level: 'decade'; key: string; decade: number }
  | { level: 'year'; key: string; year: number }
  | { level: 'month'; key: string; year: number; month: number }
  | { level: 'day'; key: string };

export interface DatedDoc {
  id: string;
  /** ISO start date. */
  start: string;
}

export interface Bucket {
  /** The span this bucket drills down to. */
  key: string;
  label: string;
  count: number;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** Parses `?span=`; anything unrecognised is the whole archive. */
export function parseSpan(raw: string | undefined): Span {
  const s = (raw ?? '').trim();
  let m: RegExpExecArray | null;
  if ((m = /^(\d{3})0s$/.exec(s))) return { level: 'decade', key: s, decade: Number(m[1]) * 10 };
  if ((m = /^(\d{4})$/.exec(s))) return { level: 'year', key: s, year: Number(m[1]) };
  if ((m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(s))) return { level: 'month', key: s, year: Number(m[1]), month: Number(m[2]) };
  if (/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/.test(s)) return { level: 'day', key: s };
  return { level: 'all' };
}

export function spanLabel(span: Span): string {
  switch (span.level) {
    case 'all':
      return 'All dates';
    case 'decade':
      return span.key;
    case 'year':
      return String(span.year);
    case 'month':
      return `${MONTHS[span.month - 1]} ${span.year}`;
    case 'day': {
      const [y, mo, d] = span.key.split('-');
      return `${Number(d)} ${MONTHS[Number(mo) - 1]} ${y}`;
    }
  }
}

/** The spans above this one, for breadcrumbs (whole archive first). */
export function parents(span: Span): Span[] {
  const key = span.level === 'all' ? '' : span.key;
  const out: Span[] = [{ level: 'all' }];
  if (span.level === 'all') return out;
  out.push(parseSpan(`${key.slice(0, 3)}0s`));
  if (span.level === 'decade') return out;
  out.push(parseSpan(key.slice(0, 4)));
  if (span.level === 'year') return out;
  out.push(parseSpan(key.slice(0, 7)));
  if (span.level === 'month') return out;
  out.push(span);
  return out;
}

/** Whether a document's start date falls in the span. */
export function inSpan(span: Span, start: string): boolean {
  switch (span.level) {
    case 'all':
      return true;
    case 'decade':
      return start.slice(0, 3) === span.key.slice(0, 3);
    case 'year':
    case 'month':
    case 'day':
      return start.startsWith(span.key);
  }
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Counts documents in the buckets one level below the span; empty buckets inside the span are kept so gaps show. */
export function bucketize(docs: readonly DatedDoc[], span: Span): Bucket[] {
  const inside = docs.filter((d) => inSpan(span, d.start));
  const count = (prefix: string) => inside.filter((d) => d.start.startsWith(prefix)).length;
  switch (span.level) {
    case 'all': {
      const decades = inside.map((d) => Number(d.start.slice(0, 3)));
      if (!decades.length) return [];
      const out: Bucket[] = [];
      for (let dd = Math.min(...decades); dd <= Math.max(...decades); dd++)
        out.push({ key: `${dd}0s`, label: `${dd}0s`, count: count(String(dd)) });
      return out;
    }
    case 'decade':
      return Array.from({ length: 10 }, (_, i) => String(span.decade + i)).map((y) => ({ key: y, label: y, count: count(y) }));
    case 'year':
      return MONTHS.map((name, i) => ({ key: `${span.year}-${pad(i + 1)}`, label: name, count: count(`${span.year}-${pad(i + 1)}`) }));
    case 'month': {
      const days = new Date(Date.UTC(span.year, span.month, 0)).getUTCDate();
      return Array.from({ length: days }, (_, i) => `${span.key}-${pad(i + 1)}`).map((k) => ({
        key: k,
        label: String(Number(k.slice(8))),
        count: count(k),
      }));
    }
    case 'day':
      return [];
  }
}

/** Year counts (for an entity's histogram), every year from first to last. */
export function yearCounts(docs: readonly DatedDoc[]): Bucket[] {
  const years = docs.map((d) => Number(d.start.slice(0, 4)));
  if (!years.length) return [];
  const out: Bucket[] = [];
  for (let y = Math.min(...years); y <= Math.max(...years); y++) {
    out.push({ key: String(y), label: String(y), count: docs.filter((d) => d.start.startsWith(String(y))).length });
  }
  return out;
}

/**
 * Each document's date start, resolved by provenance (editor > source > extracted).
 * `ids` null means every dated document in the archive.
 */
export async function documentDates(db: Db, ids: readonly string[] | null): Promise<DatedDoc[]> {
  const rows: { document_id: string; value: string; provenance: Provenance }[] = [];
  const query = () => db.selectFrom('document_fields').select(['document_id', 'value', 'provenance']).where('name', '=', 'date');
  if (ids === null) rows.push(...(await query().execute()));
  else
    for (let i = 0; i < ids.length; i += 500)
      rows.push(
        ...(await query()
          .where('document_id', 'in', ids.slice(i, i + 500))
          .execute()),
      );
  const best = new Map<string, { rank: number; start: string | null }>();
  for (const r of rows) {
    const rank = PROVENANCE_RANK[r.provenance];
    const cur = best.get(r.document_id);
    if (cur && cur.rank >= rank) continue;
    const v = JSON.parse(r.value) as { start?: unknown } | null;
    best.set(r.document_id, { rank, start: typeof v?.start === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v.start) ? v.start : null });
  }
  const out: DatedDoc[] = [];
  for (const [id, b] of best) if (b.start) out.push({ id, start: b.start });
  return out.sort((a, b) => a.start.localeCompare(b.start) || a.id.localeCompare(b.id));
}
