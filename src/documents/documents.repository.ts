import type { Db } from '../db/database.js';
import type { Engine } from '../migrations/migration.js';
import type { StoredField } from './fields.js';

export type DocumentsRepository = ReturnType<typeof createDocumentsRepository>;

export interface DocumentRow {
  id: string;
  title: string | null;
  status: string;
  page_count: number;
  seq: number;
  source_key: string;
  collection_id: number | null;
  collection_slug: string | null;
  collection_title: string | null;
  file_sha256: string;
  file_format: string;
  file_media_type: string;
  file_path: string;
  file_name: string;
  blob_key: string;
}

export interface MentionRow {
  document_id: string;
  entity_id: number;
  kind: string;
  name: string;
}

/** Read access to documents, their pages, fields and mentions. */
export function createDocumentsRepository({ db }: { db: Db; engine?: Engine }) {
  const base = () =>
    db
      .selectFrom('documents as d')
      .innerJoin('files as f', 'f.id', 'd.file_id')
      .leftJoin('collections as c', 'c.id', 'd.collection_id')
      .select([
        'd.id',
        'd.title',
        'd.status',
        'd.page_count',
        'd.seq',
        'd.source_key',
        'd.collection_id',
        'c.slug as collection_slug',
        'c.title as collection_title',
        'f.sha256 as file_sha256',
        'f.format as file_format',
        'f.media_type as file_media_type',
        'f.original_path as file_path',
        'f.original_name as file_name',
        'f.blob_key as blob_key',
      ]);

  return {
    async get(id: string): Promise<DocumentRow | undefined> {
      return base().where('d.id', '=', id).executeTakeFirst();
    },

    async getMany(ids: readonly string[]): Promise<DocumentRow[]> {
      if (ids.length === 0) return [];
      return base().where('d.id', 'in', ids).execute();
    },

    /** Documents in archive order (collection, then position), a page at a time, for export and listing. */
    async *iterate(batchSize = 500): AsyncGenerator<DocumentRow[]> {
      let offset = 0;
      for (;;) {
        const rows = await base().orderBy('d.collection_id').orderBy('d.seq').orderBy('d.id').limit(batchSize).offset(offset).execute();
        if (rows.length === 0) return;
        yield rows;
        offset += rows.length;
      }
    },

    async listByCollection(collectionId: number, limit: number, offset: number): Promise<DocumentRow[]> {
      return base().where('d.collection_id', '=', collectionId).orderBy('d.seq').limit(limit).offset(offset).execute();
    },

    async latest(limit: number): Promise<DocumentRow[]> {
      return base().orderBy('d.created_at', 'desc').orderBy('d.seq').limit(limit).execute();
    },

    /** The stored fields of these documents (only those named in `names`, when given). */
    async fields(ids: readonly string[], names?: readonly string[]): Promise<(StoredField & { document_id: string })[]> {
      if (ids.length === 0 || names?.length === 0) return [];
      let q = db.selectFrom('document_fields').select(['document_id', 'name', 'value', 'provenance']).where('document_id', 'in', ids);
      if (names) q = q.where('name', 'in', names);
      return q.orderBy('id').execute();
    },

    async mentions(ids: readonly string[]): Promise<MentionRow[]> {
      if (ids.length === 0) return [];
      return db
        .selectFrom('entity_mentions as m')
        .innerJoin('entities as e', 'e.id', 'm.entity_id')
        .select(['m.document_id', 'e.id as entity_id', 'e.kind', 'e.name'])
        .where('m.document_id', 'in', ids)
        .orderBy('m.id')
        .execute();
    },

    async pages(id: string) {
      return db
        .selectFrom('pages')
        .select(['page_no', 'label', 'text', 'text_source', 'status'])
        .where('document_id', '=', id)
        .orderBy('page_no')
        .execute();
    },

    async pagesText(ids: readonly string[]): Promise<Map<string, string[]>> {
      const out = new Map<string, string[]>();
      if (ids.length === 0) return out;
      const rows = await db
        .selectFrom('pages')
        .select(['document_id', 'text'])
        .where('document_id', 'in', ids)
        .orderBy('document_id')
        .orderBy('page_no')
        .execute();
      for (const r of rows) {
        const list = out.get(r.document_id) ?? [];
        list.push(r.text);
        out.set(r.document_id, list);
      }
      return out;
    },

    async stats() {
      const docs = await db
        .selectFrom('documents')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      const pages = await db
        .selectFrom('pages')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      // The date span from the search rows' indexed date columns (no JSON to read, same on every engine).
      const span = await db
        .selectFrom('search_docs')
        .select((eb) => [eb.fn.min<string>('date_start').as('min'), eb.fn.max<string>('date_end').as('max')])
        .executeTakeFirst();
      return { documents: Number(docs.n), pages: Number(pages.n), dateMin: span?.min ?? null, dateMax: span?.max ?? null };
    },
  };
}
