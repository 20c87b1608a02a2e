import type { ColumnType, Generated } from 'kysely';

/** Where a metadata value came from. Editors win over the source file, which wins over extraction. */
export type Provenance = 'source' | 'extracted' | 'editor';

export interface CollectionsTable {
  id: Generated<number>;
  /** Stable, URL-safe identifier (e.g. the FRUS volume id). */
  slug: string;
  title: string;
  /** 'release' (a batch from an agency), 'volume' (a published volume, e.g. FRUS), 'collection' (curated). */
  kind: string;
  agency: string | null;
  case_number: string | null;
  release_date: string | null;
  source_url: string | null;
  notes: string | null;
  /** OCR policy for the collection's scans: auto | force | never (null: auto). */
  ocr_mode: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: ColumnType<string, string, never>;
}

export interface FilesTable {
  id: Generated<number>;
  sha256: string;
  media_type: string;
  /** The importer that read it: tei, text, markdown, html, pdf, image. */
  format: string;
  size: number;
  original_name: string;
  original_path: string;
  blob_key: string;
  created_at: ColumnType<string, string, never>;
}

export interface DocumentsTable {
  /** Stable id used in permalinks. */
  id: string;
  file_id: number;
  collection_id: number | null;
  /** Position within the collection (FRUS document order). */
  seq: number;
  /** Identifier inside the source file (e.g. TEI xml:id "d12"), empty for single-document files. */
  source_key: string;
  title: string | null;
  /** ready | waiting_ocr */
  status: string;
  page_count: number;
  created_at: ColumnType<string, string, never>;
  updated_at: string;
}

export interface PagesTable {
  id: Generated<number>;
  document_id: string;
  /** 1-based position in the document. */
  page_no: number;
  /** Printed page label where the source has one (TEI `pb/@n`). */
  label: string | null;
  text: string;
  /** source (TEI/HTML/text), layer (PDF text layer), ocr, none */
  text_source: string;
  /** ready | waiting_ocr | failed */
  status: ColumnType<string, string | undefined, string>;
  /** The publisher's text layer, kept when OCR text replaces it. */
  layer_text: ColumnType<string | null, string | null | undefined, string | null>;
  /** Quality score (0–1) of the text layer, where the page has one (see src/ocr/quality.ts). */
  layer_quality: ColumnType<number | null, number | null | undefined, number | null>;
}

/** The page as an image: a web-viewable full image (about 300 dpi) and a thumbnail, both in the blob store. */
export interface PageImagesTable {
  page_id: number;
  blob_key: string;
  media_type: string;
  width: number;
  height: number;
  dpi: number;
  /** stored (the scan as embedded in the file) | rendered */
  method: string;
  thumb_key: string;
  thumb_width: number;
  thumb_height: number;
  created_at: string;
}

/** OCR output of a page: words with boxes in page-image pixels (`width` × `height`) and confidences. */
export interface PageOcrTable {
  page_id: number;
  engine: string;
  width: number;
  height: number;
  mean_confidence: number;
  /** JSON array of [text, x0, y0, x1, y1, confidence 0–100, line number]. */
  words: string;
  seconds: number;
  created_at: string;
}

/** The persistent job queue (see src/jobs). */
export interface JobsTable {
  id: Generated<number>;
  name: string;
  payload: string;
  /** At most one job per key (e.g. one OCR job per page). */
  unique_key: string | null;
  /** Groups jobs for progress (e.g. the ingest run). */
  batch: string | null;
  /** queued | running | done | failed */
  status: string;
  attempts: ColumnType<number, number | undefined, number>;
  max_attempts: number;
  run_after: string;
  lease_owner: string | null;
  lease_expires: string | null;
  last_error: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}

