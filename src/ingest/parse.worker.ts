import { parentPort, workerData } from 'node:worker_threads';
import { isDeclassError } from '../shared/errors.js';
import type { InputLimits } from './importers/limits.js';
import { createParser, packDocument, type AuthoritySource } from './parse.js';

const data = workerData as { authority: AuthoritySource | null; limits?: InputLimits };
const parser = createParser(data.authority, data.limits);
// Start loading the gazetteer at once, while the main thread walks and reads files; say when ready.
parser.warm().then(
  () => parentPort?.postMessage({ ready: true }),
  (err: unknown) => parentPort?.postMessage({ ready: true, warning: err instanceof Error ? err.message : String(err) }),
);

/** Worker side of the parse pool: one request at a time, answered with the parsed file or a serialised error. */
interface Request {
  id: number;
  bytes: Uint8Array;
  path: string;
  name: string;
}

parentPort?.on('message', (req: Request) => {
  const input = { bytes: Buffer.from(req.bytes.buffer, req.bytes.byteOffset, req.bytes.byteLength), path: req.path, name: req.name };
  parser.parse(input, packDocument).then(
    (packed) => {
      parentPort?.postMessage(
        { id: req.id, ok: true, packed },
        packed.documents.map((b) => b.buffer as ArrayBuffer),
      );
    },
    (err: unknown) =>
      parentPort?.postMessage({
        id: req.id,
        ok: false,
        error: isDeclassError(err)
          ? { code: err.code, status: err.status, message: err.message }
          : { code: 'ingest.internal', status: 500, message: `${req.path}: ${err instanceof Error ? err.message : String(err)}` },
      }),
  );
});
