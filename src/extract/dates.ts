/**
 * Date strings as they appear in declassified records: datelines ("Washington, October 14, 1994"), day-first military
 * forms ("14 Oct 94"), US numeric forms ("10/14/94"), FRUS editorial brackets ("[October 14, 1994]",
 * "January 2, 1942 [1943]"), ranges ("October 11–12, 1986") and cable date-time groups ("O 301727Z SEP 86").
 * Pure: no clock, no I/O. Two-digit years become 19xx unless a context year says otherwise.
 */
import type { DateValue } from '../documents/fields.js';
import type { Extracted } from './span.js';

export interface DateContext {
  /** A year the text is known to be near (volume coverage, a cable's other headers): resolves "94" and year-less dates. */
  year?: number;
  /** Month for bare DTGs ("DTG: 131656Z") that carry no month. */
  month?: number;
}

const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const MONTH_ABBR = ['Jan', 'Feb', 'Mar', 'Apr', 'Jun', 'Jul', 'Aug', 'Sept', 'Sep', 'Oct', 'Nov', 'Dec'];
// Title case and upper case only: lower-case "may"/"march" are usually verbs in running text.
const MONTH = [...MONTH_NAMES, ...MONTH_ABBR].flatMap((m) => [m, m.toUpperCase()]).join('|');

/** Month number by the lower case of its first three letters (each month's are its own). */
const MONTH_BY_PREFIX = new Map(MONTH_NAMES.map((m, i) => [m.slice(0, 3).toLowerCase(), i + 1]));

/** 1–12 for a month name or abbreviation, 0 for another word. */
function monthIndex(word: string): number {
  return MONTH_BY_PREFIX.get(word.slice(0, 3).toLowerCase()) ?? 0;
}

const DASH = '[-–—]';
// An editor's completion of an abbreviated month: "Sept[ember]".
const COMPLETION = String.raw`(?:\[[a-z]{1,8}\])?`;
// Month-first: "October 14, 1994", "Oct. 14, 1994", "January3, 1942" (missing space), "January [13], 1942" (day supplied
// by the editor), "January 20?, 1943" (uncertain), "January 22 [23], 1943" and "June 25 [27?], 1942" (the editor's day),
// "October 11–12, 1986" and "October 30–November 2, 1986" (ranges), "January 15—1952" (a dash for the comma),
// "January 2, 1942 [1943]" (the editor's year). Two-digit years only with an apostrophe ("Oct 14, '94"): "October 14,
// 10 p.m." must not read as 2010.
const MDY = new RegExp(
  String.raw`(?<![A-Za-z])(?<m1>${MONTH})${COMPLETION}\.?\s*\[?(?<d1>\d{1,2})(?:st|nd|rd|th)?(?!\d)\]?(?<q1>\?)?` +
    String.raw`(?:\s*\[(?<dc>\d{1,2})(?<qc>\?)?\])?` +
    String.raw`(?:\s*${DASH}\s*(?:(?<m2>${MONTH})\.?\s*)?(?<d2>\d{1,2})(?!\d)(?<q2>\?)?)?` +
    String.raw`(?:\s*[—–]\s*|\s*,?\s*)(?<y>\d{4}|'\d{2})(?!\d)(?:\s*\[(?<yc>\d{4})(?<qy>\?)?\])?`,
  'g',
);
// Day-first: "14 October 1994", "3 January, 1942", "14 Oct 94", "11–12 October 1986", "23rd June 1950",
// "14th Sept[ember] 1944". The look-behind keeps the day from being the tail of a longer number (a DTG "131656Z" or a
// file number).
const DMY = new RegExp(
  String.raw`(?<![\d/.:])(?<d1>\d{1,2})(?:st|nd|rd|th)?(?:\s*${DASH}\s*(?<d2>\d{1,2})(?:st|nd|rd|th)?)?\s*(?:of\s+)?` +
    String.raw`(?<m1>${MONTH})${COMPLETION}\.?,?\s*(?<y>\d{4}|\d{2})(?![\d:])(?:\s*\[(?<yc>\d{4})(?<qy>\?)?\])?`,
  'g',
);
// US numeric month/day/year: "10/14/94", "7/16/2019". Not part of a longer slash- or dot-separated number (file numbers).
const NUMERIC = /(?<![\d/.-])(\d{1,2})\/(\d{1,2})\/(\d{4}|\d{2})(?![\d/])/g;
// ISO dates written by machines or editors: "1994-10-14".
const ISO = /(?<![\d-])(\d{4})-(\d{2})-(\d{2})(?![\d-])/g;
// Month and year only: "June 1981".
const MONTH_YEAR = new RegExp(`(?<![A-Za-z])(${MONTH})\\.?,?\\s+(\\d{4})(?!\\d)`, 'g');
// Cable date-time group DDHHMMZ MON YY, optionally after the precedence letter: "O 301727Z SEP 86", "131656Z OCT 86".
const DTG = new RegExp(`(?<![A-Za-z0-9])(?:[OPRZ]\\s+)?(\\d{2})(\\d{2})(\\d{2})\\s?Z\\s+(${MONTH})\\s+(\\d{4}|\\d{2})(?!\\d)`, 'g');
// A bare DTG ("DTG: 131656Z"): only usable when the context supplies month and year.
const BARE_DTG = /(?<![A-Za-z0-9])(\d{2})(\d{2})(\d{2})\s?Z(?![A-Za-z0-9])/g;
// Month and day without a year ("October 14"): only with a context year.
const MONTH_DAY = new RegExp(`(?<![A-Za-z])(${MONTH})\\.?\\s*(\\d{1,2})(?!\\d)(?!\\s*,?\\s*(?:\\d{4}|'\\d\\d))`, 'g');
// A time after the date: "—4:57 p. m.", ", 10 p.m.", "—noon", "—midnight".
const TIME = /^\s*(?:[-–—,]\s*|\s+)(?:(\d{1,2})(?::(\d{2}))?\s*([ap])\.?\s?m\b\.?|(noon)|(midnight))/i;

