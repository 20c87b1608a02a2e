/**
 * Classification markings: the record's own level (the highest marking found: a struck-through SECRET beside a later
 * UNCLASSIFIED stamp is still a SECRET record), handling caveats, portion markings, and the declassification stamp.
 */
import type { ClassificationValue, DeclassificationValue } from '../documents/fields.js';
import { findDates } from './dates.js';
import { isWhiteSpace, type Extracted, type Span } from './span.js';

export const LEVELS = [
  'UNCLASSIFIED',
  'SENSITIVE BUT UNCLASSIFIED',
  'LIMITED OFFICIAL USE',
  'RESTRICTED',
  'CONFIDENTIAL',
  'SECRET',
  'TOP SECRET',
] as const;
export type Level = (typeof LEVELS)[number];
const rank = (l: Level) => LEVELS.indexOf(l);

/** Upper-case word with optional stray spaces between letters, as OCR splits them ("SECRE T", "S E C R E T"). */
const spaced = (word: string) => [...word].map((c) => (c === ' ' ? '\\s+' : c)).join('\\s?');
// Banner forms: upper case, not part of a longer word (SECRETARY, SECRETARIAT, DECLASSIFIED).
const BANNER = new RegExp(
  `(?<![A-Za-z])(${['TOP SECRET', 'SENSITIVE BUT UNCLASSIFIED', 'LIMITED OFFICIAL USE', 'UNCLASSIFIED', 'CONFIDENTIAL', 'RESTRICTED', 'SECRET'].map(spaced).join('|')})(?![A-Za-z])`,
  'g',
);
// FRUS source-note sentence: ". Secret; Nodis." / ". Top Secret; Sensitive; Eyes Only." / "Confidential." at a line start.
const NOTE_LEVEL =
  /(?:^|[.;:]\s+|\]\s*)(Top Secret|Secret|Confidential|Limited Official Use|Sensitive But Unclassified|Unclassified|Restricted|Official Use Only)((?:\s*;\s*[^.;\n]{1,60})*)\s*(?:\.|,?\s*$)/gm;
/**
 * Whether `NOTE_LEVEL` can match: one of its level words is in the text, and for "Secret" (also the start of
 * "Secretary", in most documents) not followed by a letter, as no match has it. Native substring searches: most text
 * holds no level sentence, and the pattern's scan costs more.
 */
function mayHoldNoteLevel(text: string): boolean {
  if (NOTE_LEVEL_WORDS.some((w) => text.includes(w))) return true;
  for (let at = text.indexOf('Secret'); at >= 0; at = text.indexOf('Secret', at + 6)) {
    if (!isAsciiLetter(text.charCodeAt(at + 6))) return true;
  }
  return false;
}
/** The level words of `NOTE_LEVEL` but "Secret" (and "Top Secret"), by a part every one of them holds. */
const NOTE_LEVEL_WORDS = ['Confidential', 'Official Use', 'Unclassified', 'Restricted'];
const isAsciiLetter = (cu: number) => ((cu | 32) - 97) >>> 0 < 26;
// A FRUS source note's archival citation ("Source: …, Lot 84D241, Vance NODIS Memcons 1978.") names folders, not the
// record's handling: caveat words there are not the record's caveats.
const SOURCE_CITATION = /\bSource:/g;
const NO_MARKING = /\bNo classification marking\b/i;

