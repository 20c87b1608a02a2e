import fs from 'node:fs';
import path from 'node:path';
import type { BlobStore } from '../blobs/blobs.js';
import { sha256Hex } from '../blobs/blobs.js';
import type { CollectionInput } from '../collections/collections.repository.js';
import { describeError, isDeclassError } from '../shared/errors.js';
import { ingestErrors } from './ingest.errors.js';
import type { IngestRepository, OutcomeRecord } from './ingest.repository.js';
import type { ParseFn, ParsedFile } from './parse.js';
import { walkPaths } from './walk.js';
import type { OcrMode } from '../ocr/quality.js';

export interface IngestOptions {
  paths: readonly string[];
  collection: CollectionInput | null;
  maxFileBytes: number;
  /** OCR policy for scanned pages (saved on the collection); absent: the collection's, else auto. */
  ocr?: OcrMode | null;
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
  /** Parses a file (possibly in a worker thread). */
  parse: ParseFn;
}

/** How many files may be read and parsed ahead of the one being stored. Bounds memory. */
const LOOKAHEAD = 1;

/** A file read, hashed and sent to the parser; or already settled (failed, duplicate). */
type Prepared =
  | { kind: 'done'; outcome: OutcomeRecord }
  | { kind: 'parsing'; path: string; name: string; bytes: Buffer; sha256: string; parsed: Promise<ParsedFile> };

function failure(filePath: string, sha256: string | null, err: unknown): OutcomeRecord {
  return {
    path: filePath,
    sha256,
    outcome: 'failed',
    errorCode: isDeclassError(err) ? err.code : 'ingest.internal',
    message: isDeclassError(err) ? err.message : `${filePath}: ${describeError(err)}`,
    documents: 0,
  };
}

const duplicate = (filePath: string, sha256: string): OutcomeRecord => ({
  path: filePath,
  sha256,
  outcome: 'duplicate',
  errorCode: null,
  message: `${filePath}: already in the archive (sha256 ${sha256.slice(0, 12)}…)`,
  documents: 0,
});

/**
 * Stage 1: checks, reads and hashes a file, and starts parsing it. Never throws. Files are read side by side but sent
 * to the parser in their order (`turn` settles once the file before has been sent or settled; `sent` says so for
 * this one): a parser that got the second file first would have storage wait for the first until it had parsed both.
 */
async function prepare(deps: IngestDeps, filePath: string, opts: IngestOptions, turn: Promise<void>, sent: () => void): Promise<Prepared> {
  let sha256: string | null = null;
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
    if (await deps.repo.isKnown(sha256)) return { kind: 'done', outcome: duplicate(filePath, sha256) };
    const name = path.basename(filePath);
    await turn;
    const parsed = deps.parse({ bytes, path: filePath, name });
    parsed.catch(() => undefined); // settled in stage 2; never an unhandled rejection while waiting in the queue
    return { kind: 'parsing', path: filePath, name, bytes, sha256, parsed };
  } catch (err) {
    return { kind: 'done', outcome: failure(filePath, sha256, err) };
  } finally {
    sent();
  }
}

/** Stage 2: waits for the parse and stores the file's documents in one transaction. Never throws. */
async function commit(deps: IngestDeps, runId: number, p: Prepared, opts: IngestOptions): Promise<OutcomeRecord> {
  if (p.kind === 'done') return p.outcome;
  try {
    const parsed = await p.parsed;
    // The same bytes may have been stored meanwhile by an earlier file of this batch.
    if (await deps.repo.isKnown(p.sha256)) return duplicate(p.path, p.sha256);
    // Blob keys are sha256 digests. The original is stored once every document has been read and stored, inside the
    // transaction: a file whose parse fails midway (a streamed volume broken near its end) leaves no blob behind.
    const ids = await deps.repo.saveImport({
      runId,
      file: { sha256: p.sha256, size: p.bytes.length, originalName: p.name, originalPath: path.resolve(p.path), blobKey: p.sha256 },
      parsed,
      defaultCollection: opts.collection,
      ocrMode: opts.ocr ?? null,
      beforeCommit: async () => {
        const key = await deps.blobs.put(p.bytes, p.sha256);
        if (key !== p.sha256) throw new Error(`${p.path}: the blob store keyed the original ${key}, not by its sha256`);
      },
    });
    return { path: p.path, sha256: p.sha256, outcome: 'ingested', errorCode: null, message: null, documents: ids.length };
  } catch (err) {
    return failure(p.path, p.sha256, err);
  }
}

/**
 * Ingests files and folders. Each file is handled on its own: a bad file is
 * recorded as a failure with a coded reason and the batch goes on; a file
 * already in the archive (same sha256) changes nothing. Files are parsed a
 * little ahead (in worker threads where available) and stored in order.
 */
export async function ingestPaths(deps: IngestDeps, opts: IngestOptions, progress: IngestProgress = silent): Promise<IngestSummary> {
  const started = performance.now();
  const runId = await deps.repo.startRun({ paths: opts.paths, collection: opts.collection?.slug ?? null });
  const entries = await walkPaths(opts.paths);
  progress.start(entries.length);
  const outcomes: OutcomeRecord[] = [];
  const queue: Promise<Prepared>[] = [];
  let next = 0;
  // Settles once the last file queued has been sent to the parser (or settled without a parse).
  let lastSent: Promise<void> = Promise.resolve();
  const fill = () => {
    while (queue.length <= LOOKAHEAD && next < entries.length) {
      const entry = entries[next++]!;
      if (entry.kind === 'file') {
        const turn = lastSent;
        let sent: () => void = () => undefined;
        lastSent = new Promise<void>((resolve) => (sent = resolve));
        queue.push(prepare(deps, entry.path, opts, turn, sent));
      } else {
        const outcome: OutcomeRecord =
          entry.kind === 'error'
            ? { path: entry.path, sha256: null, outcome: 'failed', errorCode: 'ingest.unreadable', message: entry.message, documents: 0 }
            : { path: entry.path, sha256: null, outcome: 'skipped', errorCode: null, message: entry.message, documents: 0 };
        queue.push(Promise.resolve({ kind: 'done', outcome }));
      }
    }
  };
  fill();
  while (queue.length > 0) {
    const prepared = await queue.shift()!;
    fill();
    const outcome = await commit(deps, runId, prepared, opts);
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
