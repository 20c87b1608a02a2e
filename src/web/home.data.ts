import type { Services } from '../app/services.js';
import { shorten } from '../collections/essay.js';
import { readGeneration } from '../search/search.memindex.js';

type Stats = Awaited<ReturnType<Services['documents']['stats']>>;
type Collection = Awaited<ReturnType<Services['collections']['list']>>[number];

interface ArchiveNumbers {
  stats: Stats;
  /** Collections, newest first, with their document counts. */
  collections: Collection[];
  /** Excerpts of collections without a description, by id: the titles of their first documents. */
  excerpts: Map<number, string>;
}

/**
 * The home page's archive at a glance and its collection list: counts over
 * the whole archive (a scan of documents and pages) computed once per search
 * index generation, which every write of documents, pages or metadata moves
 * (they reindex the documents they touch). Collection titles and notes are
 * read fresh each time (a small table).
 */
export function createArchiveNumbers(s: Services): () => Promise<ArchiveNumbers> {
  let memo: { generation: number; value: Promise<Omit<ArchiveNumbers, 'collections'> & { counts: Map<number, number> }> } | null = null;
  const compute = async () => {
    const [stats, collections] = await Promise.all([s.documents.stats(), s.collections.list()]);
    const excerpts = new Map<number, string>();
    for (const col of collections.slice(0, 6)) {
      if (col.notes) continue;
      // No description: name what is in it, from its first documents' titles (never boilerplate).
      const titles = (await s.documents.listByCollection(col.id, 3, 0)).map((d) => d.title).filter((t): t is string => Boolean(t));
      if (titles.length) excerpts.set(col.id, shorten(`Includes: ${titles.join('; ')}`, 280));
    }
    return { stats, excerpts, counts: new Map(collections.map((c) => [c.id, Number(c.document_count)])) };
  };
  return async () => {
    const generation = await readGeneration(s.db);
    if (!memo || memo.generation !== generation) {
      const value = compute();
      memo = { generation, value };
      value.catch(() => {
        if (memo?.value === value) memo = null;
      });
    }
    const [numbers, fresh] = await Promise.all([
      memo.value,
      s.db.selectFrom('collections').selectAll().orderBy('created_at', 'desc').execute(),
    ]);
    return {
      stats: numbers.stats,
      excerpts: numbers.excerpts,
      collections: fresh.map((c) => ({
        id: c.id,
        slug: c.slug,
        title: c.title,
        kind: c.kind,
        agency: c.agency,
        case_number: c.case_number,
        release_date: c.release_date,
        source_url: c.source_url,
        notes: c.notes,
        created_at: c.created_at,
        document_count: numbers.counts.get(c.id) ?? 0,
      })),
    };
  };
}