// Handling caveats and dissemination controls. Upper-case forms anywhere; title-case ones only inside a note's level sentence.
// With the words every match of each holds: a pattern runs only where one of them is found (a native substring search,
// much faster than most of these patterns' scans, and far faster than that of NOFORN's look-behind).
const CAVEATS: [RegExp, string, string[]][] = [
  [/\bNODIS\b|\bNodis\b/g, 'NODIS', ['NODIS', 'Nodis']],
  [/\bEXDIS\b|\bExdis\b/g, 'EXDIS', ['EXDIS', 'Exdis']],
  [/\bLIMDIS\b|\bLimdis\b/g, 'LIMDIS', ['LIMDIS', 'Limdis']],
  [/\bSTADIS\b|\bStadis\b/g, 'STADIS', ['STADIS', 'Stadis']],
  [/\bNOFORN\b|\bNoforn\b|(?<=\/)NF\b/g, 'NOFORN', ['NOFORN', 'Noforn', '/NF']],
  [/\bORCON\b|\bOrcon\b/g, 'ORCON', ['ORCON', 'Orcon']],
  [/\bNOCONTRACT\b/g, 'NOCONTRACT', ['NOCONTRACT']],
  [/\bPROPIN\b/g, 'PROPIN', ['PROPIN']],
  [/\bWNINTEL\b/g, 'WNINTEL', ['WNINTEL']],
  [/\bEYES ONLY\b|\bEyes Only\b/g, 'EYES ONLY', ['EYES ONLY', 'Eyes Only']],
  [/\bCHEROKEE\b|\bCherokee\b/g, 'CHEROKEE', ['CHEROKEE', 'Cherokee']],
  [/\bSPECAT\b|\bSpecat\b/g, 'SPECAT', ['SPECAT', 'Specat']],
  [/\bCODEWORD\b|\bCodeword\b/g, 'CODEWORD', ['CODEWORD', 'Codeword']],
  [/\bROGER CHANNEL\b|\bRoger Channel\b/g, 'ROGER CHANNEL', ['ROGER CHANNEL', 'Roger Channel']],
  [/\bUMBRA\b|\bUmbra\b/g, 'UMBRA', ['UMBRA', 'Umbra']],
  [/(?<![A-Za-z])SCI(?![A-Za-z])/g, 'SCI', ['SCI']],
  [/(?<![A-Za-z])SENSITIVE(?! BUT)(?![A-Za-z])|\bSensitive\b(?! [Bb]ut)/g, 'SENSITIVE', ['SENSITIVE', 'Sensitive']],
];

export interface ClassificationResult extends Extracted<ClassificationValue> {
  /** Every level marking seen, with its span. */
  marks: Extracted<Level>[];
  /** Span of each caveat. */
  caveatSpans: Extracted<string>[];
  /** Portion markings counted by canonical form ("(S)", "(S/NF)"). */
  portions: Record<string, number>;
  /** A FRUS source note says "No classification marking." */
  noMarking: boolean;
}

