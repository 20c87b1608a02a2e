/**
 * What is still withheld: FOIA exemption codes and E.O. classification categories written beside redaction boxes, and
 * FRUS editorial markers ("[2 lines of source text not declassified]"). Codes are normalised to canonical strings:
 * "(b)(1)", "(b)(7)(C)", "1.4(c)", "1.5(d)", "1.3(a)(4)", "25X1", "50X1-HUM".
 */
import type { Extracted } from './span.js';

export interface ExemptionHit extends Extracted<string> {
  /** The statute cited with a (b)(3) exemption ("50 USC 3024(i)", "CIA Act"), when written beside it. */
  statute?: string;
}

// "(b)(1)", "(b) (1)", "(b)(l)" and "(b)(I)" (OCR reads 1 as l or I), "(b)(7)(C)", "b(1)".
const PAREN_B = /(?<![A-Za-z0-9])\(?\s*[bB]\s*\)\s*\(\s*([1-9lI])\s*\)(?:\s*\(\s*([A-F])\s*\))?|(?<![A-Za-z0-9(])[bB]\(([1-9lI])\)/g;
const PAREN_B_HINT = /[bB]\s*\)|[bB]\(/;
// Bare "b1"/"B1"/"b 3": also aircraft (B1) and list items, so only accepted in a code-like context (see bareOk).
const BARE_B = /(?<![A-Za-z0-9-])[bB]\s?([1-9])(?![A-Za-z0-9-])/g;
// E.O. categories: 1.4(a)–(h) (E.O. 13526/12958 as amended), 1.5(a)–(g) (E.O. 12958), 1.3(a)(1)–(10) (E.O. 12356).
const CATEGORY = /(?<![\d.])1\s?\.\s?([345])\s?\(?\s?([a-hA-H])\s?\)(?:\s?\((\d{1,2})\))?|(?<![\d.])1\.([345])([a-h])(?![a-z])/g;
// Exemptions from automatic declassification: 25X1–25X9, 50X1-HUM, 50X2-WMD, 75X….
const NX = /(?<![A-Za-z0-9])(25|50|75)\s?X\s?([1-9])(?:\s?-\s?(HUM|WMD))?(?![0-9])/g;
// A statute after (b)(3): "50 USC 3024(i)", "50 U.S.C. 403g", "CIA Act", "NatSecAct".
const STATUTE =
  /^[\s,:;-]*((?:\d+\s*U\.?\s?S\.?\s?C\.?\s*(?:§\s*)?[\w.]+(?:\([a-z0-9]+\))*)|CIA\s*Act|Nat\s?Sec\s?Act|National Security Act)/i;

const CODEISH = /\(b\)|\b[bB]\s?[1-9]\b|exempt|withh?eld|redact|FOIA|deleted|excised|1\.4|25X/;

function bareOk(text: string, start: number, end: number): boolean {
  // A bare code counts when the line holds little else, or other codes/redaction words sit within 25 characters.
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const lineEndRaw = text.indexOf('\n', end);
  const line = text.slice(lineStart, lineEndRaw === -1 ? text.length : lineEndRaw);
  if (line.trim().length <= 12) return true;
  const near = text.slice(Math.max(lineStart, start - 25), start) + ' ' + text.slice(end, end + 25);
  return CODEISH.test(near);
}

const one = (d: string) => (d === 'l' || d === 'I' ? '1' : d);

// A withdrawal sheet ends with a legend of every restriction code ("RESTRICTION CODES … b(1) National security
// classified information …"): codes listed there are not applied to anything.
const LEGEND = /\bRESTRICTION\s+CODES\b|\bRestriction Codes\b/;
// A classification block's reason ("Classified by: …; Reason: 1.5(d)") names why it was classified, not what is withheld.
const REASON_BEFORE = /\bReason\s*:?\s*$/i;
// Presidential Records Act restrictions written with their FOIA twin on withdrawal sheets: "P1/b(1)", "P5/(b)(5)".
const PRA = /(?<![A-Za-z0-9])P([1-6])(?=\s?\/\s?\(?[bB]\)?\s?\(?\d)/g;

/**
 * Whether any of the code patterns below can match: all of them as one pattern (which matches wherever one of them
 * does). Most text holds no code: one scan instead of five.
 */
const ANY_CODE = new RegExp([PAREN_B_HINT, BARE_B, CATEGORY, NX, PRA].map((re) => `(?:${re.source})`).join('|'));

export function findExemptions(text: string): ExemptionHit[] {
  const out: ExemptionHit[] = [];
  if (!ANY_CODE.test(text)) return out;
  // Either form of the legend holds one of these (a native substring search, not the pattern's scan).
  const legend = text.includes('RESTRICTION') || text.includes('Restriction Codes') ? LEGEND.exec(text) : null;
  const legendAt = legend ? legend.index : Infinity;
  const push = (value: string, start: number, end: number) => {
    if (start >= legendAt) return;
    if (value.startsWith('1.') && REASON_BEFORE.test(text.slice(Math.max(0, start - 20), start))) return;
    const hit: ExemptionHit = { value, span: { start, end } };
    if (value === '(b)(3)') {
      const st = STATUTE.exec(text.slice(end, end + 40));
      if (st) hit.statute = st[1]!.replace(/\s+/g, ' ');
    }
    out.push(hit);
  };
  if (PAREN_B_HINT.test(text))
    for (const m of text.matchAll(PAREN_B)) {
      const n = one(m[1] ?? m[3]!);
      push(`(b)(${n})${m[2] ? `(${m[2]})` : ''}`, m.index, m.index + m[0].length);
    }
  for (const m of text.matchAll(BARE_B)) {
    const end = m.index + m[0].length;
    if (out.some((h) => h.span.start <= m.index && h.span.end >= end)) continue;
    if (bareOk(text, m.index, end)) push(`(b)(${m[1]})`, m.index, end);
  }
  for (const m of text.matchAll(CATEGORY)) {
    const section = m[1] ?? m[4]!;
    const letter = (m[2] ?? m[5]!).toLowerCase();
    push(`1.${section}(${letter})${m[3] ? `(${m[3]})` : ''}`, m.index, m.index + m[0].length);
  }
  for (const m of text.matchAll(NX)) push(`${m[1]}X${m[2]}${m[3] ? `-${m[3]}` : ''}`, m.index, m.index + m[0].length);
  for (const m of text.matchAll(PRA)) push(`P${m[1]}`, m.index, m.index + m[0].length);
  return out.sort((a, b) => a.span.start - b.span.start);
}

/** Distinct canonical codes in order of first appearance. */
export function exemptionCodes(hits: readonly ExemptionHit[]): string[] {
  return [...new Set(hits.map((h) => h.value))];
}

export interface RedactionMarker extends Extracted<string> {
  /** What was withheld: "source text" for extents of text, else the marker's own noun ("name", "cryptonym", "dollar amount"). */
  kind: string;
  /** The extent for text markers ("less than 1 line", "2 lines", "1 paragraph (5 lines of source text)"). */
  extent?: string;
  /** How many items ("[3 names not declassified]" → 3). */
  quantity?: number;
  /** Cut off at the start or end of the text (a marker wrapped across a line or page break). */
  partial?: boolean;
}

// "[… not declassified]" with OCR/typesetting damage: "notdeclassified", "not\ndeclassified". Inner text has no brackets.
const MARKER = /\[([^[\]]{1,160}?)\s*not\s*declassified\s*\]/g;
// Fragments of a marker cut at the edges of the text: "[less than 1 line of source text not" / "source text not declassified]".
const HEAD_FRAGMENT = /^[^[\]]{0,120}?\bnot\s*declassified\s*\]|^\s*declassified\s*\]/;
const TAIL_FRAGMENT = /\[\s*(?:less\s+than|\d|\w+\s+(?:not\b|\d)|name|cryptonym|number|dollar|document|text|heading)[^[\]]{0,120}$/i;

// Extents of text: lines, paragraphs, pages, sentences, words, headings, tables, entries.
const EXTENT = /\b(?:lines?|[lI]ine|Nine|paragraphs?|pages?|sentences?|words?|heading|table|entry|entries|columns?|rows?|text)\b/i;

function classify(inner: string): Pick<RedactionMarker, 'kind' | 'extent' | 'quantity'> {
  const clean = inner
    .replace(/\s+/g, ' ')
    .replace(/of ?source ?text/gi, 'of source text')
    .replace(/\blineof\b/gi, 'line of')
    .trim();
  if (EXTENT.test(clean) && !/\b(?:names?|cryptonyms?|amount|numbers?|location|codeword|place|title)\b/i.test(clean)) {
    if (/^\*?\s*entry in table|^table|^heading$/i.test(clean))
      return {
        kind: clean
          .replace(/^\*\s*/, '')
          .toLowerCase()
          .split(' (')[0]!,
      };
    return { kind: 'source text', extent: clean };
  }
  const q = /^(\d+)\s+(.*)$/.exec(clean);
  const noun = (q ? q[2]! : clean).toLowerCase().replace(/s$/, '');
  return q ? { kind: noun, quantity: Number(q[1]) } : { kind: noun };
}

export function findRedactionMarkers(text: string, opts: { allowPartial?: boolean } = {}): RedactionMarker[] {
  const out: RedactionMarker[] = [];
  // Every marker holds the word (most text has none: a native substring search, not the pattern's scan).
  if (text.includes('declassified'))
    for (const m of text.matchAll(MARKER)) {
      out.push({ value: m[0], span: { start: m.index, end: m.index + m[0].length }, ...classify(m[1]!) });
    }
  if (opts.allowPartial) {
    const head = HEAD_FRAGMENT.exec(text);
    if (head && !out.some((o) => o.span.start < head[0].length)) {
      out.unshift({ value: head[0], span: { start: 0, end: head[0].length }, kind: 'source text', partial: true });
    }
    const tail = TAIL_FRAGMENT.exec(text);
    if (tail && !out.some((o) => o.span.end > tail.index)) {
      out.push({ value: tail[0], span: { start: tail.index, end: text.length }, kind: 'source text', partial: true });
    }
  }
  return out;
}

/** Marker count and count per kind. */
export function summariseMarkers(markers: readonly RedactionMarker[]): { count: number; kinds: Record<string, number> } {
  const kinds: Record<string, number> = {};
  for (const m of markers) kinds[m.kind] = (kinds[m.kind] ?? 0) + 1;
  return { count: markers.length, kinds };
}
