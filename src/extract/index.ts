/**
 * One call per document for the ingest pipeline: every extractor run over the same text, each value with its span.
 * Pure: the result depends on the text and options only.
 */
import type { ClassificationValue, DateValue, DeclassificationValue, Named } from '../documents/fields.js';
import type { DateContext } from './dates.js';
import { extractDocumentDate } from './docdate.js';
import { detectDocType, type DocType } from './doctype.js';
import { extractHeader } from './header.js';
import { extractPlace } from './place.js';
import { extractClassification, extractDeclassification } from './markings.js';
import {
  exemptionCodes,
  findExemptions,
  findRedactionMarkers,
  summariseMarkers,
  type ExemptionHit,
  type RedactionMarker,
} from './redactions.js';
import type { Extracted } from './span.js';

export type { Extracted, Span } from './span.js';
export { parseDateString, findDates } from './dates.js';
export { extractDocumentDate } from './docdate.js';
export { detectDocType, DOC_TYPES, type DocType } from './doctype.js';
export { extractHeader, normaliseParty } from './header.js';
export { extractPlace } from './place.js';
export { extractClassification, extractDeclassification, LEVELS } from './markings.js';
export { findExemptions, findRedactionMarkers, summariseMarkers } from './redactions.js';

export interface ExtractOptions {
  /** Year the document is known to be near (volume coverage), for two-digit and year-less dates. */
  year?: number;
  /** Month for bare cable DTGs. */
  month?: number;
}

export interface ExtractionResult {
  date: Extracted<DateValue> | null;
  /** Where it was written: the dateline place ("Moscow", "Oval Office"). */
  place: Extracted<string> | null;
  type: Extracted<DocType>;
  from: Extracted<Named>[];
  to: Extracted<Named>[];
  subject: Extracted<string> | null;
  participants: Extracted<Named>[];
  classification: Extracted<ClassificationValue> & { portions: Record<string, number>; noMarking: boolean };
  declassification: (Extracted<DeclassificationValue> & { reviewer: string | null }) | null;
  /** Distinct canonical codes, and every occurrence with its span. */
  exemptions: { codes: string[]; hits: ExemptionHit[] };
  redactions: { count: number; kinds: Record<string, number>; markers: RedactionMarker[] };
}

export function extractAll(text: string, opts: ExtractOptions = {}): ExtractionResult {
  const ctx: DateContext = {};
  if (opts.year !== undefined) ctx.year = opts.year;
  if (opts.month !== undefined) ctx.month = opts.month;
  const header = extractHeader(text);
  const cls = extractClassification(text);
  const hits = findExemptions(text);
  const markers = findRedactionMarkers(text);
  const date = extractDocumentDate(text, ctx);
  return {
    date,
    place: extractPlace(text, date),
    type: detectDocType(text),
    from: header.from,
    to: header.to,
    subject: header.subject,
    participants: header.participants,
    classification: { value: cls.value, span: cls.span, portions: cls.portions, noMarking: cls.noMarking },
    declassification: extractDeclassification(text),
    exemptions: { codes: exemptionCodes(hits), hits },
    redactions: { ...summariseMarkers(markers), markers },
  };
}