const pad = (n: number) => String(n).padStart(2, '0');
const iso = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;

function daysIn(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

function valid(y: number, m: number, d: number): boolean {
  return y >= 1700 && y <= 2100 && m >= 1 && m <= 12 && d >= 1 && d <= daysIn(y, m);
}

/** "94" → 1994, or the century closest to the context year. "'94" accepted. */
export function resolveYear(raw: string, ctx: DateContext = {}): number {
  const digits = raw.replace(/\D/g, '');
  const n = Number(digits);
  if (digits.length === 4) return n;
  if (ctx.year === undefined) return 1900 + n;
  const century = Math.floor(ctx.year / 100) * 100;
  const options = [century - 100 + n, century + n, century + 100 + n];
  return options.reduce((a, b) => (Math.abs(b - ctx.year!) < Math.abs(a - ctx.year!) ? b : a));
}

const HAS_DIGIT = /\d/;

interface Candidate {
  start: number;
  end: number;
  value: Omit<DateValue, 'text'>;
}

function day(y: number, m: number, d: number): Candidate['value'] | null {
  return valid(y, m, d) ? { start: iso(y, m, d), end: iso(y, m, d), precision: 'day' } : null;
}

function collect(text: string, re: RegExp, build: (m: RegExpExecArray) => Candidate['value'] | null, out: Candidate[]): void {
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const value = build(m);
    if (value) out.push({ start: m.index, end: m.index + m[0].length, value });
  }
}

function candidates(text: string, ctx: DateContext): Candidate[] {
  const out: Candidate[] = [];
  // Every form below has a digit (a day, a year, a DTG): most header lines (headings, names) have none.
  if (!HAS_DIGIT.test(text)) return out;
  collect(
    text,
    MDY,
    (m) => {
      const g = m.groups!;
      const m1 = monthIndex(g.m1!);
      const m2 = g.m2 ? monthIndex(g.m2) : m1;
      const written = { y: resolveYear(g.y!, ctx), d: Number(g.d1) };
      const corrected = { y: g.yc ? Number(g.yc) : written.y, d: g.dc ? Number(g.dc) : written.d };
      const read = (r: { y: number; d: number }) => (g.d2 === undefined ? day(r.y, m1, r.d) : range(r.y, m1, r.d, m2, Number(g.d2)));
      return withReadings(read(written), read(corrected), g.qc !== undefined || g.qy !== undefined, !!(g.q1 ?? g.q2));
    },
    out,
  );
  collect(
    text,
    DMY,
    (m) => {
      const g = m.groups!;
      const mo = monthIndex(g.m1!);
      const read = (y: number) => (g.d2 ? range(y, mo, Number(g.d1), mo, Number(g.d2)) : day(y, mo, Number(g.d1)));
      const written = resolveYear(g.y!, ctx);
      return withReadings(read(written), read(g.yc ? Number(g.yc) : written), g.qy !== undefined, false);
    },
    out,
  );
  collect(text, NUMERIC, (m) => day(resolveYear(m[3]!, ctx), Number(m[1]), Number(m[2])), out);
  collect(text, ISO, (m) => day(Number(m[1]), Number(m[2]), Number(m[3])), out);
  collect(
    text,
    MONTH_YEAR,
    (m) => {
      const y = Number(m[2]);
      const mo = monthIndex(m[1]!);
      return valid(y, mo, 1) ? { start: iso(y, mo, 1), end: iso(y, mo, daysIn(y, mo)), precision: 'month' } : null;
    },
    out,
  );
  collect(text, DTG, (m) => withTime(day(resolveYear(m[5]!, ctx), monthIndex(m[4]!), Number(m[1])), m[2]!, m[3]!), out);
  if (ctx.year !== undefined && ctx.month !== undefined) {
    const { year, month } = ctx;
    collect(text, BARE_DTG, (m) => withTime(day(year, month, Number(m[1])), m[2]!, m[3]!), out);
  }
  if (ctx.year !== undefined) {
    const year = ctx.year;
    collect(text, MONTH_DAY, (m) => day(year, monthIndex(m[1]!), Number(m[2])), out);
  }
  return out;
}

