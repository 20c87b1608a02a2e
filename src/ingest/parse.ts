import path from 'node:path';
import type { Gazetteer } from '../entities/gazetteer.js';
import { loadGazetteer } from '../entities/authority.loader.js';
import { ingestErrors } from './ingest.errors.js';
import { detectFormat } from './detect.js';
import { extractFields, type ExtractedField } from './enrich.js';
import { entityMentionsFor } from './entities.js';
import type { ImportInput, ImportResult } from './importers/importer.js';
import { importers } from './importers/registry.js';
import { DEFAULT_LIMITS, type InputLimits } from './importers/limits.js';

/** A file read into documents, with the fields the extractors found in each. */
export interface ParsedFile {
  result: ImportResult;
  extracted: ExtractedField[][];
}

/** Turns a file's bytes into documents. CPU only: no database, no blobs, so it can run in a worker thread. */
export type ParseFn = (input: ImportInput) => Promise<ParsedFile>;

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
export function createParser(authority: AuthoritySource | null, limits: InputLimits = DEFAULT_LIMITS): ParseFn & { warm(): Promise<void> } {
  let gazetteer: Promise<Gazetteer> | null = null;
  const getGazetteer = () => (gazetteer ??= loadGazetteer({ corpusDir: authority!.corpusDir, cacheDir: authority!.cacheDir }));
  const parse: ParseFn = async (input) => {
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
