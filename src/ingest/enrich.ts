import type { FieldName } from '../documents/fields.js';
import { extractAll, type Extracted, type Span } from '../extract/index.js';
import type { ImportedDocument } from './importers/importer.js';

/** A metadata value read from the text by the extractors (provenance "extracted"), with where it came from. */
export interface ExtractedField {
  name: FieldName | 'participants' | 'redaction_kinds' | 'portion_markings';
  value: unknown;
  pageNo: number | null;
  spanStart: number | null;
  spanEnd: number | null;
}

/** Separator between pages when a document's text is read as one string. */
export const PAGE_JOIN = '\n\n';

/**
 * The place of a value without a span: one object for all (callers only read it), made while the module loads, so the
 * shape's fields take both null and numbers before any code that reads them is optimised.
 */
const NOWHERE = { pageNo: null, spanStart: null, spanEnd: null };

/** Maps offsets in the joined text back to (page, offset in page). */
export function pageLocator(pages: readonly string[]) {
  const starts: number[] = [];
  let at = 0;
  for (const p of pages) {
    starts.push(at);
    at += p.length + PAGE_JOIN.length;
  }
  return (span: Span | null | undefined) => {
    if (!span) return NOWHERE;
    let i = starts.length - 1;
    while (i > 0 && starts[i]! > span.start) i--;
    return { pageNo: i + 1, spanStart: span.start - starts[i]!, spanEnd: span.end - starts[i]! };
  };
}

/** A document's text read as one string: its pages joined by `PAGE_JOIN`. */
export function documentText(doc: Pick<ImportedDocument, 'pages'>): string {
  return doc.pages.length === 1 ? doc.pages[0]!.text : doc.pages.map((p) => p.text).join(PAGE_JOIN);
}

/**
 * Runs every extractor over a document's text and returns the fields to store.
 * Only what was found is returned: an absent value stays unknown, never a guess.
 * `text` is the document's text (`documentText`), when the caller already has it.
 */
export function extractFields(doc: Pick<ImportedDocument, 'pages' | 'fields'>, text = documentText(doc)): ExtractedField[] {
  if (!/\S/.test(text)) return [];
  const texts = doc.pages.map((p) => p.text);
  const year = doc.fields.date ? Number(doc.fields.date.start.slice(0, 4)) : undefined;
  const r = extractAll(text, year !== undefined && Number.isFinite(year) ? { year } : {});
  const locate = pageLocator(texts);
  const out: ExtractedField[] = [];
  const add = (name: ExtractedField['name'], value: unknown, span?: Span | null) => out.push({ name, value, ...locate(span) });
  const named = (list: Extracted<{ name: string }>[]) => list.map((x) => ({ name: x.value.name }));
  const spanOf = (list: Extracted<unknown>[]): Span | null => (list[0] ? list[0].span : null);

  if (r.date) add('date', r.date.value, r.date.span);
  if (r.place) add('dateline_place', r.place.value, r.place.span);
  if (r.type.value !== 'other') add('type', r.type.value, r.type.span);
  if (r.from.length) add('from', named(r.from), spanOf(r.from));
  if (r.to.length) add('to', named(r.to), spanOf(r.to));
  if (r.subject) add('subject', r.subject.value, r.subject.span);
  if (r.participants.length) add('participants', named(r.participants), spanOf(r.participants));
  const cls = r.classification;
  if (cls.value.level || cls.value.caveats.length) add('classification', cls.value, cls.span);
  if (Object.keys(cls.portions).length) add('portion_markings', cls.portions, null);
  if (r.declassification) add('declassification', r.declassification.value, r.declassification.span);
  if (r.exemptions.codes.length) add('exemptions', r.exemptions.codes, r.exemptions.hits[0]?.span);
  if (r.redactions.count > 0) {
    add('redactions', { count: r.redactions.count }, r.redactions.markers[0]?.span);
    add('redaction_kinds', r.redactions.kinds, null);
  }
  return out;
}