/**
 * The value of a date an editor may have corrected in brackets: a firm correction wins and keeps the printed reading as
 * the alternative; a question-marked one is only a conjecture, kept as the alternative of the printed reading.
 */
function withReadings(
  written: Candidate['value'] | null,
  corrected: Candidate['value'] | null,
  conjecture: boolean,
  uncertain: boolean,
): Candidate['value'] | null {
  const same = (a: Candidate['value'] | null, b: Candidate['value'] | null) => a?.start === b?.start && a?.end === b?.end;
  if (!corrected || same(written, corrected)) return written && (uncertain ? { ...written, uncertain: true } : written);
  if (conjecture) {
    if (!written) return null;
    return { ...written, alternative: { start: corrected.start, end: corrected.end, basis: 'conjecture' }, uncertain: true };
  }
  const v: Candidate['value'] = written
    ? { ...corrected, alternative: { start: written.start, end: written.end, basis: 'as-written' } }
    : { ...corrected };
  return uncertain ? { ...v, uncertain: true } : v;
}

function withTime(v: Candidate['value'] | null, hh: string, mm: string): Candidate['value'] | null {
  if (!v || Number(hh) > 23 || Number(mm) > 59) return null;
  return { ...v, time: `${hh}:${mm}` };
}

function range(y: number, m1: number, d1: number, m2: number, d2: number): Candidate['value'] | null {
  // "December 30–January 2, 1987": the end rolls into the next year. The written year is taken as the end's when months wrap.
  const y1 = m2 < m1 ? y - 1 : y;
  if (!valid(y1, m1, d1) || !valid(y, m2, d2)) return null;
  const start = iso(y1, m1, d1);
  const end = iso(y, m2, d2);
  if (end < start) return null;
  return { start, end, precision: start === end ? 'day' : 'range' };
}

function readTime(text: string, at: number): { time: string; length: number } | null {
  const m = TIME.exec(text.slice(at, at + 24));
  if (!m) return null;
  if (m[4]) return { time: '12:00', length: m[0].length };
  if (m[5]) return { time: '00:00', length: m[0].length };
  let h = Number(m[1]);
  const min = Number(m[2] ?? 0);
  if (h < 1 || h > 12 || min > 59) return null;
  if (m[3]!.toLowerCase() === 'p' && h !== 12) h += 12;
  if (m[3]!.toLowerCase() === 'a' && h === 12) h = 0;
  return { time: `${pad(h)}:${pad(min)}`, length: m[0].length };
}

/** Every date in `text`, left to right, overlapping readings resolved to the longest at each position. */
export function findDates(text: string, ctx: DateContext = {}): Extracted<DateValue>[] {
  const all = candidates(text, ctx).sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Extracted<DateValue>[] = [];
  let lastEnd = -1;
  for (const c of all) {
    if (c.start < lastEnd) continue;
    let end = c.end;
    // The time first, so the value is made with its text: writing the text into a value made with a placeholder had
    // V8 generalise (and replace) the values' hidden class on most documents.
    const t = c.value.time === undefined && c.value.precision !== 'month' ? readTime(text, end) : null;
    if (t) end += t.length;
    const value: DateValue = { ...c.value, text: text.slice(c.start, end) };
    if (t) value.time = t.time;
    out.push({ value, span: { start: c.start, end } });
    lastEnd = end;
  }
  return out;
}

// A year on its own ("1981", "[1981]", "ca. 1981"): only when that is all the string holds.
const YEAR_ONLY = /^\W*(?:c(?:irc)?a\.?\s*)?(1[7-9]\d\d|20\d\d)\W*$/;

/** Parses one date string (a dateline or a date field). "undated" and unreadable strings give null. */
export function parseDateString(s: string, ctx: DateContext = {}): DateValue | null {
  if (/\bundated\b/i.test(s)) return null;
  const first = findDates(s, ctx)[0];
  if (first) return first.value;
  const y = YEAR_ONLY.exec(s);
  if (y) return { start: `${y[1]}-01-01`, end: `${y[1]}-12-31`, precision: 'year', text: s.trim() };
  return null;
}
