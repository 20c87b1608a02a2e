import type { Db } from '../db/database.js';

export interface IndexedPage {
  pageId: number;
  title: string;
  text: string;
}

export interface SearchRequest {
  query: string;
  limit: number;
  offset: number;
}

export interface SearchHit {
  documentId: string;
  score: number;
  /** Page of the best-matching passage (1-based). */
  page: number;
  /** HTML-safe excerpt: text is escaped, matches wrapped in <mark>. */
  snippet: string;
}

export interface SearchResponse {
  total: number;
  hits: SearchHit[];
}

/** A full-text engine. Engine-specific SQL lives only behind this interface. */
export interface SearchProvider {
  /** Adds pages to the index, inside the caller's transaction. */
  index(trx: Db, pages: readonly IndexedPage[]): Promise<void>;
  /** Removes pages from the index (before re-indexing them). */
  remove(trx: Db, pages: readonly IndexedPage[]): Promise<void>;
  search(req: SearchRequest): Promise<SearchResponse>;
}
