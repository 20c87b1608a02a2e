import { z } from 'zod';
import type { Db } from '../db/database.js';
import { reindexDocuments } from '../search/search.indexer.js';
import type { SearchProvider } from '../search/search.types.js';
import type { Clock } from '../shared/clock.js';
import { createErrorFactory } from '../shared/errors.js';
import type { DateValue, Named } from './fields.js';
import { resolveFields } from './fields.js';

export const editErrors = {
  invalid: createErrorFactory({ code: 'documents.invalid_edit', status: 400 }),
  notFound: createErrorFactory({ code: 'documents.not_found', status: 404 }),
};

/** The fields an editor can correct on the document page (title lives on the document row). */
export const EDITABLE_FIELDS = ['title', 'date', 'type', 'from', 'to', 'subject', 'classification'] as const;
export type EditableField = (typeof EDITABLE_FIELDS)[number];

const line = z
  .string()
  .max(2000)
  .transform((s) => s.replace(/\s+/g, ' ').trim());

/** The edit form, as posted. Names are separated by semicolons, caveats by commas. */
export const editFormSchema = z.object({
  title: line,
  date: line,
  type: line,
  from: line,
  to: line,
  subject: line,
  classification_level: line,
  classification_caveats: line,
});
export type EditForm = z.infer<typeof editFormSchema>;

const ISO = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

function bounds(s: string): { start: string; end: string; precision: 'day' | 'month' | 'year' } | null {
  const m = ISO.exec(s);
  if (!m) return null;
  const [, y, mo, d] = m;
  if (mo && (Number(mo) < 1 || Number(mo) > 12)) return null;
  if (d) {
    const date = new Date(`${y}-${mo}-${d}T00:00:00Z`);
    if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== s) return null;
    return { start: s, end: s, precision: 'day' };
  }
  if (mo) {
    const last = new Date(Date.UTC(Number(y), Number(mo), 0)).getUTCDate();
    return { start: `${y}-${mo}-01`, end: `${y}-${mo}-${String(last).padStart(2, '0')}`, precision: 'month' };
  }
  return { start: `${y}-01-01`, end: `${y}-12-31`, precision: 'year' };
}

/** Parses an editor's date: `1962`, `1962-04`, `1962-04-02`, or a range `1962-04-01/1962-04-15`. Pure. */
export function parseEditorDate(input: string): DateValue | null {
  const [a, b, ...rest] = input.split('/').map((s) => s.trim());
  if (!a || rest.length) return null;
  const from = bounds(a);
  if (!from) return null;
  if (b === undefined) return { ...from, text: input };
  const to = bounds(b);
  if (!to || to.end < from.start) return null;
  return { start: from.start, end: to.end, precision: 'range', text: input };
}

const names = (s: string): Named[] | null => {
  const list = s
    .split(';')
    .map((x) => x.trim())
    .filter(Boolean)
    .map((name) => ({ name }));
  return list.length ? list : null;
};

/** Turns the posted form into field values (null = no value). Throws `documents.invalid_edit` on a bad date. */
export function formToValues(form: EditForm): Record<EditableField, unknown> {
  let date: DateValue | null = null;
  if (form.date) {
    date = parseEditorDate(form.date);
    if (!date) throw editErrors.invalid(`“${form.date}” is not a date: write 1962, 1962-04, 1962-04-02 or a range 1962-04-01/1962-04-15.`);
  }
  const caveats = form.classification_caveats
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
  return {
    title: form.title || null,
    date,
    type: form.type || null,
    from: names(form.from),
    to: names(form.to),
    subject: form.subject || null,
    classification: form.classification_level || caveats.length ? { level: form.classification_level || null, caveats } : null,
  };
}

/** A comparable form of a value, so re-saving an unchanged form logs nothing. */
function canonical(field: EditableField, v: unknown): string {
  if (v === null || v === undefined) return 'null';
  switch (field) {
    case 'date': {
      const d = v as DateValue;
      return `${d.start}/${d.end}`;
    }
    case 'from':
    case 'to': {
      const list = Array.isArray(v) ? (v as Named[]).map((n) => n.name) : [];
      return list.length ? JSON.stringify(list) : 'null';
    }
    case 'classification': {
      const c = v as { level?: string | null; caveats?: string[] };
      return c.level || c.caveats?.length ? JSON.stringify([c.level ?? null, c.caveats ?? []]) : 'null';
    }
    case 'title':
    case 'type':
    case 'subject':
      return typeof v === 'string' && v.trim() ? JSON.stringify(v.trim()) : 'null';
  }
}

export interface EditRow {
  id: number;
  field: string;
  before: string | null;
  after: string | null;
  user_name: string;
  at: string;
}

/**
 * Applies an editor's corrections: every changed field gets an `editor` value
 * (which outranks source and extracted) and one row in `edits` with who, when,
 * before and after. One transaction. Returns the fields that changed.
 */
export async function applyEdits(
  deps: { db: Db; clock: Clock; search: SearchProvider },
  input: { documentId: string; user: string; values: Record<EditableField, unknown> },
): Promise<EditableField[]> {
  const { db, clock, search } = deps;
  const now = clock.now().toISOString();
  return db.transaction().execute(async (trx) => {
    const doc = await trx.selectFrom('documents').select(['id', 'title']).where('id', '=', input.documentId).executeTakeFirst();
    if (!doc) throw editErrors.notFound(`Document ${input.documentId} was not found.`);
    const current = resolveFields(
      await trx.selectFrom('document_fields').select(['name', 'value', 'provenance']).where('document_id', '=', doc.id).execute(),
    );
    const changed: EditableField[] = [];
    for (const field of EDITABLE_FIELDS) {
      const before = field === 'title' ? doc.title : (current.get(field)?.value ?? null);
      const after = input.values[field];
      if (canonical(field, before) === canonical(field, after)) continue;
      changed.push(field);
      if (field === 'title') {
        const title = typeof after === 'string' ? after : null;
        await trx.updateTable('documents').set({ title, updated_at: now }).where('id', '=', doc.id).execute();
      } else {
        const value = JSON.stringify(after ?? null);
        await trx
          .insertInto('document_fields')
          .values({
            document_id: doc.id,
            name: field,
            value,
            provenance: 'editor',
            page_no: null,
            span_start: null,
            span_end: null,
            updated_at: now,
            updated_by: input.user,
          })
          .onConflict((oc) =>
            oc.columns(['document_id', 'name', 'provenance']).doUpdateSet({ value, updated_at: now, updated_by: input.user }),
          )
          .execute();
      }
      await trx
        .insertInto('edits')
        .values({
          document_id: doc.id,
          field,
          before: before === null || before === undefined ? null : JSON.stringify(before),
          after: after === null || after === undefined ? null : JSON.stringify(after),
          user_name: input.user,
          at: now,
        })
        .execute();
    }
    if (changed.length) {
      await trx.updateTable('documents').set({ updated_at: now }).where('id', '=', doc.id).execute();
      // Title, date and facet values all live in the search index.
      await reindexDocuments(trx, search, [doc.id]);
    }
    return changed;
  });
}

/** The edit history of a document, newest first. */
export async function listEdits(db: Db, documentId: string): Promise<EditRow[]> {
  return db
    .selectFrom('edits')
    .select(['id', 'field', 'before', 'after', 'user_name', 'at'])
    .where('document_id', '=', documentId)
    .orderBy('id', 'desc')
    .execute();
}
