/**
 * The document's own date: a labelled date ("DATE:", "DATE, TIME AND PLACE:"), else the cable DTG, else the first date
 * in the header zone (dateline). Never a declassification, release or receipt stamp; never a date deep in the body.
 */
import type { DateValue } from '../documents/fields.js';
import { findDates, type DateContext } from './dates.js';
import { splitLines, type Extracted, type Line } from './span.js';

/** How far into the text the header (heading, source notes, dateline, memo block) reaches. */
const HEADER_LINES = 30;
const HEADER_CHARS = 2500;

// Lines of a declassification or release stamp, whose dates belong to the release, not to the record.
const STAMP =
  /declassif|\bsanitized\b|release[ds]?\b|\bauthority\b|\bNARA\b|\bNL[CRSFJ]\b|\bMR\s+case|\bFOIA\b|\bmandatory review|\breviewed\b|approved for/i;
// Lines that carry other documents' dates: receipt stamps, file numbers, archival source notes, references.
const NOT_OWN = /^\s*\[?\s*(?:received|rec'd|file no|source:|ref(?:erence)?s?\b|your\b|my\b|reference:|refs?:|see\b)/i;
// Labelled own-date fields of memos and memcons: "DATE:", "Date:", "DATE, TIME AND PLACE:", "DATE/TIME:".
const LABEL = /^\s*(?:DATE(?:[,/ ]+(?:TIME|PLACE)(?:\s*(?:AND|&)\s*PLACE)?)?|Date(?:, time and place)?)\s*:/;
// Header fields whose dates are not the record's own ("Declassify on:", "DECL:").
const OTHER_LABEL = /^\s*(?:declassify on|decl|downgrade|review on|classified by|derived from)\b/i;
// A dateline that states it has no date.
const UNDATED = /\bundated\b/i;
// A cable DTG line: "O 301727Z SEP 86" or "DTG: 131656Z OCT 86".
const DTG_HINT = /(?:^|\s)(?:[OPRZ]\s+)?\d{6}\s?Z\s+[A-Z]{3}\s+\d{2,4}\b|\bDTG\b/;
/** `DTG_HINT.test(s)`; a line with neither a "Z" nor "DTG" (most lines) cannot match and is not scanned by the pattern. */
const dtgHint = (s: string) => (s.includes('Z') || s.includes('DTG')) && DTG_HINT.test(s);

function isStampLine(lines: readonly Line[], i: number): boolean {
  // A stamp spans a few lines ("DECLASSIFIED" / "Authority …" / "By … NARA, Date …"); look one line back as well.
  const here = lines[i]?.text ?? '';
  const prev = lines[i - 1]?.text ?? '';
  return STAMP.test(here) || (/declassif|\bauthority\b/i.test(prev) && /\b(?:by|date)\b/i.test(here));
}

function offset(found: Extracted<DateValue>, line: Line): Extracted<DateValue> {
  return { value: found.value, span: { start: found.span.start + line.start, end: found.span.end + line.start } };
}

export function extractDocumentDate(text: string, ctx: DateContext = {}): Extracted<DateValue> | null {
  const lines = splitLines(text, HEADER_LINES + 1);
  const header: { line: Line; index: number }[] = [];
  for (let i = 0; i < lines.length && i < HEADER_LINES; i++) {
    const line = lines[i]!;
    if (line.start > HEADER_CHARS) break;
    header.push({ line, index: i });
  }

  // 1. Labelled date: the value may follow on the next line.
  for (const { line, index } of header) {
    const m = LABEL.exec(line.text);
    if (!m) continue;
    for (const l of [line, lines[index + 1]]) {
      if (!l) continue;
      const from = l === line ? m[0].length : 0;
      const found = findDates(l.text.slice(from), ctx)[0];
      if (found) return offset({ value: found.value, span: { start: found.span.start + from, end: found.span.end + from } }, l);
    }
  }

  // 2. Cable DTG with month and year.
  for (const { line, index } of header) {
    if (!dtgHint(line.text) || isStampLine(lines, index)) continue;
    const found = findDates(line.text, ctx).find((d) => d.value.time !== undefined && /\d{6}\s?Z/.test(d.value.text));
    if (found) return offset(found, line);
  }

  // 3. The first date in the header zone (the dateline), skipping stamps, receipts and references. "undated" first ⇒ null.
  for (const { line, index } of header) {
    // A long line can only end the search by an "undated" before its first date (see below): without the word, the
    // line is passed over whatever it holds, so its dates are not looked for.
    if (line.text.length >= 200 && !UNDATED.test(line.text)) continue;
    if (isStampLine(lines, index) || NOT_OWN.test(line.text) || OTHER_LABEL.test(line.text)) continue;
    const found = findDates(line.text, ctx);
    const undated = UNDATED.exec(line.text);
    if (undated && (found.length === 0 || undated.index < found[0]!.span.start)) return null;
    // Header lines are short; a date inside a long paragraph is the body talking about another day.
    if (found[0] && line.text.length < 200) return offset(found[0], line);
  }
  return null;
}