export interface DocumentFieldsTable {
  id: Generated<number>;
  document_id: string;
  name: string;
  /** JSON-encoded value. */
  value: string;
  provenance: Provenance;
  /** Page and character span of the text the value came from, where known. */
  page_no: number | null;
  span_start: number | null;
  span_end: number | null;
  updated_at: string;
  updated_by: string | null;
}

export interface EntitiesTable {
  id: Generated<number>;
  /** person | organization | place */
  kind: string;
  name: string;
  /** Key of the authority record (e.g. "frus1918Russiav03#p_FDR1"), unique per kind when set. */
  authority_key: string | null;
  /** JSON array of other names. */
  variants: string;
  description: string | null;
}

export interface EntityMentionsTable {
  id: Generated<number>;
  entity_id: number;
  document_id: string;
  page_no: number | null;
  span_start: number | null;
  span_end: number | null;
  text: string;
  provenance: Provenance;
}

export interface IngestRunsTable {
  id: Generated<number>;
  started_at: string;
  finished_at: string | null;
  options: string;
}

export interface IngestOutcomesTable {
  id: Generated<number>;
  run_id: number;
  path: string;
  sha256: string | null;
  /** ingested | duplicate | failed */
  outcome: string;
  error_code: string | null;
  message: string | null;
  documents: number;
  at: string;
}

export interface MigrationsTable {
  id: number;
  name: string;
  applied_at: string;
}

export interface UsersTable {
  id: Generated<number>;
  name: string;
  /** `scrypt$N$r$p$salt$hash` (base64url). */
  password_hash: string;
  /** editor | admin */
  role: string;
  created_at: string;
}

export interface SessionsTable {
  /** SHA-256 of the cookie token (base64url): a leaked database holds no usable session. */
  id: string;
  user_id: number;
  /** Per-session token every POST form must carry. */
  csrf_token: string;
  created_at: string;
  expires_at: string;
}

/** One metadata change by an editor: field, JSON before and after (null = no value). */
export interface EditsTable {
  id: Generated<number>;
  document_id: string;
  field: string;
  before: string | null;
  after: string | null;
  user_name: string;
  at: string;
}

export interface BriefingBooksTable {
  id: Generated<number>;
  slug: string;
  title: string;
  /** Short description; the home page and feed show it (or the essay's opening when empty). */
  summary: string;
  /** The essay, Markdown with document citations (docs/briefing-books.md). */
  body: string;
  /** draft | published */
  status: string;
  author: string;
  created_at: string;
  updated_at: string;
  published_at: string | null;
}

/** One row per indexed document: its integer key (FTS rowid) and date range (search filters). */
export interface SearchDocsTable {
  rowid: Generated<number>;
  document_id: string;
  date_start: string | null;
  date_end: string | null;
  year: number | null;
}

/** A filterable metadata value (type, person, …), once; `norm` is its lower-cased, space-normalised form. */
export interface FacetValuesTable {
  id: Generated<number>;
  facet: string;
  value: string;
  norm: string;
}

export interface DocumentFacetsTable {
  doc: number;
  value_id: number;
}

/** One row (id 1): bumped by every search-index write, so in-memory search structures know when to reload. */
export interface SearchStateTable {
  id: number;
  generation: number;
}

export interface Database {
  collections: CollectionsTable;
  files: FilesTable;
  documents: DocumentsTable;
  pages: PagesTable;
  page_images: PageImagesTable;
  page_ocr: PageOcrTable;
  jobs: JobsTable;
  document_fields: DocumentFieldsTable;
  entities: EntitiesTable;
  entity_mentions: EntityMentionsTable;
  ingest_runs: IngestRunsTable;
  ingest_outcomes: IngestOutcomesTable;
  declass_migrations: MigrationsTable;
  users: UsersTable;
  sessions: SessionsTable;
  edits: EditsTable;
  briefing_books: BriefingBooksTable;
  search_docs: SearchDocsTable;
  facet_values: FacetValuesTable;
  document_facets: DocumentFacetsTable;
  search_state: SearchStateTable;
}
