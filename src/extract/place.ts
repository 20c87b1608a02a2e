/**
 * Where a record was written, from its dateline: the words before the date ("Moscow, August 30, 1986, 1719Z",
 * "[Washington,] undated", "Aboard the Iowa, November 14, 1943") or the place after the time in a memcon's
 * "DATE, TIME AND PLACE: July 19, 1995, 9:15 - 9:50 a.m., Oval Office". Pure.
 */
import type { DateValue } from '../documents/fields.js';
import type { Extracted } from './span.js';

// A place is a few words, capitalised, without digits: "Washington", "New York", "Rapid City, S. Dak.", "USNATO",
// "Höfði House", "S. S. “Santa Barbara,”".
const PLACE = /^\p{Lu}[\p{L}\p{M}.,'’“”" -]{0,48}$/u;
// Words that begin other header lines, never a place.
const NOT_PLACE = /^(?:Date|Time|Subject|From|To|Memorandum|Telegram|Letter|Note|Source|Drafted|Sent|Received|Undated)\b/i;
const SMALL = new Set([
  'of',
  'the',
  'de',
  'del',
  'la',
  'le',
  'du',
  'am',
  'an',
  'upon',
  'on',
  'near',
  'at',
  'en',
  'sur',
  'y',
  'and',
  'aboard',
]);
const PLACE_LABEL = /^\s*(?:DATE,?\s*TIME\s*(?:AND|&)\s*PLACE|Date, time and place|PLACE|Place)\s*:/;

/** Trims brackets, spaces and separators; returns the span of what is left inside text[from, to). */
function trimmed(text: string, from: number, to: number): { start: number; end: number } {
  let s = from;
  let e = to;
  while (s < e && /[\s[\](),;.—–-]/.test(text[s]!)) s++;
  while (e > s && /[\s[\](),;—–-]/.test(text[e - 1]!)) e--;
  // A final period belongs to an abbreviation ("D.C.") only when another period precedes it in the word.
  if (e > s && text[e - 1] === '.' && !/\..*\.$/.test(text.slice(s, e))) e--;
  return { start: s, end: e };
}

function accept(text: string, s: { start: number; end: number }): Extracted<string> | null {
  const value = text.slice(s.start, s.end).replace(/\s+/g, ' ');
  if (!value || !PLACE.test(value) || NOT_PLACE.test(value)) return null;
  const words = value.split(' ');
  // Every word capitalised, or one of the small words of place names ("Aboard the Iowa", "Frankfurt am Main").
  if (words.length > 6 || words.some((w) => !/^[\p{Lu}“"]/u.test(w) && !SMALL.has(w))) return null;
  return { value, span: s };
}

/** The dateline place of a record whose own date `date` was found in `text` (see `extractDocumentDate`). */
export function extractPlace(text: string, date: Extracted<DateValue> | null): Extracted<string> | null {
  if (!date) return undatedPlace(text);
  const lineStart = text.lastIndexOf('\n', date.span.start - 1) + 1;
  const nl = text.indexOf('\n', date.span.end);
  const lineEnd = nl === -1 ? text.length : nl;
  const line = text.slice(lineStart, lineEnd);
  const label = PLACE_LABEL.exec(line);
  if (label) {
    // "DATE, TIME AND PLACE: July 19, 1995, 9:15 - 9:50 a.m., Oval Office": the last comma-separated part.
    const tail = text.slice(date.span.end, lineEnd);
    const cut = tail.lastIndexOf(',');
    return cut === -1 ? null : accept(text, trimmed(text, date.span.end + cut + 1, lineEnd));
  }
  // A cable's date-time group or a labelled date names no place before it.
  if (/\d{6}\s?Z/.test(date.value.text) || /:\s*$/.test(text.slice(lineStart, date.span.start))) return null;
  return accept(text, trimmed(text, lineStart, date.span.start));
}

// "[Washington,] undated" / "Reykjavik, undated.": a dateline without a date still names its place.
const UNDATED = /^(\s*\[?[^\n[\]]{1,60}?\]?)\s*,?\s*\[?undated\]?\.?\s*$/i;
const UNDATED_LINES = 30;

function undatedPlace(text: string): Extracted<string> | null {
  let start = 0;
  for (let i = 0; i < UNDATED_LINES && start <= text.length; i++) {
    const nl = text.indexOf('\n', start);
    const end = nl === -1 ? text.length : nl;
    const m = UNDATED.exec(text.slice(start, end));
    if (m) return accept(text, trimmed(text, start, start + m[1]!.length));
    if (nl === -1) break;
    start = nl + 1;
  }
  return null;
}
