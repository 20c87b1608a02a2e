import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import type { SearchHit } from '../search.types.js';

/** Sentinels FTS5 puts around matches; replaced by <mark> after HTML-escaping. */
const OPEN = '\u0002';
const CLOSE = '\u0003';

/** The tokenizer of every FTS5 table the provider reads (migration 0020). */
export const TOKENIZER = 'porter unicode61 remove_diacritics 2';

export const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function markSnippet(raw: string): string {
  return escapeHtml(raw).replaceAll(OPEN, '<mark>').replaceAll(CLOSE, '</mark>').replace(/\s+/g, ' ').trim();
}

/**
 * Best page and snippet per hit: the hits' pages go into a scratch FTS5 table
 * (the connection's temp schema, same tokenizer as the index), where one
 * MATCH ranks every page of every hit; each document keeps its best page.
 * Indexing the few pages shown costs less than a page-level index over the
 * whole archive (migration 40). Runs in a transaction so two requests never
 * share the scratch table.
 */
export async function withSnippets(
  db: Db,
  rows: { doc: number; document_id: string; score: number }[],
  match: string | null,
): Promise<SearchHit[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.document_id);
  const { pages, found } = await db.transaction().execute(async (trx) => {
    const pages = await trx
      .selectFrom('pages')
      .select(['id', 'document_id', 'page_no', 'label', 'text'])
      .where('document_id', 'in', ids)
      .orderBy('document_id')
      .orderBy('page_no')
      .execute();
    if (!match) return { pages, found: [] as { id: number; s: string; rank: number }[] };
    await sql`CREATE VIRTUAL TABLE IF NOT EXISTS temp.snippet_pages USING fts5(text, ${sql.raw(`tokenize = '${TOKENIZER}'`)})`.execute(trx);
    await sql`DELETE FROM temp.snippet_pages`.execute(trx);
    for (let i = 0; i < pages.length; i += 200)
      await sql`INSERT INTO temp.snippet_pages(rowid, text) VALUES ${sql.join(
        pages.slice(i, i + 200).map((p) => sql`(CAST(${p.id} AS INTEGER), ${p.text})`),
      )}`.execute(trx);
    const found = await sql<{ id: number; s: string; rank: number }>`
      SELECT rowid AS id, snippet(snippet_pages, 0, ${OPEN}, ${CLOSE}, '…', 24) AS s, bm25(snippet_pages) AS rank
      FROM temp.snippet_pages WHERE snippet_pages MATCH ${match}`.execute(trx);
    await sql`DELETE FROM temp.snippet_pages`.execute(trx);
    return { pages, found: found.rows };
  });
  const byDoc = new Map<string, typeof pages>();
  for (const p of pages) {
    const list = byDoc.get(p.document_id);
    if (list) list.push(p);
    else byDoc.set(p.document_id, [p]);
  }
  const pageById = new Map(pages.map((p) => [p.id, p]));
  const best = new Map<string, { page: (typeof pages)[number]; snippet: string; rank: number }>();
  for (const f of found) {
    const page = pageById.get(f.id);
    if (!page) continue;
    const prev = best.get(page.document_id);
    // bm25 is lower for better matches; ties go to the earlier page.
    if (!prev || f.rank < prev.rank || (f.rank === prev.rank && page.page_no < prev.page.page_no))
      best.set(page.document_id, { page, snippet: markSnippet(f.s), rank: f.rank });
  }
  return rows.map((r) => {
    let chosen: { page: (typeof pages)[number]; snippet: string } | undefined = best.get(r.document_id);
    const first = byDoc.get(r.document_id)?.[0];
    if (!chosen && first) {
      const head = first.text.slice(0, 240).replace(/\s+/g, ' ').trim();
      chosen = { page: first, snippet: escapeHtml(first.text.length > 240 ? `${head.replace(/\s\S*$/, '')}…` : head) };
    }
    return {
      documentId: r.document_id,
      score: Math.round(-r.score * 1000) / 1000,
      page: chosen?.page.page_no ?? 1,
      pageLabel: chosen?.page.label ?? null,
      snippet: chosen?.snippet ?? '',
    };
  });
}
