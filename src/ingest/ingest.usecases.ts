import fs from 'node:fs';
import path from 'node:path';
import type { BlobStore } from '../blobs/blobs.js';
import { sha256Hex } from '../blobs/blobs.js';
import type { CollectionInput } from '../collections/collections.repository.js';
import { describeError, isDeclassError } from '../shared/errors.js';
import { detectFormat } from './detect.js';
import { ingestErrors } from './ingest.errors.js';
import type { IngestRepository, OutcomeRecord } from './ingest.repository.js';
import type { Importer } from './importers/importer.js';
import type { Format } from './detect.js';
import { walkPaths } from './walk.js';

export interface IngestOptions {
  paths: readonly string[];
  collection: CollectionInput | null;
  maxFileBytes: number;
}

export interface IngestSummary {
  runId: number;
  files: number;
  ingested: number;
  duplicates: number;
  skipped: number;
  failed: number;
  documents: number;
  seconds: number;
  outcomes: OutcomeRecord[];
}

/** Progress events for a reporter (progress bar, plain lines, JSON). */
export interface IngestProgress {
  start(total: number): void;
  file(outcome: OutcomeRecord, done: number, total: number): void;
}

const silent: IngestProgress = { start: () => undefined, file: () => undefined };

export interface IngestDeps {
  repo: IngestRepository;
  blobs: BlobStore;
  importers: Partial<Record<Format, Importer>>;
}

/** Reads one file into a coded failure or a stored import. Never throws for per-file problems. */
async function ingestFile(deps: IngestDeps, runId: number, filePath: string, opts: IngestOptions): Promise<OutcomeRecord> {
  let sha256: string | null = null;
  const fail = (err: unknown): OutcomeRecord => ({
    path: filePath,
    sha256,
    outcome: 'failed',
    errorCode: isDeclassError(err) ? err.code : 'ingest.internal',
    message: isDeclassError(err) ? err.message : `${filePath}: ${describeError(err)}`,
    documents: 0,
  });
  try {
    const st = await fs.promises.stat(filePath);
    if (st.size === 0) throw ingestErrors.emptyFile(`${filePath}: the file is empty (0 bytes)`);
    if (st.size > opts.maxFileBytes) {
      throw ingestErrors.fileTooLarge(
        `${filePath}: ${st.size} bytes is over the limit of ${opts.maxFileBytes} bytes (DECLASS_MAX_FILE_BYTES)`,
      );
    }
    let bytes: Buffer;
    try {
      bytes = await fs.promises.readFile(filePath);
    } catch (err) {
      throw ingestErrors.unreadable(`${filePath}: cannot be read (${(err as NodeJS.ErrnoException).code ?? describeError(err)})`);
    }
    sha256 = sha256Hex(bytes);
    if (await deps.repo.isKnown(sha256)) {
      return {
        path: filePath,
        sha256,
        outcome: 'duplicate',
        errorCode: null,
        message: `${filePath}: already in the archive (sha256 ${sha256.slice(0, 12)}…)`,
        documents: 0,
      };
    }
    const name = path.basename(filePath);
    const format = detectFormat(bytes, name);
    const importer = format ? deps.importers[format] : undefined;
    if (!importer) throw ingestErrors.unsupportedFormat(`${filePath}: unsupported file type${format ? ` (${format})` : ''}`);
    const result = await importer({ bytes, path: filePath, name });
    if (result.documents.length === 0) throw ingestErrors.noDocuments(`${filePath}: no documents found in the file`);
    const blobKey = await deps.blobs.put(bytes, sha256);
    const ids = await deps.repo.saveImport({
      runId,
      file: { sha256, size: bytes.length, originalName: name, originalPath: path.resolve(filePath), blobKey },
      result,
      defaultCollection: opts.collection,
    });
    return { path: filePath, sha256, outcome: 'ingested', errorCode: null, message: null, documents: ids.length };
  } catch (err) {
    return fail(err);
  }
}

/**
 * Ingests files and folders. Each file is handled on its own: a bad file is
 * recorded as a failure with a coded reason and the batch goes on; a file
 * already in the archive (same sha256) changes nothing.
 */
export async function ingestPaths(deps: IngestDeps, opts: IngestOptions, progress: IngestProgress = silent): Promise<IngestSummary> {
  const started = performance.now();
  const runId = await deps.repo.startRun({ paths: opts.paths, collection: opts.collection?.slug ?? null });
  const entries = await walkPaths(opts.paths);
  progress.start(entries.length);
  const outcomes: OutcomeRecord[] = [];
  for (const entry of entries) {
    let outcome: OutcomeRecord;
    if (entry.kind === 'error') {
      outcome = { path: entry.path, sha256: null, outcome: 'failed', errorCode: 'ingest.unreadable', message: entry.message, documents: 0 };
    } else if (entry.kind === 'skipped') {
      outcome = { path: entry.path, sha256: null, outcome: 'skipped', errorCode: null, message: entry.message, documents: 0 };
    } else {
      outcome = await ingestFile(deps, runId, entry.path, opts);
    }
    // A stored import records its own outcome inside its transaction.
    if (outcome.outcome !== 'ingested') await deps.repo.recordOutcome(runId, outcome);
    outcomes.push(outcome);
    progress.file(outcome, outcomes.length, entries.length);
  }
  await deps.repo.finishRun(runId);
  const count = (o: OutcomeRecord['outcome']) => outcomes.filter((x) => x.outcome === o).length;
  return {
    runId,
    files: outcomes.length,
    ingested: count('ingested'),
    duplicates: count('duplicate'),
    skipped: count('skipped'),
    failed: count('failed'),
    documents: outcomes.reduce((n, o) => n + o.documents, 0),
    seconds: (performance.now() - started) / 1000,
    outcomes,
  };
}
