import type { Db } from '../db/database.js';
import { FILTER_FIELDS, type FilterField, type Query, type SortOrder } from './query.ast.js';

/** What the search index holds for one document (built by search.indexer.ts from the stored record). */
export interface SearchDocument {
  id: string;
  title: string;
  /** Page texts in order (page_no = index + 1). */
  pages: string[];
  /**
   * Headings of the divisions the document is printed under (FRUS chapters): searched with the body text, since
   * they name its subject where the title only names sender and recipient. Never a snippet (not a page).
   */
  sections?: string[];
  date: { start: string; end: string } | null;
  /** `key`, where given, is what filters match besides the value (a collection's slug). */
  facets: { facet: FilterField; value: string; key?: string }[];
}

/** Facets counted over the whole result set: every metadata filter is also a facet. */
export const FACETS = FILTER_FIELDS;
export type FacetName = FilterField;

export interface FacetCount {
  value: string;
  count: number;
}

export interface Facets {
  fields: Partial<Record<FacetName, FacetCount[]>>;
  /** Documents per year of their start date, ascending; and per decade ("1910s"). */
  years: { year: number; count: number }[];
  decades: { decade: string; count: number }[];
  /** With `dateUnit`: documents per start month ("1962-04") or day ("1962-04-02"), ascending, non-zero only. */
  dates?: { key: string; count: number }[];
}

export interface SearchRequest {
  query: Query;
  limit: number;
  /** Either an offset or a cursor from a previous page's `next`. */
  offset: number;
  cursor: string | null;
  sort: SortOrder;
  /** Values per facet field; 0 skips facet counting. */
  facetLimit: number;
  /** Also count the result set by start month or day (`facets.dates`; facets are returned even with facetLimit 0). */
  dateUnit?: 'month' | 'day';
}

export interface SearchHit {
  documentId: string;
  score: number;
  /** Page of the best-matching passage (1-based) and its printed label where known. */
  page: number;
  pageLabel: string | null;
  /** HTML-safe excerpt: text is escaped, matches wrapped in <mark>. */
  snippet: string;
}

export interface SearchResponse {
  total: number;
  hits: SearchHit[];
  /** Cursor for the page after this one (keyset pagination), null on the last page. */
  next: string | null;
  facets: Facets | null;
}

/** A full-text engine. Engine-specific SQL lives only behind this interface; one contract suite (search.contract.ts) covers them all. */
/** A transaction's index writes, batch by batch (`SearchProvider.beginBatch`). */
export interface IndexBatch {
  index(docs: readonly SearchDocument[]): Promise<void>;
  finish(): Promise<void>;
}

export interface SearchProvider {
  readonly name: string;
  /** Replaces the index rows of these documents, inside the caller's transaction. */
  indexDocuments(trx: Db, docs: readonly SearchDocument[]): Promise<void>;
  /**
   * Indexes a transaction's documents batch by batch, as ingest stores a file a slice at a time: `index` each batch,
   * then `finish` once, before the commit (a provider may hold part of the work until then). Optional: without it,
   * `indexDocuments` per batch does the same (see `indexInBatches`).
   */
  beginBatch?(trx: Db): IndexBatch;
  /** Removes documents from the index. */
  removeDocuments(trx: Db, ids: readonly string[]): Promise<void>;
  search(req: SearchRequest): Promise<SearchResponse>;
  /** Documents like this one (its most distinctive terms as an OR query); null when the document is not indexed. */
  similar(documentId: string, limit: number): Promise<SearchResponse | null>;
  /** Loads whatever in-memory structures the provider keeps, ahead of the first search (optional). */
  warmUp?(): Promise<void>;
}
