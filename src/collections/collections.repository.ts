import type { Db } from '../db/database.js';
import type { Clock } from '../shared/clock.js';

export interface CollectionInput {
  slug: string;
  title: string;
  kind: string;
  agency?: string | null | undefined;
  caseNumber?: string | null | undefined;
  releaseDate?: string | null | undefined;
  sourceUrl?: string | null | undefined;
  notes?: string | null | undefined;
}

export type CollectionsRepository = ReturnType<typeof createCollectionsRepository>;

/** Collections and releases: where a batch of records came from. */
export function createCollectionsRepository({ db, clock }: { db: Db; clock: Clock }) {
  return {
    /** Returns the id of the collection with this slug, creating it, or filling in release metadata it lacked. */
    async ensure(input: CollectionInput, trx: Db = db): Promise<number> {
      const existing = await trx.selectFrom('collections').selectAll().where('slug', '=', input.slug).executeTakeFirst();
      if (existing) {
        const patch = {
          agency: existing.agency ?? input.agency ?? null,
          case_number: existing.case_number ?? input.caseNumber ?? null,
          release_date: existing.release_date ?? input.releaseDate ?? null,
          source_url: existing.source_url ?? input.sourceUrl ?? null,
          notes: existing.notes ?? input.notes ?? null,
        };
        await trx.updateTable('collections').set(patch).where('id', '=', existing.id).execute();
        return existing.id;
      }
      const row = await trx
        .insertInto('collections')
        .values({
          slug: input.slug,
          title: input.title,
          kind: input.kind,
          agency: input.agency ?? null,
          case_number: input.caseNumber ?? null,
          release_date: input.releaseDate ?? null,
          source_url: input.sourceUrl ?? null,
          notes: input.notes ?? null,
          created_at: clock.now().toISOString(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    async list() {
      return db
        .selectFrom('collections')
        .leftJoin('documents', 'documents.collection_id', 'collections.id')
        .select((eb) => [
          'collections.id',
          'collections.slug',
          'collections.title',
          'collections.kind',
          'collections.agency',
          'collections.case_number',
          'collections.release_date',
          'collections.source_url',
          'collections.notes',
          'collections.created_at',
          eb.fn.count<number>('documents.id').as('document_count'),
        ])
        .groupBy('collections.id')
        .orderBy('collections.created_at', 'desc')
        .execute();
    },

    async getBySlug(slug: string) {
      return db.selectFrom('collections').selectAll().where('slug', '=', slug).executeTakeFirst();
    },
  };
}

/** A URL-safe slug from a free-text name. */
export function slugify(name: string): string {
  const s = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
  return s || 'collection';
}
