import type { DocumentsRepository } from '../documents/documents.repository.js';
import { loadRecords } from '../documents/documents.usecases.js';
import type { SearchProvider } from './search.types.js';

export interface SearchResult {
  id: string;
  title: string | null;
  date: { start: string; end: string; precision: string; text: string } | null;
  type: string | null;
  collection: { slug: string; title: string } | null;
  score: number;
  snippet: string;
  page: number;
  source: { path: string; sha256: string; format: string };
}

export interface SearchOutput {
  query: string;
  total: number;
  offset: number;
  limit: number;
  results: SearchResult[];
}

/** One search service behind the CLI, the JSON API and the web page. */
export async function searchDocuments(
  deps: { search: SearchProvider; documents: DocumentsRepository },
  req: { query: string; limit: number; offset: number },
): Promise<SearchOutput> {
  const { total, hits } = await deps.search.search(req);
  const docs = await deps.documents.getMany(hits.map((h) => h.documentId));
  const records = new Map((await loadRecords(deps.documents, docs, false)).map((r) => [r.id, r]));
  const results: SearchResult[] = [];
  for (const h of hits) {
    const r = records.get(h.documentId);
    if (!r) continue;
    results.push({
      id: r.id,
      title: r.title,
      date: r.date,
      type: r.type,
      collection: r.collection,
      score: Math.round(h.score * 1000) / 1000,
      snippet: h.snippet,
      page: h.page,
      source: { path: r.source.path, sha256: r.source.sha256, format: r.source.format },
    });
  }
  return { query: req.query, total, offset: req.offset, limit: req.limit, results };
}
