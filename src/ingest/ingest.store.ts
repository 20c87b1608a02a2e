import type { Db } from '../db/database.js';
import { collapseWhitespace } from '../extract/span.js';
import { insertRows } from '../db/bulk.js';
import type { Insertable } from 'kysely';
import type { DocumentFieldsTable, EntityMentionsTable } from '../db/schema.js';
import type { ExtractedField } from './enrich.js';
import type { ImportedDocument, ImportedEntity } from './importers/importer.js';
import type { MentionRow } from '../documents/documents.repository.js';

export interface PageMeta {
  status: 'ready' | 'waiting_ocr';
  layerQuality: number | null;
}

/** SQLite caps bound parameters per statement (32,766); rows are inserted in chunks well below it. */
export const CHUNK = 400;

export async function insertChunked<T>(rows: readonly T[], insert: (chunk: T[]) => Promise<unknown>, size = CHUNK): Promise<void> {
  for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size));
}

/** Inserts the pages of many documents in a few statements (the page-level full-text index follows by trigger). */
export async function storePages(
  trx: Db,
  docs: readonly ImportedDocument[],
  ids: readonly string[],
  /** Per document, per page: OCR status and layer quality (pages of scans); absent: ready. */
  meta: readonly (readonly PageMeta[])[] = [],
): Promise<void> {
  const rows = docs.flatMap((d, i) =>
    d.pages.map((p, n) => {
      const m = meta[i]?.[n];
      return {
        document_id: ids[i]!,
        page_no: n + 1,
        label: p.label,
        text: p.text,
        text_source: p.textSource,
        status: m?.status ?? 'ready',
        layer_text: p.layerText ?? null,
        layer_quality: m?.layerQuality ?? null,
      };
    }),
  );
  await insertRows(trx, 'pages', rows);
}

type FieldRow = Insertable<DocumentFieldsTable>;

/** Stores source fields (from the importer) and extracted fields (from the extractors); returns the rows stored. */
export async function storeFields(
  trx: Db,
  docs: readonly ImportedDocument[],
  extracted: readonly (readonly ExtractedField[])[],
  ids: readonly string[],
  now: string,
): Promise<FieldRow[]> {
  const rows: FieldRow[] = [];
  docs.forEach((d, i) => {
    for (const [name, value] of Object.entries(d.fields)) {
      if (value === undefined || value === null) continue;
      rows.push({
        document_id: ids[i]!,
        name,
        value: JSON.stringify(value),
        provenance: 'source',
        page_no: null,
        span_start: null,
        span_end: null,
        updated_at: now,
        updated_by: null,
      });
    }
    rows.push(...extractedRows(ids[i]!, extracted[i] ?? [], now));
  });
  await insertRows(trx, 'document_fields', rows);
  return rows;
}

export function extractedRows(documentId: string, fields: readonly ExtractedField[], now: string): FieldRow[] {
  return fields.map((f) => ({
    document_id: documentId,
    name: f.name,
    value: JSON.stringify(f.value),
    provenance: 'extracted' as const,
    page_no: f.pageNo,
    span_start: f.spanStart,
    span_end: f.spanEnd,
    updated_at: now,
    updated_by: null,
  }));
}

/** Entity ids already resolved in this transaction (by authority key or by kind and name), so the slices of one file look each up once. */
export interface EntityIds {
  idOf: Map<string, number>;
  nameOfId: Map<number, string>;
}

export const newEntityIds = (): EntityIds => ({ idOf: new Map(), nameOfId: new Map() });

/**
 * Stores authority records declared by the file and every mention, linking a
 * mention to its authority record, or else to a name-only entity of the same
 * kind and name (created once). Lookups are batched: a few queries per file.
 * Returns the mentions stored, each with its entity (as the documents repository reads them).
 */
