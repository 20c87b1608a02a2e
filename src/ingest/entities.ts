/**
 * Entity mentions found in a document's text by `extractEntities`, in the ingest's terms: mentions with page and
 * page-relative spans (provenance 'extracted'), plus the authority records they link to, to upsert. Pure.
 */
import type { Gazetteer } from '../entities/gazetteer.js';
import { extractEntities, type PersonsListEntry } from '../entities/extract.js';
import { extractDocumentDate } from '../extract/docdate.js';
import { documentText, pageLocator } from './enrich.js';
import type { ImportedDocument, ImportedEntity, ImportedMention } from './importers/importer.js';

export interface EntityMentionsContext {
  gazetteer: Gazetteer;
  /** Authority records the same file declares (a FRUS volume's persons list): surnames resolve against them. */
  personsList?: readonly ImportedEntity[];
  /**
   * The document's date (its first day, ISO), when the caller has already found it (`extractFields`): undefined has
   * it found here, from the source's date or the text.
   */
  date?: string | null;
}

export interface DocumentEntities {
  /** Extracted mentions not already tagged by the source at an overlapping span on the same page. */
  mentions: ImportedMention[];
  /** HistoryAtState / curated authority records the mentions link to (persons-list records are the file's own). */
  entities: ImportedEntity[];
}

/** A class, not an object literal: see `PersonsListIndex` in entities/extract.ts. */
class PersonsList {
  constructor(
    readonly list: PersonsListEntry[],
    /** The entries' authority keys. */
    readonly own: Set<string>,
  ) {}
}

const personsLists = new WeakMap<readonly ImportedEntity[], PersonsList>();

/** The file's persons list in the extractor's terms; one array per file, so the extractor's per-list index is reused. */
function personsListOf(entities: readonly ImportedEntity[]): PersonsList {
  let p = personsLists.get(entities);
  if (!p) {
    const list = entities
      .filter((e) => e.kind === 'person')
      .map((e) => ({ name: e.name, authorityKey: e.authorityKey, variants: e.variants }));
    p = new PersonsList(list, new Set(list.map((e) => e.authorityKey)));
    personsLists.set(entities, p);
  }
  return p;
}

/** The document's own date: the source's, else the one the date extractor finds. */
function documentDate(doc: Pick<ImportedDocument, 'fields'>, text: string): string | null {
  if (doc.fields.date) return doc.fields.date.start;
  return extractDocumentDate(text)?.value.start ?? null;
}

export function entityMentionsFor(
  doc: Pick<ImportedDocument, 'pages' | 'fields' | 'mentions'>,
  ctx: EntityMentionsContext,
  /** The document's text (`documentText`), when the caller already has it. */
  text = documentText(doc),
): DocumentEntities {
  const texts = doc.pages.map((p) => p.text);
  if (!/\S/.test(text)) return { mentions: [], entities: [] };
  const { list: personsList, own } = personsListOf(ctx.personsList ?? []);
  const date = ctx.date !== undefined ? ctx.date : documentDate(doc, text);
  const found = extractEntities(text, { gazetteer: ctx.gazetteer, date, personsList });
  const locate = pageLocator(texts);
  const sourceSpans = doc.mentions.filter((m) => m.pageNo !== null && m.spanStart !== null && m.spanEnd !== null);
  const mentions: ImportedMention[] = [];
  const entities = new Map<string, ImportedEntity>();
  for (const m of found) {
    const at = locate({ start: m.start, end: m.end });
    const pageText = at.pageNo !== null ? texts[at.pageNo - 1] : undefined;
    if (pageText === undefined || at.spanEnd === null || at.spanEnd > pageText.length) continue; // crosses a page break
    const dup = sourceSpans.some((s) => s.pageNo === at.pageNo && s.spanStart! < at.spanEnd && s.spanEnd! > at.spanStart);
    if (dup) continue;
    mentions.push({
      kind: m.kind,
      text: m.text,
      authorityKey: m.authorityKey,
      pageNo: at.pageNo,
      spanStart: at.spanStart,
      spanEnd: at.spanEnd,
      provenance: 'extracted',
    });
    if (m.authorityKey && !own.has(m.authorityKey) && !entities.has(m.authorityKey)) {
      const rec = authorityRecord(ctx.gazetteer, m.authorityKey);
      if (rec) entities.set(m.authorityKey, rec);
    }
  }
  return { mentions, entities: [...entities.values()] };
}

/** The authority record behind a key the extractor produced. */
export function authorityRecord(g: Gazetteer, key: string): ImportedEntity | null {
  const i = g.persons.indexOfKey(key);
  if (i !== undefined) {
    const p = g.persons.persons[i]!;
    const life = p.born !== null || p.died !== null ? `${p.born ?? '?'}–${p.died ?? ''}` : null;
    return { kind: 'person', name: p.name, authorityKey: p.key, variants: p.variants, description: life };
  }
  const c = g.curated(key);
  if (c) return { kind: c.hit.kind, name: c.hit.name, authorityKey: key, variants: [...c.variants], description: null };
  return null;
}
