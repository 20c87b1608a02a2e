/**
 * Canonical metadata fields. Values are stored per document and provenance in
 * `document_fields` as JSON; the export and the pages read them through
 * `resolveFields`, where an editor's value beats the source file's, which
 * beats an extracted one.
 */
import type { Provenance } from '../db/schema.js';

export type DatePrecision = 'day' | 'month' | 'year' | 'range';

export interface DateValue {
  /** ISO date (YYYY-MM-DD) of the first day covered. */
  start: string;
  /** ISO date of the last day covered (same as start for a day). */
  end: string;
  precision: DatePrecision;
  /** The date as written in the record. */
  text: string;
  /** Time of day where the source gives one (HH:MM, local or UTC as written). */
  time?: string;
  /**
   * The other reading where an editor's bracket changes the date. A firm correction ("January 2, 1942 [1943]") wins,
   * and the date as printed is kept here (basis "as-written"); a question-marked one ("June 25 [27?], 1942") does not,
   * and the editor's conjecture is kept here (basis "conjecture").
   */
  alternative?: { start: string; end: string; basis: 'as-written' | 'conjecture' };
  /** The text marks the date as uncertain ("January 20?, 1943", "[27?]"). */
  uncertain?: true;
}

export interface Named {
  name: string;
}

export interface ClassificationValue {
  level: string | null;
  caveats: string[];
}

export interface DeclassificationValue {
  authority: string | null;
  date: string | null;
  case: string | null;
}

/** The field names the archive knows, with their value types. Source-only extras live beside them. */
export interface FieldValues {
  date: DateValue;
  type: string;
  from: Named[];
  to: Named[];
  subject: string;
  classification: ClassificationValue;
  declassification: DeclassificationValue;
  exemptions: string[];
  redactions: { count: number };
  /** Place named in the dateline. */
  dateline_place: string;
  /** The heading as printed (FRUS). */
  heading: string;
  /** Headings of the divisions the document is printed under, outermost first (FRUS compilation, chapter, subchapter). */
  sections: string[];
  /** Source notes (FRUS `note[@type="source"]`), in order. */
  source_notes: string[];
  /** Identifier of the document inside its source (e.g. FRUS "d12") and the volume. */
  source_id: string;
  volume_id: string;
  /** Document number as printed (FRUS `@n`). */
  number: string;
}

export type FieldName = keyof FieldValues;
export type FieldMap = { [K in FieldName]?: FieldValues[K] };

export const PROVENANCE_RANK: Record<Provenance, number> = { editor: 3, source: 2, extracted: 1 };

export interface StoredField {
  name: string;
  value: string;
  provenance: Provenance;
}

export interface ResolvedField {
  value: unknown;
  provenance: Provenance;
}

/** Picks, for each field name, the value with the highest-ranked provenance. */
export function resolveFields(rows: readonly StoredField[]): Map<string, ResolvedField> {
  const out = new Map<string, ResolvedField>();
  for (const row of rows) {
    const current = out.get(row.name);
    if (current && PROVENANCE_RANK[current.provenance] >= PROVENANCE_RANK[row.provenance]) continue;
    out.set(row.name, { value: JSON.parse(row.value) as unknown, provenance: row.provenance });
  }
  return out;
}
