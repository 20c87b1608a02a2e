/**
 * Hit highlighting in page text: the words and phrases of a search query,
 * matched case- and accent-insensitively on word boundaries. Pure; returns
 * segments so the page renders (and escapes) them itself.
 */
export interface Segment {
  text: string;
  hit: boolean;
}

/** The positive terms of a query (`"phrases"`, words, `prefix*`); OR and `-excluded` words are dropped. */
export function queryTerms(q: string): { text: string; prefix: boolean }[] {
  const out: { text: string; prefix: boolean }[] = [];
  for (const m of q.slice(0, 1000).matchAll(/(-?)"([^"]+)"|(-?)(\S+)/g)) {
    if (m[2] !== undefined) {
      if (!m[1] && m[2].trim()) out.push({ text: m[2].trim(), prefix: false });
      continue;
    }
    const word = m[4] ?? '';
    if (m[3] || word === 'OR' || word === 'AND' || word === 'NOT') continue;
    const prefix = word.endsWith('*');
    // Field filters of the search syntax (e.g. `date:1962`) are not words of the text.
    const text = word
      .replace(/\*+$/, '')
      .replace(/^[\p{L}_]+:/u, '')
      .replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
    if (text) out.push({ text, prefix });
  }
  return out.slice(0, 20);
}

const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '');
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A regex over accent-folded text; a word also matches simple inflections (FTS stems: dredge ~ dredging). */
function termsRegex(terms: readonly { text: string; prefix: boolean }[]): RegExp | null {
  const parts = terms
    .map((t) => {
      const words = fold(t.text)
        .split(/[^\p{L}\p{N}]+/u)
        .filter(Boolean)
        .map(escapeRe);
      if (!words.length) return '';
      const body = words.join('[^\\p{L}\\p{N}]+');
      const tail = t.prefix ? '[\\p{L}\\p{N}]*' : words.length === 1 ? '(?:s|es|ed|d|ing|ion|ions)?' : '';
      return `${body}${tail}`;
    })
    .filter(Boolean);
  if (!parts.length) return null;
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${parts.join('|')})(?![\\p{L}\\p{N}])`, 'giu');
}

/**
 * Where the terms match in `text`: [start, end) ranges, in order, not overlapping.
 * Folding keeps lengths only for precomposed text, so it maps back by index.
 */
export function matchRanges(text: string, terms: readonly { text: string; prefix: boolean }[]): [number, number][] {
  const re = termsRegex(terms);
  if (!re) return [];
  const folded = fold(text);
  // NFD folding can change length (é → e + ◌́ → e); fall back to the raw text when it does.
  const haystack = folded.length === text.length ? folded : text;
  return [...haystack.matchAll(re)].map((m) => [m.index, m.index + m[0].length]);
}

/** Splits text into plain and hit segments. */
export function highlight(text: string, terms: readonly { text: string; prefix: boolean }[]): Segment[] {
  const ranges = matchRanges(text, terms);
  if (!ranges.length) return [{ text, hit: false }];
  const out: Segment[] = [];
  let last = 0;
  for (const [start, end] of ranges) {
    if (start > last) out.push({ text: text.slice(last, start), hit: false });
    out.push({ text: text.slice(start, end), hit: true });
    last = end;
  }
  if (last < text.length) out.push({ text: text.slice(last), hit: false });
  return out;
}
