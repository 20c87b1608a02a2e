import type { DateFilter } from './query.ast.js';
import { at, invalid } from './query.lexer.js';

/** First and last ISO day of "1994", "1994-09" or "1994-09-15". */
export function dateBounds(text: string): { start: string; end: string } | null {
  const m = /^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$/.exec(text);
  if (!m) return null;
  const y = Number(m[1]);
  const pad = (n: number) => String(n).padStart(2, '0');
  if (m[2] === undefined) return { start: `${m[1]}-01-01`, end: `${m[1]}-12-31` };
  const mo = Number(m[2]);
  if (mo < 1 || mo > 12) return null;
  const last = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  if (m[3] === undefined) return { start: `${m[1]}-${pad(mo)}-01`, end: `${m[1]}-${pad(mo)}-${pad(last)}` };
  const d = Number(m[3]);
  if (d < 1 || d > last) return null;
  const day = `${m[1]}-${pad(mo)}-${pad(d)}`;
  return { start: day, end: day };
}

function shiftDay(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * `date:1994-09..1995-12` (either side may be left open), `date:1994`,
 * `before:1995` (= date:..1994-12-31), `after:1994-06` (= date:1994-07-01..).
 * A document matches when its own date range overlaps the range.
 */
export function parseDateRange(kind: 'date' | 'before' | 'after', value: string, pos: number): DateFilter {
  const bad = (part: string) =>
    invalid(`"${part}" at ${at(pos)} is not a date: write YYYY, YYYY-MM or YYYY-MM-DD, and a range as date:1994-09..1995-12.`, pos);
  const bounds = (part: string) =>
    dateBounds(part) ??
    (() => {
      throw bad(part);
    })();
  if (kind === 'before') return { from: null, to: shiftDay(bounds(value).start, -1), pos };
  if (kind === 'after') return { from: shiftDay(bounds(value).end, 1), to: null, pos };
  const dots = value.indexOf('..');
  if (dots === -1) {
    const b = bounds(value);
    return { from: b.start, to: b.end, pos };
  }
  const left = value.slice(0, dots);
  const right = value.slice(dots + 2);
  if (!left && !right) throw bad(value);
  const from = left ? bounds(left).start : null;
  const to = right ? bounds(right).end : null;
  if (from && to && from > to) throw invalid(`The date range at ${at(pos)} ends before it starts.`, pos);
  return { from, to, pos };
}
