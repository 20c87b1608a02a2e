import { ingestErrors } from './ingest.errors.js';
import { detectFormat } from './detect.js';
import { extractFields, type ExtractedField } from './enrich.js';
import type { ImportInput, ImportResult } from './importers/importer.js';
import { importers } from './importers/registry.js';

/** A file read into documents, with the fields the extractors found in each. */
export interface ParsedFile {
  result: ImportResult;
  extracted: ExtractedField[][];
}

/** Turns a file's bytes into documents. CPU only: no database, no blobs, so it can run in a worker thread. */
export type ParseFn = (input: ImportInput) => Promise<ParsedFile>;

/** Detects the format, runs its importer and the extractors. */
export const parseFile: ParseFn = async (input) => {
  const format = detectFormat(input.bytes, input.name);
  const importer = format ? importers[format] : undefined;
  if (!importer) throw ingestErrors.unsupportedFormat(`${input.path}: unsupported file type${format ? ` (${format})` : ''}`);
  const result = await importer(input);
  if (result.documents.length === 0) throw ingestErrors.noDocuments(`${input.path}: no documents found in the file`);
  return { result, extracted: result.documents.map((d) => extractFields(d)) };
};
