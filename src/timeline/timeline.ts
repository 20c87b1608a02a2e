import { sql, type Db } from '../db/database.js';
import type { Query } from '../search/query.ast.js';
import type { SearchProvider } from '../search/search.types.js';
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

/** The key of the bucket one level below the span that a start date (ISO day) falls in; null for a day span. */
function childKey(span: Span, start: string): string | null {
  switch (span.level) {
    case 'all':
      return `${start.slice(0, 3)}0s`;
    case 'decade':
      return start.slice(0, 4);
    case 'year':
      return start.slice(0, 7);
    case 'month':
      return start.slice(0, 10);
    case 'day':
      return null;
  }
}

/**
 * The buckets one level below the span from counts keyed as `childKey` makes them; empty buckets inside the span
 * are kept so gaps show (for the whole archive: every decade from the first to the last).
 */
export function bucketsFrom(counts: ReadonlyMap<string, number>, span: Span): Bucket[] {
  const count = (k: string) => counts.get(k) ?? 0;
  switch (span.level) {
    case 'all': {
      const decades = [...counts].filter(([, n]) => n > 0).map(([k]) => Number(k.slice(0, 3)));
      if (!decades.length) return [];
      const out: Bucket[] = [];
      for (let dd = Math.min(...decades); dd <= Math.max(...decades); dd++)
        out.push({ key: `${dd}0s`, label: `${dd}0s`, count: count(`${dd}0s`) });
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

/** Counts documents in the buckets one level below the span; empty buckets inside the span are kept so gaps show. */
export function bucketize(docs: readonly DatedDoc[], span: Span): Bucket[] {
  const counts = new Map<string, number>();
  for (const d of docs) {
    if (!inSpan(span, d.start)) continue;
    const k = childKey(span, d.start);
    if (k !== null) counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return bucketsFrom(counts, span);
}

/** Year counts (for an entity's histogram), every year from first to last. */
export function yearBuckets(counts: ReadonlyMap<number, number>): Bucket[] {
  const years = [...counts].filter(([, n]) => n > 0).map(([y]) => y);
  if (!years.length) return [];
  const out: Bucket[] = [];
  for (let y = Math.min(...years); y <= Math.max(...years); y++) out.push({ key: String(y), label: String(y), count: counts.get(y) ?? 0 });
  return out;
}

/**
 * The start dates a span covers, as ISO days [lo, hi). Both bounds are whole dates, so text comparison is right
 * under any collation (PostgreSQL's locale collations ignore punctuation).
 */
function spanRange(span: Span): { lo: string; hi: string } | null {
  const iso = (y: number, m = 1, d = 1) => {
    const t = new Date(0);
    t.setUTCFullYear(y, m - 1, d); // (Date.UTC reads years 0–99 as 1900–1999)
    return t.toISOString().slice(0, 10);
  };
  switch (span.level) {
    case 'all':
      return null;
    case 'decade':
      return { lo: iso(span.decade), hi: iso(span.decade + 10) };
    case 'year':
      return { lo: iso(span.year), hi: iso(span.year + 1) };
    case 'month':
      return { lo: iso(span.year, span.month), hi: iso(span.year, span.month + 1) };
    case 'day': {
      const [y, m, d] = span.key.split('-').map(Number) as [number, number, number];
      return { lo: span.key, hi: iso(y, m, d + 1) };
    }
  }
}

/**
 * The whole archive over time, from the search rows (one per document, its date resolved as the archive shows
 * it): exact counts at any size, read through the date and year indexes, never a pass over every record.
 */
export async function archiveTimeline(
  db: Db,
  span: Span,
  page: { offset: number; limit: number },
): Promise<{ buckets: Bucket[]; total: number; undated: number; docs: DatedDoc[] }> {
  const range = spanRange(span);
  let q = db.selectFrom('search_docs').where('date_start', 'is not', null);
  if (range) q = q.where('date_start', '>=', range.lo).where('date_start', '<', range.hi);
  const counts = new Map<string, number>();
  let total = 0;
  if (span.level === 'all' || span.level === 'decade') {
    const rows = await q
      .select((eb) => ['year', eb.fn.countAll<number>().as('n')])
      .groupBy('year')
      .execute();
    for (const r of rows) {
      if (r.year === null) continue;
      const k = span.level === 'all' ? `${String(r.year).slice(0, 3)}0s` : String(r.year);
      counts.set(k, (counts.get(k) ?? 0) + Number(r.n));
      total += Number(r.n);
    }
  } else if (span.level === 'year' || span.level === 'month') {
    const width = span.level === 'year' ? 7 : 10;
    const rows = await q
      .select((eb) => [sql<string>`substr(date_start, 1, ${sql.lit(width)})`.as('k'), eb.fn.countAll<number>().as('n')])
      .groupBy(sql`substr(date_start, 1, ${sql.lit(width)})`)
      .execute();
    for (const r of rows) {
      counts.set(r.k, Number(r.n));
      total += Number(r.n);
    }
  } else {
    total = Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  }
  const undated = Number(
    (
      await db
        .selectFrom('search_docs')
        .where('date_start', 'is', null)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
  const rows = await q
    .select(['document_id', 'date_start'])
    .orderBy('date_start')
    .orderBy('document_id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return { buckets: bucketsFrom(counts, span), total, undated, docs: rows.map((r) => ({ id: r.document_id, start: r.date_start! })) };
}

/** Each of these documents' date start, resolved by provenance (editor > source > extracted). */
export async function documentDates(db: Db, ids: readonly string[]): Promise<DatedDoc[]> {
  const rows: { document_id: string; value: string; provenance: Provenance }[] = [];
  const query = () => db.selectFrom('document_fields').select(['document_id', 'value', 'provenance']).where('name', '=', 'date');
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

/**
 * A query's matches over time, from the search service: exact counts over every match (years from its facets,
 * months and days counted by start date), and the span's documents a page at a time in date order. Two searches:
 * the whole query (years, undated) and the query within the span (list and finer buckets).
 */
export async function queryTimeline(
  s: { search: Pick<SearchProvider, 'search'>; db: Db },
  query: Query,
  span: Span,
  offset: number,
  limit = 50,
): Promise<{ buckets: Bucket[]; total: number; undated: number; docs: DatedDoc[] }> {
  const whole = await s.search.search({ query, limit: 1, offset: 0, cursor: null, sort: 'date_asc', facetLimit: 1 });
  const years = whole.facets?.years ?? [];
  const undated = whole.total - years.reduce((n, y) => n + y.count, 0);
  const range = spanRange(span);
  const inSpanQuery: Query = {
    ...query,
    // Inclusive ISO days for the filter: [lo, hi) ends the day before hi.
    dates: [...query.dates, { from: range?.lo ?? null, to: range ? dayBefore(range.hi) : null, pos: 0, on: 'start' }],
  };
  const unit = span.level === 'year' ? 'month' : span.level === 'month' ? 'day' : undefined;
  const res = await s.search.search({
    query: inSpanQuery,
    limit,
    offset,
    cursor: null,
    sort: 'date_asc',
    facetLimit: 0,
    ...(unit ? { dateUnit: unit } : {}),
  });
  const counts = new Map<string, number>();
  if (span.level === 'all' || span.level === 'decade')
    for (const y of years) {
      const key = span.level === 'all' ? `${String(y.year).slice(0, 3)}0s` : String(y.year);
      if (span.level === 'decade' && Math.floor(y.year / 10) * 10 !== span.decade) continue;
      counts.set(key, (counts.get(key) ?? 0) + y.count);
    }
  else for (const d of res.facets?.dates ?? []) counts.set(d.key, d.count);
  const dates = new Map(
    (
      await documentDates(
        s.db,
        res.hits.map((h) => h.documentId),
      )
    ).map((d) => [d.id, d.start]),
  );
  const docs = res.hits.flatMap((h) => {
    const start = dates.get(h.documentId);
    return start ? [{ id: h.documentId, start }] : [];
  });
  return { buckets: bucketsFrom(counts, span), total: res.total, undated, docs };
}

function dayBefore(iso: string): string {
  const t = new Date(`${iso}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() - 1);
  return t.toISOString().slice(0, 10);
}
