/**
 * OCR word boxes for the page viewer: stored words (page-image pixels of the
 * OCR pass) normalised to 0..1 of the image, and the words a search query hits,
 * matched exactly as the text highlighting matches (same module: case- and
 * accent-folded, prefixes, simple inflections, phrases across words). Pure.
 */
import { matchRanges } from './highlight.js';

/** A word as stored in page_ocr.words: [text, x0, y0, x1, y1, confidence, line]. */
export type StoredWord = readonly [string, number, number, number, number, number, number];

/** A word with its box as fractions of the image (x0 < x1, y0 < y1, all in 0..1). */
export interface WordBox {
  text: string;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  /** Recognition confidence, 0–100. */
  conf: number;
  line: number;
}

const clamp01 = (v: number) => (v < 0 ? 0 : v > 1 ? 1 : v);
const round = (v: number) => Math.round(v * 1e5) / 1e5;

/** Parses the stored JSON; malformed entries are skipped (never throws on bad rows). */
export function parseStoredWords(json: string): StoredWord[] {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return [];
  }
  if (!Array.isArray(raw)) return [];
  return raw.filter(
    (w): w is StoredWord =>
      Array.isArray(w) &&
      w.length >= 7 &&
      typeof w[0] === 'string' &&
      w.slice(1, 7).every((n) => typeof n === 'number' && Number.isFinite(n)),
  );
}

/** Boxes as fractions of the OCR image (`width` × `height` pixels), clamped and rounded to 5 decimals. */
export function normaliseWords(words: readonly StoredWord[], width: number, height: number): WordBox[] {
  if (!(width > 0) || !(height > 0)) return [];
  return words.map(([text, x0, y0, x1, y1, conf, line]) => ({
    text,
    x0: round(clamp01(Math.min(x0, x1) / width)),
    y0: round(clamp01(Math.min(y0, y1) / height)),
    x1: round(clamp01(Math.max(x0, x1) / width)),
    y1: round(clamp01(Math.max(y0, y1) / height)),
    conf,
    line,
  }));
}

/**
 * The indexes of the words a query hits. The words are joined into the page's
 * text (a space between words, a newline between lines) and matched with the
 * highlighter's ranges, so a phrase spanning two words marks both, and a word
 * with punctuation ("lighthouse,") is hit by "lighthouse".
 */
export function hitWordIndexes(
  words: readonly { text: string; line: number }[],
  terms: readonly { text: string; prefix: boolean }[],
): number[] {
  if (!terms.length || !words.length) return [];
  const starts: number[] = [];
  let text = '';
  words.forEach((w, i) => {
    if (i > 0) text += w.line === words[i - 1]!.line ? ' ' : '\n';
    starts.push(text.length);
    text += w.text;
  });
  const ranges = matchRanges(text, terms);
  if (!ranges.length) return [];
  const out: number[] = [];
  let r = 0;
  for (let i = 0; i < words.length && r < ranges.length; i++) {
    const start = starts[i]!;
    const end = start + words[i]!.text.length;
    while (r < ranges.length && ranges[r]![1] <= start) r++;
    if (r < ranges.length && ranges[r]![0] < end && end > start) out.push(i);
  }
  return out;
}

/** The boxes a query hits on a page (see `hitWordIndexes`). */
export function hitBoxes(words: readonly WordBox[], terms: readonly { text: string; prefix: boolean }[]): WordBox[] {
  return hitWordIndexes(words, terms).map((i) => words[i]!);
}
