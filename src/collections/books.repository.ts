import type { Selectable } from 'kysely';
import type { BriefingBooksTable } from '../db/schema.js';
import { z } from 'zod';
import type { Db } from '../db/database.js';
import type { Clock } from '../shared/clock.js';
import { createErrorFactory } from '../shared/errors.js';
import { slugify } from './collections.repository.js';

export const bookErrors = {
  notFound: createErrorFactory({ code: 'books.not_found', status: 404 }),
  invalid: createErrorFactory({ code: 'books.invalid', status: 400 }),
  slugTaken: createErrorFactory({ code: 'books.slug_taken', status: 409 }),
};

export type BookStatus = 'draft' | 'published';

export type Book = Selectable<BriefingBooksTable>;

/** A book as an editor submits it (form fields). */
export const bookFormSchema = z.object({
  title: z.string().trim().min(1, 'A title is required.').max(300),
  slug: z
    .string()
    .trim()
    .max(80)
    .regex(/^[a-z0-9-]*$/, 'The address may hold lower-case letters, digits and hyphens only.'),
  summary: z.string().trim().max(2000),
  body: z.string().max(500_000),
});
export type BookForm = z.infer<typeof bookFormSchema>;

export type BooksRepository = ReturnType<typeof createBooksRepository>;

/** Briefing books: an essay with cited documents, draft until an editor publishes it. */
export function createBooksRepository({ db, clock }: { db: Db; clock: Clock }) {
  const now = () => clock.now().toISOString();
  const slugFree = async (slug: string, exceptId?: number) => {
    let q = db.selectFrom('briefing_books').select('id').where('slug', '=', slug);
    if (exceptId !== undefined) q = q.where('id', '!=', exceptId);
    return !(await q.executeTakeFirst());
  };
  return {
    async create(form: BookForm, author: string): Promise<Book> {
      const slug = form.slug || slugify(form.title);
      if (!(await slugFree(slug))) throw bookErrors.slugTaken(`The address /books/${slug} is taken; choose another.`);
      const t = now();
      return db
        .insertInto('briefing_books')
        .values({
          slug,
          title: form.title,
          summary: form.summary,
          body: form.body,
          status: 'draft',
          author,
          created_at: t,
          updated_at: t,
          published_at: null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
    },

    async update(id: number, form: BookForm): Promise<Book> {
      const slug = form.slug || slugify(form.title);
      if (!(await slugFree(slug, id))) throw bookErrors.slugTaken(`The address /books/${slug} is taken; choose another.`);
      const row = await db
        .updateTable('briefing_books')
        .set({ slug, title: form.title, summary: form.summary, body: form.body, updated_at: now() })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      if (!row) throw bookErrors.notFound(`Briefing book ${id} was not found.`);
      return row;
    },

    /** Publishing keeps the first publication date; unpublishing returns the book to draft. */
    async setStatus(id: number, status: BookStatus): Promise<void> {
      const t = now();
      await db
        .updateTable('briefing_books')
        .set((eb) => ({
          status,
          updated_at: t,
          published_at: status === 'published' ? eb.fn.coalesce('published_at', eb.val(t)) : eb.ref('published_at'),
        }))
        .where('id', '=', id)
        .execute();
    },

    async get(id: number): Promise<Book | undefined> {
      return db.selectFrom('briefing_books').selectAll().where('id', '=', id).executeTakeFirst();
    },

    async getBySlug(slug: string): Promise<Book | undefined> {
      return db.selectFrom('briefing_books').selectAll().where('slug', '=', slug).executeTakeFirst();
    },

    async published(limit: number): Promise<Book[]> {
      return db
        .selectFrom('briefing_books')
        .selectAll()
        .where('status', '=', 'published')
        .orderBy('published_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
    },

    async all(): Promise<Book[]> {
      return db.selectFrom('briefing_books').selectAll().orderBy('updated_at', 'desc').execute();
    },
  };
}
