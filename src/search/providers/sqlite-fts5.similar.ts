import { sql } from 'kysely';
import type { Db } from '../../db/database.js';

/** Stemmed forms of very common English and record-keeping words: never distinctive. */
const STOP = new Set(
  'the of and to in a that is for it as was with be by on not he this are or his from at which but have an they you were her she there been one all we their has would when if so no will more can who what about into than them some could other its out only time our may these said after any do also did made upon those such shall should must very most two '
    .concat('secretari state depart govern presid american unit telegram memorandum ambassador minist foreign nation confer receiv ')
    .split(/\s+/)
    .filter(Boolean),
);

/**
 * The document's most distinctive terms: tf · idf over the stemmed tokens FTS5
 * itself produces. The document's text goes through a scratch FTS5 table in
 * the connection's temp schema (same tokenizer), whose fts5vocab gives the
 * document's stemmed terms and counts; `doc_fts_vocab` gives their document
 * frequency in the archive. Runs in a transaction so two requests do not share
 * the scratch table.
 */
export async function distinctiveTerms(db: Db, documentId: string, count: number): Promise<string[]> {
  return db.transaction().execute(async (trx) => {
    await sql`CREATE VIRTUAL TABLE IF NOT EXISTS temp.mlt_doc USING fts5(body, tokenize = 'porter unicode61 remove_diacritics 2')`.execute(
      trx,
    );
    await sql`CREATE VIRTUAL TABLE IF NOT EXISTS temp.mlt_vocab USING fts5vocab(temp, mlt_doc, 'row')`.execute(trx);
    await sql`DELETE FROM temp.mlt_doc`.execute(trx);
    await sql`INSERT INTO temp.mlt_doc(body)
      SELECT coalesce((SELECT title FROM documents WHERE id = ${documentId}), '') || ' ' || coalesce(group_concat(text, ' '), '')
      FROM (SELECT text FROM pages WHERE document_id = ${documentId} ORDER BY page_no)`.execute(trx);
    const own = await sql<{ term: string; cnt: number }>`SELECT term, cnt FROM temp.mlt_vocab`.execute(trx);
    await sql`DELETE FROM temp.mlt_doc`.execute(trx);
    const candidates = own.rows.filter((r) => r.term.length >= 3 && /^\p{L}+$/u.test(r.term) && !STOP.has(r.term));
    if (candidates.length === 0) return [];
    const n = Number((await sql<{ n: number }>`SELECT count(*) AS n FROM search_docs`.execute(trx)).rows[0]?.n ?? 1);
    const df = new Map<string, number>();
    for (let i = 0; i < candidates.length; i += 400) {
      const chunk = candidates.slice(i, i + 400).map((c) => c.term);
      const rows = await sql<{ term: string; doc: number }>`SELECT term, doc FROM doc_fts_vocab WHERE term IN (${sql.join(chunk)})`.execute(
        trx,
      );
      for (const r of rows.rows) df.set(r.term, r.doc);
    }
    return candidates
      .map((c) => {
        const d = df.get(c.term) ?? 0;
        // Terms in this document only say nothing about others; terms in most documents say nothing at all.
        return { term: c.term, w: d < 2 || d > Math.max(2, n / 3) ? 0 : (1 + Math.log(c.cnt)) * Math.log(n / d) };
      })
      .filter((x) => x.w > 0)
      .sort((a, b) => b.w - a.w || a.term.localeCompare(b.term))
      .slice(0, count)
      .map((x) => x.term);
  });
}
