/**
 * Every table of the archive in an order that respects foreign keys, with the
 * column that orders its rows. Used to move an archive between engines
 * (`declass migrate --to`) and to checksum it. A new table must be listed here.
 */
export interface TableInfo {
  name: string;
  key: string;
  /** Tables whose integer ids are generated (sequences to reset on PostgreSQL). */
  serial: boolean;
  /** Engine-specific columns that are derived data, rebuilt on the target rather than copied. */
  derived?: readonly string[];
}

export const ARCHIVE_TABLES: readonly TableInfo[] = [
  { name: 'collections', key: 'id', serial: true },
  { name: 'files', key: 'id', serial: true },
  { name: 'documents', key: 'id', serial: false },
  { name: 'pages', key: 'id', serial: true, derived: ['tsv'] },
  { name: 'document_fields', key: 'id', serial: true },
  { name: 'entities', key: 'id', serial: true },
  { name: 'entity_mentions', key: 'id', serial: true },
  { name: 'ingest_runs', key: 'id', serial: true },
  { name: 'ingest_outcomes', key: 'id', serial: true },
  { name: 'page_images', key: 'page_id', serial: false },
  { name: 'page_ocr', key: 'page_id', serial: false },
  { name: 'jobs', key: 'id', serial: true },
  { name: 'users', key: 'id', serial: true },
  { name: 'sessions', key: 'id', serial: false },
  { name: 'edits', key: 'id', serial: true },
  { name: 'briefing_books', key: 'id', serial: true },
];
