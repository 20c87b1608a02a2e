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
 * MATCH ranks every page of every hit (bm25); each document keeps its best
 * page, and only those pages get a snippet cut (FTS5's snippet() re-reads a
 * page's text, so cutting one for every matching page cost more than the
 * ranking). Indexing the few pages shown costs less than a page-level index
 * over the whole archive (migration 40). Runs in a transaction so two
 * requests never share the scratch table.
 */
export async function withSnippets(
  db: Db,
  rows: { doc: number; document_id: string; score: number }[],
  match: string | null,
): Promise<SearchHit[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.document_id);
  const { pages, best, heads } = await db.transaction().execute(async (trx) => {
    const pages = await trx
      .selectFrom('pages')
      .select(['id', 'document_id', 'page_no', 'label'])
      .where('document_id', 'in', ids)
      .orderBy('document_id')
      .orderBy('page_no')
      .execute();
    const best = match
      ? await bestPages(trx, ids, pages, await candidatePages(trx, pages, match), match)
      : new Map<string, { id: number; snippet: string }>();
    // The opening of the first page, for documents where no page matches (a query of filters only).
    const firsts = new Map<string, number>();
    for (const p of pages) if (!best.has(p.document_id) && !firsts.has(p.document_id)) firsts.set(p.document_id, p.id);
    const heads = firsts.size
      ? await trx
          .selectFrom('pages')
          .select(['id', sql<string>`substr(text, 1, ${HEAD + 1})`.as('head')])
          .where('id', 'in', [...firsts.values()])
          .execute()
      : [];
    return { pages, best, heads: new Map(heads.map((h) => [h.id, h.head])) };
  });
  const pageById = new Map(pages.map((p) => [p.id, p]));
  const firstOf = new Map<string, (typeof pages)[number]>();
  for (const p of pages) if (!firstOf.has(p.document_id)) firstOf.set(p.document_id, p);
  return rows.map((r) => {
    const hit = best.get(r.document_id);
    let page = hit ? pageById.get(hit.id) : undefined;
    let snippet = hit?.snippet ?? '';
    if (!page) {
      page = firstOf.get(r.document_id);
      const raw = page ? (heads.get(page.id) ?? '') : '';
      const text = raw.slice(0, HEAD).replace(/\s+/g, ' ').trim();
      snippet = escapeHtml(raw.length > HEAD ? `${text.replace(/\s\S*$/, '')}…` : text);
    }
    return {
      documentId: r.document_id,
      score: Math.round(-r.score * 1000) / 1000,
      page: page?.page_no ?? 1,
      pageLabel: page?.label ?? null,
      snippet: page ? snippet : '',
    };
  });
}

/** Pages of one document tokenised at most for its snippet; a longer document's pages are chosen first. */
export const SNIPPET_PAGES = 6;

/**
 * The pages worth tokenising for the snippets: every page of a document of at most SNIPPET_PAGES pages; of a longer
 * one (a 40-page FRUS report is ~120 KB of text, ~3 ms to tokenise), the SNIPPET_PAGES pages holding the most query
 * words, judged by their first four letters (a stem's first letters survive stemming) in any case — earlier pages
 * first on ties. Returns null when every page is taken.
 */
async function candidatePages(trx: Db, pages: readonly { id: number; document_id: string }[], match: string): Promise<number[] | null> {
  const count = new Map<string, number>();
  for (const p of pages) count.set(p.document_id, (count.get(p.document_id) ?? 0) + 1);
  const long = [...count].filter(([, n]) => n > SNIPPET_PAGES).map(([id]) => id);
  if (long.length === 0) return null;
  const probes = [...new Set(matchWords(match).map((w) => w.slice(0, 4)))].slice(0, 8);
  const keep = pages.filter((p) => (count.get(p.document_id) ?? 0) <= SNIPPET_PAGES).map((p) => p.id);
  // LIKE ignores ASCII case; probes are letters and digits only (no wildcards to escape).
  const hits = probes.length
    ? sql.join(
        probes.map((w) => sql`(text LIKE ${`%${w}%`})`),
        sql` + `,
      )
    : sql`0`;
  const chosen = await sql<{ id: number }>`
    SELECT id FROM (
      SELECT id, row_number() OVER (PARTITION BY document_id ORDER BY ${hits} DESC, page_no) AS n
      FROM pages WHERE document_id IN (${sql.join(long)}))
    WHERE n <= ${SNIPPET_PAGES}`.execute(trx);
  for (const r of chosen.rows) keep.push(r.id);
  return keep;
}

