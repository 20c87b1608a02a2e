import { parentPort, workerData } from 'node:worker_threads';
import { isDeclassError } from '../shared/errors.js';
import type { ImportedEntity } from './importers/importer.js';
import type { InputLimits } from './importers/limits.js';
import { createParser, EXTRACT_AHEAD, packDocument, ParseBacklog, type AuthoritySource } from './parse.js';
import type { WorkerReply } from './parse-pool.js';

const data = workerData as { authority: AuthoritySource | null; limits?: InputLimits; backlog?: SharedArrayBuffer };
const parser = createParser(data.authority, data.limits);
const backlog = data.backlog ? new ParseBacklog(data.backlog) : null;
/** While storage is close behind, the extractors are left to it (see `ParseBacklog`). */
const leaveExtraction = backlog
  ? () => {
      const close = backlog.ahead() < EXTRACT_AHEAD;
      backlog.parsed();
      return close;
    }
  : undefined;
// Start loading the gazetteer at once, while the main thread walks and reads files; say when ready.
parser.warm().then(
  () => parentPort?.postMessage({ ready: true }),
  (err: unknown) => parentPort?.postMessage({ ready: true, warning: err instanceof Error ? err.message : String(err) }),
);

/** Documents per message: storage starts on a file's first documents while the rest are still being parsed. */
const BATCH = 50;

/** Worker side of the parse pool: one request at a time, streamed back as head, batches of documents, end (or error). */
interface Request {
  id: number;
  bytes: Uint8Array;
  path: string;
  name: string;
}

const post = (reply: WorkerReply, transfer: ArrayBuffer[] = []) => parentPort?.postMessage(reply, transfer);

parentPort?.on('message', (req: Request) => {
  const input = { bytes: Buffer.from(req.bytes.buffer, req.bytes.byteOffset, req.bytes.byteLength), path: req.path, name: req.name };
  let batch: Uint8Array[] = [];
  let found: ImportedEntity[] = [];
  let marks: number[] = [];
  let parsed = 0;
  const flush = () => {
    if (batch.length === 0 && found.length === 0) return;
    post(
      { id: req.id, kind: 'documents', documents: batch, entities: found, marks },
      batch.map((b) => b.buffer as ArrayBuffer),
    );
    batch = [];
    found = [];
    marks = [];
  };
  parser
    .stream(
      input,
      {
        head: (file) => post({ id: req.id, kind: 'head', file }),
        document: (d, entities) => {
          batch.push(packDocument(d));
          parsed++;
          for (const e of entities) {
            found.push(e);
            marks.push(parsed);
          }
          if (batch.length >= BATCH) flush();
        },
      },
      { leaveExtraction },
    )
    .then(
      () => {
        flush();
        post({ id: req.id, kind: 'end' });
      },
      (err: unknown) =>
        post({
          id: req.id,
          kind: 'error',
          error: isDeclassError(err)
            ? { code: err.code, status: err.status, message: err.message }
            : { code: 'ingest.internal', status: 500, message: `${req.path}: ${err instanceof Error ? err.message : String(err)}` },
        }),
    );
});
