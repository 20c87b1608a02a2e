import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../db/database.js';
import type { BooksRepository } from './books.repository.js';

/**
 * Loads the example briefing books shipped in examples/books (fictional, for a
 * new archive to show something). A book file is Markdown: a `# Title` line, a
 * `> summary` line, then the essay, where `{{doc:FILE p.N}}` cites the example
 * document ingested from FILE (ids are content hashes, so files are named instead).
 * Books already present (same slug) are left alone.
 */
export async function loadExampleBooks(deps: { db: Db; books: BooksRepository }, dir: string): Promise<number> {
  if (!fs.existsSync(dir)) return 0;
  let added = 0;
  for (const name of fs
    .readdirSync(dir)
    .filter((n) => n.endsWith('.md'))
    .sort()) {
    const slug = path.parse(name).name;
    if (await deps.books.getBySlug(slug)) continue;
    const text = fs.readFileSync(path.join(dir, name), 'utf8');
    const title = /^#\s+(.+)$/m.exec(text)?.[1]?.trim() ?? slug;
    const summary = /^>\s+(.+)$/m.exec(text)?.[1]?.trim() ?? '';
    let body = text.replace(/^#\s+.+\n+/, '').replace(/^>\s+.+\n+/m, '');
    for (const m of [...body.matchAll(/\{\{doc:([^\s}]+)((?:\s+p\.\d+)?)\}\}/g)]) {
      const doc = await deps.db
        .selectFrom('documents')
        .innerJoin('files', 'files.id', 'documents.file_id')
        .select('documents.id')
        .where('files.original_name', '=', m[1]!)
        .executeTakeFirst();
      body = body.replace(m[0], doc ? `doc:${doc.id}${m[2] ?? ''}` : `(${m[1]} is not in the archive)`);
    }
    const book = await deps.books.create({ title, slug, summary, body }, 'Declass examples');
    await deps.books.setStatus(book.id, 'published');
    added++;
  }
  return added;
}
