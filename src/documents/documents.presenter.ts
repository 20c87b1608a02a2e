import type { DocumentRow, MentionRow } from './documents.repository.js';
import type { ClassificationValue, DateValue, DeclassificationValue, Named, ResolvedField } from './fields.js';

/** One document as the export, the API and search results show it. Schema: docs/export-format.md. */
export interface DocumentRecord {
  id: string;
  title: string | null;
  date: { start: string; end: string; precision: string; text: string } | null;
  type: string | null;
  from: Named[];
  to: Named[];
  subject: string | null;
  /** Headings of the divisions the document is printed under, outermost first (FRUS chapters). */
  sections: string[];
  classification: { level: string | null; caveats: string[] };
  declassification: { authority: string | null; date: string | null; case: string | null } | null;
  exemptions: string[];
  redactions: { count: number };
  people: Named[];
  organizations: Named[];
  places: Named[];
  pages: number;
  status: string;
  collection: { slug: string; title: string } | null;
  source: { path: string; sha256: string; format: string; media_type: string; id: string | null; notes: string[] };
  provenance: Record<string, string>;
  text?: string;
}

const named = (v: unknown): Named[] =>
  Array.isArray(v)
    ? v
        .filter((x): x is Named => typeof x === 'object' && x !== null && typeof (x as Named).name === 'string')
        .map((x) => ({ name: x.name }))
    : [];

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v : null);

function uniqueNames(mentions: readonly MentionRow[], kind: string): Named[] {
  const seen = new Set<number>();
  const out: Named[] = [];
  for (const m of mentions) {
    if (m.kind !== kind || seen.has(m.entity_id)) continue;
    seen.add(m.entity_id);
    out.push({ name: m.name });
  }
  return out;
}

/** Shapes a document for output. Unknown values are null or empty, never invented. */
export function presentDocument(
  doc: DocumentRow,
  fields: ReadonlyMap<string, ResolvedField>,
  mentions: readonly MentionRow[],
  text?: string,
): DocumentRecord {
  const v = (name: string) => fields.get(name)?.value;
  const date = v('date') as DateValue | undefined;
  const cls = v('classification') as ClassificationValue | undefined;
  const declass = v('declassification') as DeclassificationValue | undefined;
  const exemptions = v('exemptions');
  const redactions = v('redactions') as { count?: unknown } | undefined;
  const notes = v('source_notes');
  const sections = v('sections');
  const places = uniqueNames(mentions, 'place');
  const datelinePlace = str(v('dateline_place'));
  if (datelinePlace && !places.some((p) => p.name === datelinePlace)) places.unshift({ name: datelinePlace });
  const provenance: Record<string, string> = {};
  for (const [name, f] of fields) provenance[name] = f.provenance;
  const record: DocumentRecord = {
    id: doc.id,
    title: doc.title,
    date: date ? { start: date.start, end: date.end, precision: date.precision, text: date.text } : null,
    type: str(v('type')),
    from: named(v('from')),
    to: named(v('to')),
    subject: str(v('subject')),
    sections: Array.isArray(sections) ? sections.filter((x): x is string => typeof x === 'string') : [],
    classification: { level: cls?.level ?? null, caveats: Array.isArray(cls?.caveats) ? cls.caveats : [] },
    declassification: declass ? { authority: declass.authority ?? null, date: declass.date ?? null, case: declass.case ?? null } : null,
    exemptions: Array.isArray(exemptions) ? exemptions.filter((e): e is string => typeof e === 'string') : [],
    redactions: { count: typeof redactions?.count === 'number' ? redactions.count : 0 },
    people: uniqueNames(mentions, 'person'),
    organizations: uniqueNames(mentions, 'organization'),
    places,
    pages: doc.page_count,
    status: doc.status,
    collection: doc.collection_slug ? { slug: doc.collection_slug, title: doc.collection_title ?? doc.collection_slug } : null,
    source: {
      path: doc.file_path,
      sha256: doc.file_sha256,
      format: doc.file_format,
      media_type: doc.file_media_type,
      id: doc.source_key || null,
      notes: Array.isArray(notes) ? notes.filter((n): n is string => typeof n === 'string') : [],
    },
    provenance,
  };
  if (text !== undefined) record.text = text;
  return record;
}
