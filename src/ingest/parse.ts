import path from 'node:path';
import v8 from 'node:v8';
import type { Gazetteer } from '../entities/gazetteer.js';
import { loadGazetteer } from '../entities/authority.loader.js';
import { ingestErrors } from './ingest.errors.js';
import { detectFormat } from './detect.js';
import { extractFields, type ExtractedField } from './enrich.js';
import { entityMentionsFor } from './entities.js';
import type { ImportedDocument, ImportInput, ImportResult } from './importers/importer.js';
import { importers } from './importers/registry.js';
import { DEFAULT_LIMITS, type InputLimits } from './importers/limits.js';

/** A file read into documents, with the fields the extractors found in each (as the parser makes it). */
export interface ParseResult {
  result: ImportResult;
  extracted: ExtractedField[][];
}

/** One document of a parsed file and the fields the extractors found in it. */
export interface ParsedDocument {
  document: ImportedDocument;
  extracted: ExtractedField[];
}

/**
 * A parsed file as storage reads it: what the file says about itself, and its
 * documents a range at a time — so a file parsed in a worker thread is turned
 * back into objects a slice at a time (see `packParsed`), never all at once.
 */
export interface ParsedFile {
  file: Omit<ImportResult, 'documents'>;
  count: number;
  documents(from: number, to: number): ParsedDocument[];
}

/** Turns a file's bytes into documents. CPU only: no database, no blobs, so it can run in a worker thread. */
export type ParseFn = (input: ImportInput) => Promise<ParsedFile>;

/** A parse result held in memory, as a ParsedFile. */
export function inMemory({ result, extracted }: ParseResult): ParsedFile {
  const { documents, ...file } = result;
  return {
    file,
    count: documents.length,
    documents: (from, to) => documents.slice(from, to).map((document, i) => ({ document, extracted: extracted[from + i] ?? [] })),
  };
}

/** A parse result on its way from a worker thread: each document serialised on its own, in a buffer that is moved, not copied. */
export interface PackedFile {
  file: Omit<ImportResult, 'documents'>;
  documents: Uint8Array[];
}

export function packParsed({ result, extracted }: ParseResult): { packed: PackedFile; transfer: ArrayBuffer[] } {
  const { documents, ...file } = result;
  const buffers = documents.map((document, i) => v8.serialize({ document, extracted: extracted[i] ?? [] } satisfies ParsedDocument));
  return { packed: { file, documents: buffers }, transfer: buffers.map((b) => b.buffer) };
}

export function unpackParsed(packed: PackedFile): ParsedFile {
  return {
    file: packed.file,
    count: packed.documents.length,
    documents: (from, to) => packed.documents.slice(from, to).map((b) => v8.deserialize(b) as ParsedDocument),
  };
}

/** Where the authority data for entity linking comes from (plain data, so it can be passed to worker threads). */
export interface AuthoritySource {
  /** Folder holding historyatstate/ (people, pocom) and frus-dates-project/; absent parts are skipped. */
  corpusDir: string;
  /** Where the compiled gazetteer is cached (null: no cache). */
  cacheDir: string | null;
}

/**
 * A parser: detects the format, runs its importer, the metadata extractors and
 * the entity extractor. The gazetteer is loaded once, on first use.
 */
export function createParser(
  authority: AuthoritySource | null,
  limits: InputLimits = DEFAULT_LIMITS,
): ((input: ImportInput) => Promise<ParseResult>) & { warm(): Promise<void> } {
  let gazetteer: Promise<Gazetteer> | null = null;
  const getGazetteer = () => (gazetteer ??= loadGazetteer({ corpusDir: authority!.corpusDir, cacheDir: authority!.cacheDir }));
  const parse = async (input: ImportInput): Promise<ParseResult> => {
    const format = detectFormat(input.bytes, input.name);
    const importer = format ? importers[format] : undefined;
    if (!importer) throw ingestErrors.unsupportedFormat(`${input.path}: unsupported file type${format ? ` (${format})` : ''}`);
    const result = await importer({ ...input, limits: input.limits ?? limits });
    if (result.documents.length === 0) throw ingestErrors.noDocuments(`${input.path}: no documents found in the file`);
    const extracted = result.documents.map((d) => extractFields(d));
    // A title that is only the file's name gives way to the record's own subject line where one was read.
    const stem = path.parse(input.name).name;
    result.documents.forEach((d, i) => {
      const subject = extracted[i]?.find((f) => f.name === 'subject')?.value;
      if ((d.title === null || d.title === stem) && typeof subject === 'string' && subject.trim()) d.title = subject.trim();
    });
    if (authority) {
      const g = await getGazetteer();
      const declared = result.entities;
      const known = new Set(declared.map((e) => `${e.kind}|${e.authorityKey}`));
      for (const d of result.documents) {
        const found = entityMentionsFor(d, { gazetteer: g, personsList: declared });
        d.mentions.push(...found.mentions);
        for (const e of found.entities) {
          const key = `${e.kind}|${e.authorityKey}`;
          if (!known.has(key)) {
            known.add(key);
            result.entities.push(e);
          }
        }
      }
    }
    return { result, extracted };
  };
  /** Loads what parsing needs up front (the gazetteer), so the first file does not wait for it. */
  const warm = async () => {
    if (authority) await getGazetteer();
  };
  return Object.assign(parse, { warm });
}

export const authorityFor = (corpusDir: string, cacheDir: string): AuthoritySource => ({ corpusDir, cacheDir });
