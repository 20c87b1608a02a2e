import type { DocumentsRepository } from '../documents/documents.repository.js';
import { loadRecords } from '../documents/documents.usecases.js';
import type { SortOrder } from './query.ast.js';
import { parseQuery } from './query.js';
import { searchErrors } from './search.errors.js';
import type { Facets, SearchProvider, SearchResponse } from './search.types.js';

export interface SearchResult {
  id: string;
  title: string | null;
  date: { start: string; end: string; precision: string; text: string } | null;
  type: string | null;
  collection: { slug: string; title: string } | null;
  score: number;
  snippet: string;
  /** 1-based page of the snippet, its printed label, and the link to it. */
  page: number;
  page_label: string | null;
  url: string;
  source: { path: string; sha256: string; format: string };
}

export interface SearchOutput {
  query: string;
  sort: SortOrder;
  total: number;
  /** null when the page was asked for by cursor. */
  offset: number | null;
  limit: number;
  /** Pass as `cursor` for the next page (stable however deep); null on the last page. */
  next: string | null;
  results: SearchResult[];
  facets: Facets | null;
}

export interface SearchInput {
  query: string;
  limit: number;
  offset?: number;
  cursor?: string | null;
  /** Overrides `sort:` in the query; default relevance (date for filter-only queries). */
  sort?: SortOrder | null;
  /** Values per facet (default 10); 0 skips facets. */
  facetLimit?: number;
}

type Deps = { search: SearchProvider; documents: DocumentsRepository };

/** One search service behind the CLI, the JSON API and the web page. Output documented in docs/search.md. */
export async function searchDocuments(deps: Deps, input: SearchInput): Promise<SearchOutput> {
  const query = parseQuery(input.query);
  const sort = input.sort ?? query.sort ?? (query.text ? 'relevance' : 'date_asc');
  const offset = input.offset ?? 0;
  const res = await deps.search.search({
    query,
    limit: input.limit,
    offset,
    cursor: input.cursor ?? null,
    sort,
    facetLimit: input.facetLimit ?? 10,
  });
  return {
    query: input.query,
    sort,
    total: res.total,
    offset: input.cursor ? null : offset,
    limit: input.limit,
    next: res.next,
    results: await present(deps, res),
    facets: res.facets,
  };
}

/** Documents like this one ("more like this"). */
export async function similarDocuments(
  deps: Deps,
  id: string,
  limit: number,
): Promise<{ id: string; total: number; results: SearchResult[] }> {
  const res = await deps.search.similar(id, limit);
  if (!res) throw searchErrors.documentNotIndexed(`Document ${id} is not in the search index.`);
  return { id, total: res.total, results: await present(deps, res) };
}

const RESULT_FIELDS = ['date', 'type'] as const;

async function present(deps: Deps, res: SearchResponse): Promise<SearchResult[]> {
  const docs = await deps.documents.getMany(res.hits.map((h) => h.documentId));
  // A result shows the record's title, date, type, collection and source: of the stored fields, date and type.
  const records = new Map(
    (await loadRecords(deps.documents, docs, { text: false, entities: false, fields: RESULT_FIELDS })).map((r) => [r.id, r]),
  );
  const results: SearchResult[] = [];
  for (const h of res.hits) {
    const r = records.get(h.documentId);
    if (!r) continue;
    results.push({
      id: r.id,
      title: r.title,
      date: r.date,
      type: r.type,
      collection: r.collection,
      score: h.score,
      snippet: h.snippet,
      page: h.page,
      page_label: h.pageLabel,
      url: `/documents/${encodeURIComponent(r.id)}#page-${h.page}`,
      source: { path: r.source.path, sha256: r.source.sha256, format: r.source.format },
    });
  }
  return results;
}
