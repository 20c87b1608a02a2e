/** Offsets into the text an extractor was given: `text.slice(start, end)` is the evidence. */
export interface Span {
  start: number;
  end: number;
}

/** An extracted value with the span it came from. */
export interface Extracted<T> {
  value: T;
  span: Span;
}

/** One line of a text with its offset, so line-oriented rules can still report spans. */
export interface Line {
  text: string;
  start: number;
}

/**
 * The last text split and its lines, as far as `splitLimit`: the header rules (from, to, subject; the date; the type)
 * each split the same document's first lines, once between them.
 */
let splitText: string | null = null;
let splitOut: Line[] = [];
let splitLimit = 0;

/**
 * The text's lines with their offsets; the first `limit` only (header rules read no further than that). The lines are
 * shared with other callers of the same text: not to be modified.
 */
export function splitLines(text: string, limit = Infinity): Line[] {
  // The last split holds these lines when it was made as far, or it reached the end of the text.
  if (text === splitText && (limit <= splitLimit || splitOut.length < splitLimit)) return splitOut.slice(0, limit);
  const out: Line[] = [];
  let start = 0;
  while (out.length < limit) {
    const end = text.indexOf('\n', start);
    if (end === -1) {
      out.push({ text: text.slice(start), start });
      break;
    }
    out.push({ text: text.slice(start, end), start });
    start = end + 1;
  }
  splitText = text;
  splitOut = out;
  splitLimit = limit;
  return out;
}

/** Span of `inner` inside `line`, trimmed of surrounding whitespace. */
export function lineSpan(line: Line, from = 0, to = line.text.length): Span {
  let s = from;
  let e = to;
  while (s < e && /\s/.test(line.text[s] ?? '')) s++;
  while (e > s && /\s/.test(line.text[e - 1] ?? '')) e--;
  return { start: line.start + s, end: line.start + e };
}

/** `\s` of a JavaScript regular expression (what `trim` removes), for one code unit. */
export function isWhiteSpace(c: number): boolean {
  if (c === 32 || (c >= 9 && c <= 13)) return true;
  if (c < 0xa0) return false;
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/**
 * Whitespace runs as one space, trimmed: `s.replace(/\s+/g, ' ').trim()`, trimmed first (the same), and inside only
 * runs that are not already a single space replaced: the usual text (words and single spaces, between line breaks
 * and indentation) costs one slice or nothing, not a copy and a slice.
 */
export function collapseWhitespace(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && isWhiteSpace(s.charCodeAt(a))) a++;
  while (b > a && isWhiteSpace(s.charCodeAt(b - 1))) b--;
  for (let i = a; i < b; i++) {
    const c = s.charCodeAt(i);
    if (c === 32 ? isWhiteSpace(s.charCodeAt(i + 1)) : isWhiteSpace(c)) return s.slice(a, b).replace(LOOSE_SPACE, ' ');
  }
  return a === 0 && b === s.length ? s : s.slice(a, b);
}
const LOOSE_SPACE = /\s{2,}|[^\S ]/g;