export async function storeEntities(
  trx: Db,
  entities: readonly ImportedEntity[],
  docs: readonly ImportedDocument[],
  ids: readonly string[],
  known: EntityIds = newEntityIds(),
): Promise<MentionRow[]> {
  const { idOf, nameOfId } = known;

  const keys = [...new Set(entities.filter((e) => !idOf.has(authKey(e.kind, e.authorityKey))).map((e) => e.authorityKey))];
  for (let i = 0; i < keys.length; i += CHUNK) {
    const found = await trx
      .selectFrom('entities')
      .select(['id', 'kind', 'name', 'authority_key'])
      .where('authority_key', 'in', keys.slice(i, i + CHUNK))
      .execute();
    for (const f of found) {
      idOf.set(authKey(f.kind, f.authority_key!), f.id);
      nameOfId.set(f.id, f.name);
    }
  }
  const newAuthorities = entities.filter((e) => !idOf.has(authKey(e.kind, e.authorityKey)));
  await insertChunked(newAuthorities, async (chunk) => {
    const rows = await trx
      .insertInto('entities')
      .values(
        chunk.map((e) => ({
          kind: e.kind,
          name: e.name,
          authority_key: e.authorityKey,
          variants: JSON.stringify(e.variants),
          description: e.description,
        })),
      )
      .returning(['id', 'kind', 'name', 'authority_key'])
      .execute();
    for (const r of rows) {
      idOf.set(authKey(r.kind, r.authority_key!), r.id);
      nameOfId.set(r.id, r.name);
    }
  });

  const unlinked = unlinkedNames(docs, idOf);
  const names = [...new Set([...unlinked.entries()].filter(([k]) => !idOf.has(k)).map(([, u]) => u.name))];
  for (let i = 0; i < names.length; i += CHUNK) {
    const found = await trx
      .selectFrom('entities')
      .select(['id', 'kind', 'name'])
      .where('authority_key', 'is', null)
      .where('name', 'in', names.slice(i, i + CHUNK))
      .execute();
    for (const f of found) {
      idOf.set(nameKey(f.kind, f.name), f.id);
      nameOfId.set(f.id, f.name);
    }
  }
  const missing = [...unlinked.entries()].filter(([k]) => !idOf.has(k)).map(([, v]) => v);
  await insertChunked(missing, async (chunk) => {
    const rows = await trx
      .insertInto('entities')
      .values(chunk.map((u) => ({ kind: u.kind, name: u.name, authority_key: null, variants: '[]', description: null })))
      .returning(['id', 'kind', 'name'])
      .execute();
    for (const r of rows) {
      idOf.set(nameKey(r.kind, r.name), r.id);
      nameOfId.set(r.id, r.name);
    }
  });

  const { rows: mentionRows, kinds } = mentionRowsOf(docs, ids, idOf);
  await insertRows(trx, 'entity_mentions', mentionRows);
  return mentionRows.map((m, i) => ({
    document_id: m.document_id,
    entity_id: m.entity_id,
    kind: kinds[i]!,
    name: nameOfId.get(m.entity_id)!,
  }));
}

// The per-mention loops live in small functions of their own, so that V8 optimises these rather than the whole of
// `storeEntities` with the query builders it calls.

const authKey = (kind: string, key: string) => `a|${kind}|${key}`;
const nameKey = (kind: string, name: string) => `n|${kind}|${name}`;
/** A mention's text as an entity name: whitespace runs as one space, trimmed. */
const clean = collapseWhitespace;

/** Names of the mentions not linked to an authority record already known, by kind and name. */
function unlinkedNames(docs: readonly ImportedDocument[], idOf: ReadonlyMap<string, number>): Map<string, { kind: string; name: string }> {
  const unlinked = new Map<string, { kind: string; name: string }>();
  for (const d of docs) {
    for (const m of d.mentions) {
      if (m.authorityKey && idOf.has(authKey(m.kind, m.authorityKey))) continue;
      const name = clean(m.text);
      if (name) unlinked.set(nameKey(m.kind, name), { kind: m.kind, name });
    }
  }
  return unlinked;
}

/** The mention rows to store (those whose entity is known), and the kind of each. */
function mentionRowsOf(docs: readonly ImportedDocument[], ids: readonly string[], idOf: ReadonlyMap<string, number>) {
  const kinds: string[] = [];
  const rows: Insertable<EntityMentionsTable>[] = [];
  docs.forEach((d, i) => {
    for (const m of d.mentions) {
      const entityId = (m.authorityKey ? idOf.get(authKey(m.kind, m.authorityKey)) : undefined) ?? idOf.get(nameKey(m.kind, clean(m.text)));
      if (entityId === undefined) continue;
      kinds.push(m.kind);
      rows.push({
        entity_id: entityId,
        document_id: ids[i]!,
        page_no: m.pageNo,
        span_start: m.spanStart,
        span_end: m.spanEnd,
        text: m.text,
        provenance: m.provenance ?? 'source',
      });
    }
  });
  return { rows, kinds };
}