// Portion markings at the start or end of a paragraph: "(S)", "(TS)", "(S/NF)", "(C/NF)", "(U)", "(TS/SCI)".
// Mid-sentence "(C)" is usually a list item, so only line edges count.
const PORTION_HINT = /\((?:TS|S|C|U|CONF|LOU|SBU)[)/]/;
const PORTION = /(?:^[ \t]*|(?<=[.:;"”)][ \t]*))\((TS|S|C|U|CONF|LOU|SBU)(\/[A-Z]{2,8}(?:\/[A-Z]{2,8})*)?\)(?=[ \t]|$)/gm;

export function extractClassification(text: string): ClassificationResult {
  const marks: Extracted<Level>[] = [];
  const caveatSpans: Extracted<string>[] = [];
  for (const m of text.matchAll(BANNER)) {
    marks.push({ value: m[1] as Level, span: at(m.index, m[0].length) });
  }
  if (marks.length === 0) marks.push(...fuzzyBanners(text));
  const levelStarts: number[] = [];
  if (mayHoldNoteLevel(text))
    for (const m of text.matchAll(NOTE_LEVEL)) {
      const start = m.index + m[0].indexOf(m[1]!);
      const level = m[1]!.toUpperCase().replace('OFFICIAL USE ONLY', 'LIMITED OFFICIAL USE') as Level;
      marks.push({ value: level, span: at(start, m[1]!.length) });
      levelStarts.push(start);
      if (m[2]) scanCaveats(m[2], start + m[1]!.length, caveatSpans, true);
    }
  const noMarking = NO_MARKING.exec(text);
  if (noMarking) levelStarts.push(noMarking.index);
  scanCaveats(
    text,
    0,
    caveatSpans,
    false,
    citations(
      text,
      levelStarts.sort((a, b) => a - b),
    ),
  );
  const fixed = marks.map((m) => ({ ...m, value: normaliseLevel(m.value) }));
  const top = fixed.reduce<Extracted<Level> | null>((best, m) => (!best || rank(m.value) > rank(best.value) ? m : best), null);
  const caveats = [...new Set(caveatSpans.map((c) => c.value))];
  const portions: Record<string, number> = {};
  if (PORTION_HINT.test(text))
    for (const m of text.matchAll(PORTION)) {
      const key = `(${m[1]}${m[2] ?? ''})`;
      portions[key] = (portions[key] ?? 0) + 1;
    }
  const span: Span = top?.span ?? caveatSpans[0]?.span ?? { start: 0, end: 0 };
  return { value: { level: top?.value ?? null, caveats }, span, marks: fixed, caveatSpans, portions, noMarking: noMarking !== null };
}

// A struck-through banner comes out of OCR garbled ("•CECRET", ".SECREJ.", "-gECRET", "UNCLASSIFIEO"): a short line
// whose letters make one word within one edit of SECRET (two of CONFIDENTIAL, UNCLASSIFIED) is read as that level; on
// the first or last three lines of the text, where banners sit, one edit more is allowed. Only used when no banner is
// found as written, and never for a word nearer to DECLASSIFIED (a garbled declassification stamp).
const FUZZY_LEVELS: [Level, number][] = [
  ['SECRET', 1],
  ['CONFIDENTIAL', 2],
  ['UNCLASSIFIED', 2],
];
const EDGE_LINES = 3;

function fuzzyBanners(text: string): Extracted<Level>[] {
  const out: Extracted<Level>[] = [];
  // The lines that are not blank, as offsets (most are paragraphs, far too long to be a banner: never copied).
  const starts: number[] = [];
  const ends: number[] = [];
  for (let start = 0; start <= text.length;) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    let a = start;
    while (a < end && isWhiteSpace(text.charCodeAt(a))) a++;
    if (a < end) {
      starts.push(start);
      ends.push(end);
    }
    start = end + 1;
  }
  starts.forEach((start, i) => {
    const end = ends[i]!;
    let a = start;
    let b = end;
    while (isWhiteSpace(text.charCodeAt(a))) a++; // the line is not blank: both scans stop inside it
    while (isWhiteSpace(text.charCodeAt(b - 1))) b--;
    if (b - a > 20) return;
    const line = { text: text.slice(start, end), start };
    const letters = line.text.replace(/[^A-Za-z]/g, '');
    // Banners are upper case; OCR may lower a few letters ("-gECRET", "see^ET"), but a title-case word ("Regret") is prose.
    if (letters.replace(/[^A-Z]/g, '').length < 0.4 * letters.length) return;
    const word = letters.toUpperCase();
    if (word.length < 5 || word.length > 14) return;
    const edge = i < EDGE_LINES || i >= starts.length - EDGE_LINES ? 1 : 0;
    const stamp = editDistance(word, 'DECLASSIFIED');
    const hit = FUZZY_LEVELS.find(([l, max]) => {
      if (Math.abs(l.length - word.length) > max + edge) return false;
      const d = editDistance(word, l);
      return d <= max + edge && d < stamp;
    });
    if (!hit) return;
    const lead = /^[^A-Za-z]*/.exec(line.text)![0].length;
    const tail = /[^A-Za-z]*$/.exec(line.text)![0].length;
    out.push({ value: hit[0], span: at(line.start + lead, line.text.length - lead - tail) });
  });
  return out;
}

/** Levenshtein distance of two short strings. */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}

function normaliseLevel(raw: string): Level {
  const squashed = raw.replace(/\s+/g, '');
  return LEVELS.find((l) => l.replace(/\s+/g, '') === squashed) ?? (raw as Level);
}

function at(start: number, length: number): Span {
  return { start, end: start + length };
}

// Cheap test before the caveat patterns run: most text has no caveat-like word at all.
const CAVEAT_HINT =
  /NOD|Nod|EXD|Exd|LIMD|Limd|STAD|Stad|NOF|Nof|NF|ORC|Orc|NOCON|PROP|WNIN|EYES|Eyes|CHER|Cher|SPEC|Spec|CODEW|Codew|ROGER|Roger|UMBRA|Umbra|SCI|SENS|Sens/;

/** Spans from each "Source:" to the level sentence that closes its citation (same paragraph), if there is one. */
function citations(text: string, levelStarts: readonly number[]): Span[] {
  const out: Span[] = [];
  if (levelStarts.length === 0) return out;
  for (const m of text.matchAll(SOURCE_CITATION)) {
    const end = levelStarts.find((s) => s > m.index);
    if (end === undefined) continue;
    if (text.slice(m.index, end).includes('\n\n')) continue;
    out.push({ start: m.index, end });
  }
  return out;
}

function scanCaveats(text: string, base: number, out: Extracted<string>[], inNote: boolean, skip: readonly Span[] = []): void {
  if (!CAVEAT_HINT.test(text)) return;
  for (const [re, name, words] of CAVEATS) {
    if (!words.some((w) => text.includes(w))) continue;
    for (const m of text.matchAll(re)) {
      if (skip.some((s) => m.index >= s.start && m.index < s.end)) continue;
      // Title-case "Sensitive" is an ordinary word outside a source note's level sentence.
      if (!inNote && name === 'SENSITIVE' && m[0] !== 'SENSITIVE') continue;
      if (!inNote && /^[A-Z][a-z]/.test(m[0]) && !['NODIS', 'EXDIS', 'LIMDIS', 'STADIS', 'NOFORN', 'ORCON', 'ROGER CHANNEL'].includes(name))
        continue;
      if (out.some((o) => o.span.start === base + m.index)) continue;
      out.push({ value: name, span: at(base + m.index, m[0].length) });
    }
  }
}

export interface DeclassificationResult extends Extracted<DeclassificationValue> {
  reviewer: string | null;
}

// The stamp itself: "DECLASSIFIED", "Declassified/Released on …", "Partially Declassified", "APPROVED FOR RELEASE", "Sanitized".
// OCR of a stamp often garbles its last letters ("DECLASSIFIEE", "DECLASSIFtEB"): an upper-case DECLASSIF… of up to three
// more letters counts, but not DECLASSIFY ("Declassify on: OADR" is a classification instruction) or DECLASSIFICATION.
const STAMP =
  /declassified|DECLASSIF(?!Y)[A-Za-z]{1,3}(?![A-Za-z])|approved for release|sanitized copy|release(?:d)? (?:in full|in part|on)/i;
// The governing order: "E.O. 13526", "EO 12958", "E. O. 12356", "Executive Order 12065".
// A cable's own "E.O. 12356: DECL: OADR" is its classification authority, not a declassification: excluded.
// OCR reads the O as a zero ("E.0.13526") and drops the space after "PER" ("PERE.O. 13526").
const AUTHORITY =
  /(?:(?<![A-Za-z])|(?<=PER))(?:E\.?\s?[O0]\.?|Executive Order)\s*(1[0-3]\d{3})\b(?!\s*:\s*(?:DECL|GDS|XGDS|RDS|ADS|N\/?A)\b)/;
// Case and document numbers: MDR/FOIA cases ("2013-0517-M", "2015-0782-F"), State FOIA ("F-2017-13804"), library ids
// ("NLC-…", "NLR-748-25-31-2-1"), "MR Case No. NLJ 95-12", CIA CREST ids.
const CASES = [
  /\b(?:MR|MDR)\s+Case\s+(?:No\.?|#)\s*((?:[A-Z]{2,4} )?\d[\w/-]*)/i,
  /\bNL[A-Z]{1,2}-[\w-]*\d[\w-]*/,
  /\bF-\d{4}-\d{4,6}\b/,
  /\b(?:19|20)\d{2}-\d{3,5}-[MFA]\b/,
  /\bCIA-RDP[\w-]+/,
  /\b[MF]\d{2}-\d{2,5}(?:\/\d+)?\b/,
];
// Reviewer: "By Jane Doe NARA", "by K. Smith, National Security Council", "Reviewer: …", "BY: …".
const REVIEWER =
  /\b(?:by|BY|Reviewer|REVIEWER)\s*:?\s+([A-Z][A-Za-z.'-]*(?:\s+[A-Z][A-Za-z.'-]*){0,3})(?=\s*,?\s*(?:NARA|National Security|NSC|Date|DATE|on\b|\d|$))/m;

const STAMP_WINDOW = 300;

// Dates near a stamp that are not its date: the classification block's "Declassify on: 10/31/05", "DECL: OADR",
// a cable's date-time group.
const NOT_STAMP_DATE = /(?:declassify\s+on|decl|downgrade\s+(?:to|on)|review\s+on)\s*:?\s*$/i;

/**
 * The stamp's date. Two-digit years are read around 2000 (a stamp from 1953 on: "10/14/11" is 2011, "11/27/92" 1992).
 */
function stampDate(windowText: string): { iso: string; end: number } | null {
  const d = findDates(windowText).find(
    (d) => !/\d{6}\s?Z/.test(d.value.text) && !NOT_STAMP_DATE.test(windowText.slice(Math.max(0, d.span.start - 24), d.span.start)),
  );
  if (!d) return null;
  const y = Number(d.value.start.slice(0, 4));
  const twoDigit = /^\d{1,2}\/\d{1,2}\/\d{2}(?!\d)/.test(d.value.text) || /\b\d{1,2}\s+[A-Za-z]{3,9}\.?\s+\d{2}$/.test(d.value.text);
  return { iso: twoDigit && y < 1950 ? `${y + 100}${d.value.start.slice(4)}` : d.value.start, end: d.span.end };
}

/**
 * Whether `STAMP` can match: each of its forms holds one of these words (case aside). Three scans for one word are
 * faster than one for the alternatives, which most text lacks.
 */
const STAMP_WORDS = [/lassif/i, /elease/i, /anitized copy/i];
/** A literal each case number pattern holds in every match, or null: where it is absent, the pattern is not run. */
const CASE_LITERAL = [null, 'NL', 'F-', null, 'CIA-RDP', null];

/** The first of `CASES` that matches. */
function caseNumber(text: string): RegExpExecArray | null {
  for (let i = 0; i < CASES.length; i++) {
    const literal = CASE_LITERAL[i];
    if (literal && !text.includes(literal)) continue;
    const m = CASES[i]!.exec(text);
    if (m) return m;
  }
  return null;
}

export function extractDeclassification(text: string): DeclassificationResult | null {
  const stamp = STAMP_WORDS.some((re) => re.test(text)) ? STAMP.exec(text) : null;
  const caseMatch = caseNumber(text);
  if (!stamp && !caseMatch) return null;
  // The stamp's fields sit on the same line or the next few lines.
  const from = stamp ? stamp.index : caseMatch!.index;
  const lineStart = text.lastIndexOf('\n', from) + 1;
  // The stamp's lines: up to four lines after the one that starts it, at most STAMP_WINDOW characters.
  const windowText = text
    .slice(lineStart, from + STAMP_WINDOW)
    .split('\n')
    .slice(0, 5)
    .join('\n');
  const authority = stamp ? AUTHORITY.exec(windowText) : null;
  const date = stamp ? stampDate(windowText) : null;
  const reviewer = stamp ? REVIEWER.exec(windowText) : null;
  const caseValue = caseMatch ? (caseMatch[1] ?? caseMatch[0]).trim() : null;
  const end = Math.max(stamp ? stamp.index + stamp[0].length : 0, caseMatch ? caseMatch.index + caseMatch[0].length : 0);
  const dateEnd = date ? lineStart + date.end : 0;
  return {
    value: { authority: authority ? `E.O. ${authority[1]}` : null, date: date?.iso ?? null, case: caseValue },
    span: { start: Math.min(from, caseMatch?.index ?? from), end: Math.max(end, dateEnd) },
    reviewer: reviewer ? reviewer[1]!.trim() : null,
  };
}
