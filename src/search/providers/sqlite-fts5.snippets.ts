import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import type { SearchHit } from '../search.types.js';

/** Characters of a page's opening shown when no page matches (a query of filters only). */
const HEAD = 240;

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
      .select(['id', 'document_id', 'page_no', 'label', sql<string>`substr(text, 1, ${HEAD + 1})`.as('head')])
      .where('document_id', 'in', ids)
      .orderBy('document_id')
      .orderBy('page_no')
      .execute();
    if (!match) return { pages, found: [] as { id: number; s: string; rank: number }[] };
    // External content in the temp schema: the text is copied inside SQLite (never through JS), and emptying the
    // index afterwards is one 'delete-all' instead of re-tokenising every row to delete it.
    await sql`CREATE TEMP TABLE IF NOT EXISTS snippet_text(id INTEGER PRIMARY KEY, text TEXT NOT NULL)`.execute(trx);
    await sql`CREATE VIRTUAL TABLE IF NOT EXISTS temp.snippet_pages USING fts5(text, content = 'snippet_text', content_rowid = 'id', ${sql.raw(
      `tokenize = '${TOKENIZER}'`,
    )})`.execute(trx);
    await sql`INSERT INTO temp.snippet_text(id, text) SELECT id, text FROM pages WHERE document_id IN (${sql.join(ids)})`.execute(trx);
    await sql`INSERT INTO temp.snippet_pages(snippet_pages) VALUES ('rebuild')`.execute(trx);
    try {
      const found = await sql<{ id: number; s: string; rank: number }>`
        SELECT rowid AS id, snippet(snippet_pages, 0, ${OPEN}, ${CLOSE}, '…', 24) AS s, bm25(snippet_pages) AS rank
        FROM temp.snippet_pages WHERE snippet_pages MATCH ${match}`.execute(trx);
      return { pages, found: found.rows };
    } finally {
      await sql`INSERT INTO temp.snippet_pages(snippet_pages) VALUES ('delete-all')`.execute(trx);
      await sql`DELETE FROM temp.snippet_text`.execute(trx);
    }
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
      const head = first.head.slice(0, HEAD).replace(/\s+/g, ' ').trim();
      chosen = { page: first, snippet: escapeHtml(first.head.length > HEAD ? `${head.replace(/\s\S*$/, '')}…` : head) };
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