/** The words of an FTS5 MATCH expression as the compiler writes them (quoted strings), lower-cased, without accents. */
export function matchWords(match: string): string[] {
  const out: string[] = [];
  for (const m of match.matchAll(/"((?:[^"]|"")*)"/g))
    for (const w of m[1]!
      .replaceAll('""', '"')
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u))
      if (w) out.push(w);
  return out;
}

/** Per document, its best-matching page (bm25; ties go to the earlier page) and that page's marked snippet. */
async function bestPages(
  trx: Db,
  ids: readonly string[],
  pages: readonly { id: number; document_id: string; page_no: number }[],
  /** The pages to tokenise (candidatePages), or null for all of them. */
  only: number[] | null,
  match: string,
): Promise<Map<string, { id: number; snippet: string }>> {
  // External content in the temp schema: the text is copied inside SQLite (never through JS), and emptying the
  // index afterwards is one 'delete-all' instead of re-tokenising every row to delete it.
  await sql`CREATE TEMP TABLE IF NOT EXISTS snippet_text(id INTEGER PRIMARY KEY, text TEXT NOT NULL)`.execute(trx);
  await sql`CREATE VIRTUAL TABLE IF NOT EXISTS temp.snippet_pages USING fts5(text, content = 'snippet_text', content_rowid = 'id', ${sql.raw(
    `tokenize = '${TOKENIZER}'`,
  )})`.execute(trx);
  if (only) await sql`INSERT INTO temp.snippet_text(id, text) SELECT id, text FROM pages WHERE id IN (${sql.join(only)})`.execute(trx);
  else await sql`INSERT INTO temp.snippet_text(id, text) SELECT id, text FROM pages WHERE document_id IN (${sql.join(ids)})`.execute(trx);
  await sql`INSERT INTO temp.snippet_pages(snippet_pages) VALUES ('rebuild')`.execute(trx);
  try {
    const ranked = await sql<{ id: number; rank: number }>`
      SELECT rowid AS id, bm25(snippet_pages) AS rank FROM temp.snippet_pages WHERE snippet_pages MATCH ${match}`.execute(trx);
    const pageById = new Map(pages.map((p) => [p.id, p]));
    const top = new Map<string, { id: number; rank: number; pageNo: number }>();
    for (const f of ranked.rows) {
      const page = pageById.get(f.id);
      if (!page) continue;
      const prev = top.get(page.document_id);
      // bm25 is lower for better matches; ties go to the earlier page.
      if (!prev || f.rank < prev.rank || (f.rank === prev.rank && page.page_no < prev.pageNo))
        top.set(page.document_id, { id: f.id, rank: f.rank, pageNo: page.page_no });
    }
    if (top.size === 0) return new Map();
    // `+rowid`: a filter on the matches, not one FTS5 lookup per listed page.
    const cut = await sql<{ id: number; s: string }>`
      SELECT rowid AS id, snippet(snippet_pages, 0, ${OPEN}, ${CLOSE}, '…', 24) AS s FROM temp.snippet_pages
      WHERE snippet_pages MATCH ${match} AND +rowid IN (${sql.join([...top.values()].map((t) => t.id))})`.execute(trx);
    const snippetOf = new Map(cut.rows.map((c) => [c.id, markSnippet(c.s)]));
    const out = new Map<string, { id: number; snippet: string }>();
    for (const [doc, t] of top) out.set(doc, { id: t.id, snippet: snippetOf.get(t.id) ?? '' });
    return out;
  } finally {
    await sql`INSERT INTO temp.snippet_pages(snippet_pages) VALUES ('delete-all')`.execute(trx);
    await sql`DELETE FROM temp.snippet_text`.execute(trx);
  }
}
