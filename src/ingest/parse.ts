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

/** One document of a parsed file and the fields the extractors found in it. */
export interface ParsedDocument {
  document: ImportedDocument;
  extracted: ExtractedField[];
}

/** What a file says about itself (format, collection, authority records), without its documents. */
export type FileHead = Omit<ImportResult, 'documents'>;

/**
 * A parsed file as storage reads it: what the file says about itself, and its
 * documents a range at a time — so a file parsed in a worker thread is turned
 * back into objects a slice at a time (see `unpackParsed`), never all at once.
 */
export interface ParsedFile {
  file: FileHead;
  count: number;
  documents(from: number, to: number): ParsedDocument[];
}

/** Turns a file's bytes into documents. CPU only: no database, no blobs, so it can run in a worker thread. */
export type ParseFn = (input: ImportInput) => Promise<ParsedFile>;

/** Parsed documents held in memory, as a ParsedFile. */
export function inMemory({ file, documents }: { file: FileHead; documents: ParsedDocument[] }): ParsedFile {
  return { file, count: documents.length, documents: (from, to) => documents.slice(from, to) };
}

/**
 * A parsed file on its way from a worker thread: each document serialised on
 * its own as soon as it is parsed (so the worker never holds a whole volume's
 * results), in a buffer that is moved, not copied.
 */
export interface PackedFile {
  file: FileHead;
  documents: Uint8Array[];
}

export const packDocument = (d: ParsedDocument): Uint8Array => v8.serialize(d);

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

/** A file's documents, each as `finish` made it once its fields and entities were found. */
export interface ParseOutput<T> {
  file: FileHead;
  documents: T[];
}

/**
 * A parser: detects the format, runs its importer, then document by document
 * the metadata extractors and the entity extractor, handing each finished
 * document to `finish` (which may serialise it) and letting go of it. The
 * gazetteer is loaded once, on first use.
 */
export function createParser(authority: AuthoritySource | null, limits: InputLimits = DEFAULT_LIMITS) {
  let gazetteer: Promise<Gazetteer> | null = null;
  const getGazetteer = () => (gazetteer ??= loadGazetteer({ corpusDir: authority!.corpusDir, cacheDir: authority!.cacheDir }));
  async function parse<T>(input: ImportInput, finish: (d: ParsedDocument) => T): Promise<ParseOutput<T>> {
    const format = detectFormat(input.bytes, input.name);
    const importer = format ? importers[format] : undefined;
    if (!importer) throw ingestErrors.unsupportedFormat(`${input.path}: unsupported file type${format ? ` (${format})` : ''}`);
    const { documents, ...file } = await importer({ ...input, limits: input.limits ?? limits });
    if (documents.length === 0) throw ingestErrors.noDocuments(`${input.path}: no documents found in the file`);
    const g = authority ? await getGazetteer() : null;
    // The file's authority records; entities found in one document join them for the next.
    const declared = file.entities;
    const known = new Set(declared.map((e) => `${e.kind}|${e.authorityKey}`));
    const stem = path.parse(input.name).name;
    const out: T[] = [];
    for (let i = 0; i < documents.length; i++) {
      const d = documents[i]!;
      const extracted = extractFields(d);
      // A title that is only the file's name gives way to the record's own subject line where one was read.
      const subject = extracted.find((f) => f.name === 'subject')?.value;
      if ((d.title === null || d.title === stem) && typeof subject === 'string' && subject.trim()) d.title = subject.trim();
      if (g) {
        const found = entityMentionsFor(d, { gazetteer: g, personsList: declared });
        d.mentions.push(...found.mentions);
        for (const e of found.entities) {
          const key = `${e.kind}|${e.authorityKey}`;
          if (!known.has(key)) {
            known.add(key);
            declared.push(e);
          }
        }
      }
      out.push(finish({ document: d, extracted }));
      documents[i] = undefined as unknown as ImportedDocument; // finished: the importer's list no longer holds it
    }
    return { file, documents: out };
  }
  /** Loads what parsing needs up front (the gazetteer), so the first file does not wait for it. */
  const warm = async () => {
    if (authority) await getGazetteer();
  };
  return { parse, warm };
}

export const authorityFor = (corpusDir: string, cacheDir: string): AuthoritySource => ({ corpusDir, cacheDir });
