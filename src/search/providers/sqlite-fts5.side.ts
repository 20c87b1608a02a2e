import fs from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';

/**
 * A second read-only connection to an on-disk SQLite archive, in a thread of its own, for work a search can do
 * while its own thread does something else (sqlite-fts5.ts: a first search lists half its matches there, or
 * scores its likely first tier, while it lists its matches). better-sqlite3 blocks the thread that calls it, so two statements only overlap on
 * two connections in two threads; the second core of a small machine is otherwise idle during a single search.
 *
 * One statement at a time: a caller asks only when `idle`, so a statement never waits behind another.
 */
export interface SideReader {
  /** Its thread started, connected and running no statement: one asked for now starts at once. */
  readonly idle: boolean;
  /** Starts its thread (otherwise started by the first `all`, which then gets null: nothing waits for a thread to start). */
  warm(): void;
  /**
   * Runs a read-only statement; its rows, and the search generation read in the same snapshot (the caller drops
   * rows of another generation than its in-memory index). Never rejects: null when the statement or the thread
   * failed.
   */
  all<T>(query: { sql: string; parameters: readonly unknown[] }): Promise<{ generation: number; rows: T[] } | null>;
  /**
   * Runs a statement whose first row's `ids` column is a key list as `matchKeys` reads it (sqlite-fts5.rank.ts); the
   * keys are parsed in the thread and handed over without a copy. Never rejects: null on failure.
   */
  keys(query: { sql: string; parameters: readonly unknown[] }): Promise<{ generation: number; keys: Uint32Array } | null>;
  close(): Promise<void>;
}

export interface SideRequest {
  id: number;
  sql: string;
  params: readonly unknown[];
  /** The rows (`all`), or the first row's key list parsed (`keys`). */
  want: 'rows' | 'keys';
}
export type SideReply =
  | { id: number; generation: number; rows: unknown[] }
  | { id: number; generation: number; keys: Uint32Array }
  | { id: number; error: string }
  | { ready: true };

/**
 * A side reader for the archive at `file`, its thread started on first use; null where it cannot run (an
 * in-memory database, or sources run without the compiled worker, as under vitest).
 */
export function createSideReader(
  file: string,
  /** Whether a core is free for it now (by default: over the last quarter second, `spareCore`). */
  spare: () => boolean = spareCore(),
): SideReader | null {
  if (file === ':memory:' || file === '') return null;
  const script = new URL('./sqlite-fts5.side.worker.js', import.meta.url);
  if (!fs.existsSync(fileURLToPath(script))) return null;
  let worker: Worker | null = null;
  let port: MessagePort | null = null;
  let ready = false;
  let dead = false;
  let nextId = 1;
  const pending = new Map<number, (reply: SideReply | null) => void>();
  const failAll = () => {
    dead = true;
    port?.unref();
    for (const resolve of pending.values()) resolve(null);
    pending.clear();
  };
  const receive = (reply: SideReply) => {
    if ('ready' in reply) {
      ready = true;
      return;
    }
    const resolve = pending.get(reply.id);
    pending.delete(reply.id);
    if (pending.size === 0) port?.unref();
    resolve?.(reply);
  };
  const start = () => {
    // Replies come on a port of their own, which `idle` can drain at once: searches run one after another without
    // the event loop turning in between (better-sqlite3 is synchronous), and a reply that waits for it would leave
    // the reader looking busy.
    const channel = new MessageChannel();
    const w = new Worker(script, { workerData: { file, port: channel.port2 }, transferList: [channel.port2] });
    // A search server or a CLI command must not stay alive for it.
    w.unref();
    channel.port1.on('message', receive);
    channel.port1.unref();
    port = channel.port1;
    w.on('error', failAll);
    w.on('exit', failAll);
    return w;
  };
  const drain = () => {
    for (let m = port && receiveMessageOnPort(port); m; m = port && receiveMessageOnPort(port)) receive(m.message as SideReply);
  };
  const ask = (query: { sql: string; parameters: readonly unknown[] }, want: SideRequest['want']): Promise<SideReply | null> => {
    if (!dead) worker ??= start();
    if (!ready || dead || !worker) return Promise.resolve(null);
    const id = nextId++;
    const reply = new Promise<SideReply | null>((resolve) => pending.set(id, resolve));
    // Waited for, a reply keeps the process alive (the port is unreferenced otherwise).
    port?.ref();
    worker.postMessage({ id, sql: query.sql, params: query.parameters, want } satisfies SideRequest);
    return reply;
  };
  return {
    get idle() {
      drain();
      return ready && !dead && pending.size === 0 && spare();
    },
    warm() {
      if (!dead) worker ??= start();
    },
    async all<T>(query: { sql: string; parameters: readonly unknown[] }) {
      const r = await ask(query, 'rows');
      return r && 'rows' in r ? { generation: r.generation, rows: r.rows as T[] } : null;
    },
    async keys(query: { sql: string; parameters: readonly unknown[] }) {
      const r = await ask(query, 'keys');
      return r && 'keys' in r ? { generation: r.generation, keys: r.keys } : null;
    },
    async close() {
      dead = true;
      const w = worker;
      worker = null;
      port?.close();
      port = null;
      if (w) await w.terminate();
    },
  };
}

/**
 * Whether the machine has a core to spare: over the last quarter second (sampled when asked, no timer), what other
 * processes kept busy left at least one core and a half free for this one (its own threads, this search and its side
 * statement, do not count against it). A server under load keeps every core busy with requests: there a second
 * statement per search would only take a core from another request. A single core never has one to spare.
 */
export function spareCore(windowMs = 250): () => boolean {
  const cores = os.cpus().length;
  const sample = () => {
    let busy = 0;
    for (const c of os.cpus()) busy += c.times.user + c.times.nice + c.times.sys + c.times.irq;
    const own = process.cpuUsage();
    return { at: performance.now(), busy, own: (own.user + own.system) / 1000 };
  };
  let last = sample();
  let answer = cores >= 2;
  return () => {
    const now = performance.now();
    if (now - last.at < windowMs || cores < 2) return answer;
    const s = sample();
    // Other processes' use, in cores, over the window.
    const others = (s.busy - last.busy - (s.own - last.own)) / (s.at - last.at);
    answer = others <= cores - 1.5;
    last = s;
    return answer;
  };
}
