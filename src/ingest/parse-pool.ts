import fs from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { DeclassError } from '../shared/errors.js';
import type { ImportedEntity, ImportInput } from './importers/importer.js';
import type { InputLimits } from './importers/limits.js';
import {
  createParser,
  createStreamedFile,
  ParseBacklog,
  type AuthoritySource,
  type FileHead,
  type ParseFn,
  type ParsedFile,
  type StreamedFile,
} from './parse.js';

export interface ParsePool {
  parse: ParseFn;
  /** Resolves when every worker has loaded what parsing needs (the gazetteer). */
  ready(): Promise<void>;
  /** Worker threads in use (0: parsing runs on the calling thread). */
  size: number;
  close(): Promise<void>;
}

/**
 * Worker heap limits keep a long batch's peak RSS low (V8 otherwise lets a
 * busy parser's heap grow far past what it keeps alive). A file too big for
 * them kills the worker with ERR_WORKER_OUT_OF_MEMORY; that file is then
 * parsed on the calling thread, without the limits, and a fresh worker is started.
 */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 96 };

/** What a parse worker sends: ready once; then per file its head, batches of documents, and the end or an error. */
export type WorkerReply =
  | { id: number; kind: 'head'; file: FileHead }
  | { id: number; kind: 'documents'; documents: Uint8Array[]; entities: ImportedEntity[]; marks: number[] }
  | { id: number; kind: 'end' }
  | { id: number; kind: 'error'; error: { code: string; status: number; message: string } };
type Reply = { ready: true; warning?: string } | WorkerReply;

/** A file sent to a worker: waiting for its head, then streaming in. */
interface Pending {
  input: ImportInput;
  resolve: (p: ParsedFile) => void;
  reject: (e: unknown) => void;
  stream: StreamedFile | null;
}

/**
 * Parses files in worker threads so that parsing and extraction (CPU) overlap
 * with storing (the database, on the main thread). One worker per core beyond
 * the first. Falls back to the calling thread where no compiled worker script
 * exists (running from TypeScript sources under a test runner).
 */
export function createParsePool(opts: { size?: number; authority?: AuthoritySource | null; limits?: InputLimits } = {}): ParsePool {
  const authority = opts.authority ?? null;
  const limits = opts.limits;
  const parser = createParser(authority, limits);
  const parseFile: ParseFn = (input) => parser.parse(input);
  const size = opts.size ?? Math.max(1, os.availableParallelism() - 1);
  const script = workerScript();
  if (size === 0 || !script) return { parse: parseFile, ready: () => parser.warm(), size: 0, close: () => Promise.resolve() };

  // Shared with the workers: how far they are ahead of storage (they leave the extractors to it when it is close behind).
  const backlog = new ParseBacklog();
  const workers: { worker: Worker; busy: number; ids: Set<number>; online: boolean; ready: Promise<void> }[] = [];
  const pending = new Map<number, Pending>();
  let nextId = 1;
  const spawn = () => {
    const worker = script.pathname.endsWith('.ts')
      ? // From sources (benchmarks under tsx): register tsx in the thread, then load the TypeScript worker.
        new Worker(`import('tsx/esm/api').then((api) => { api.register(); return import(${JSON.stringify(script.href)}); });`, {
          eval: true,
          resourceLimits: WORKER_LIMITS,
          workerData: { authority, limits, backlog: backlog.buffer },
        })
      : new Worker(script, { resourceLimits: WORKER_LIMITS, workerData: { authority, limits, backlog: backlog.buffer } });
    worker.unref();
    let markReady: () => void = () => undefined;
    const slot = { worker, busy: 0, ids: new Set<number>(), online: false, ready: new Promise<void>((r) => (markReady = r)) };
    worker.once('online', () => {
      slot.online = true;
    });
    worker.on('message', (reply: Reply) => {
      if ('ready' in reply) {
        if (reply.warning) process.emitWarning(`parser worker: ${reply.warning}`);
        markReady();
        return;
      }
      const p = pending.get(reply.id);
      if (!p) return;
      switch (reply.kind) {
        case 'head':
          p.stream = createStreamedFile(reply.file, p.input.name, (n) => backlog.read(n));
          p.resolve(p.stream); // storage starts now, while the rest is parsed
          return;
        case 'documents':
          p.stream?.push(reply.documents, reply.entities, reply.marks);
          return;
        case 'end':
        case 'error': {
          slot.busy--;
          slot.ids.delete(reply.id);
          pending.delete(reply.id);
          if (reply.kind === 'end') p.stream?.end();
          else if (p.stream) p.stream.fail(new DeclassError(reply.error));
          else p.reject(new DeclassError(reply.error));
          return;
        }
      }
    });
    worker.on('error', (err) => {
      const i = workers.indexOf(slot);
      if (i !== -1) workers.splice(i, 1);
      // A worker that ran and then died (out of memory on a huge file) is replaced; one that cannot start is not.
      if (slot.online) workers.push(spawn());
      // What it held is parsed here instead, so a file is never lost to a worker's death; a file already
      // streaming goes on from this parse where the worker's documents stop.
      for (const id of slot.ids) {
        const p = pending.get(id);
        pending.delete(id);
        if (!p) continue;
        const stream = p.stream;
        if (stream)
          parseFile(p.input).then(
            (whole) => stream.replaceWith(whole),
            (e: unknown) => stream.fail(e),
          );
        else parseFile(p.input).then(p.resolve, p.reject);
      }
      if (!slot.online) process.emitWarning(`parser worker could not start (${err.message}); parsing on the main thread`);
      markReady();
    });
    return slot;
  };
  for (let i = 0; i < size; i++) workers.push(spawn());

  return {
    size,
    async ready() {
      await Promise.all(workers.map((w) => w.ready));
    },
    parse(input) {
      if (workers.length === 0) return parseFile(input);
      const slot = workers.reduce((a, b) => (b.busy < a.busy ? b : a));
      const id = nextId++;
      slot.busy++;
      slot.ids.add(id);
      return new Promise<ParsedFile>((resolve, reject) => {
        pending.set(id, { input, resolve, reject, stream: null });
        slot.worker.postMessage({ id, bytes: input.bytes, path: input.path, name: input.name });
      });
    },
    async close() {
      await Promise.all(workers.map((w) => w.worker.terminate()));
    },
  };
}

function workerScript(): URL | null {
  const js = new URL('./parse.worker.js', import.meta.url);
  if (fs.existsSync(fileURLToPath(js))) return js;
  // Running from sources: a .ts worker works when a TypeScript loader (tsx) is registered for child threads.
  const ts = new URL('./parse.worker.ts', import.meta.url);
  const loader = process.execArgv.some((a) => a.includes('tsx'));
  return loader && fs.existsSync(fileURLToPath(ts)) ? ts : null;
}
