import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import SQLite from 'better-sqlite3';
import { parseKeys } from '../search.keys.js';
import type { SideReply, SideRequest } from './sqlite-fts5.side.js';

/**
 * The side reader's thread (sqlite-fts5.side.ts): a read-only connection to the archive that runs one statement at a
 * time and answers with its rows and the search generation read in the same snapshot.
 */
const { file, port } = workerData as { file: string; port: MessagePort };
const db = new SQLite(file, { readonly: true, fileMustExist: true });
db.pragma('busy_timeout = 5000');
const generation = db.prepare('SELECT generation FROM search_state WHERE id = 1').pluck();
const statements = new Map<string, SQLite.Statement>();
const statement = (text: string) => {
  let s = statements.get(text);
  if (!s) {
    s = db.prepare(text);
    if (!s.reader) throw new Error('the side reader only runs statements that return rows');
    statements.set(text, s);
    if (statements.size > 16) statements.delete(statements.keys().next().value!);
  }
  return s;
};
// One read transaction: the rows and the generation come from the same snapshot of the archive.
const read = db.transaction((text: string, params: readonly unknown[]) => ({
  generation: Number(generation.get() ?? 0),
  rows: statement(text).all(...params),
}));

function answer(req: SideRequest): SideReply {
  const { generation, rows } = read(req.sql, req.params);
  if (req.want === 'rows') return { id: req.id, generation, rows };
  const ids = (rows[0] as { ids?: Uint8Array | null } | undefined)?.ids;
  return { id: req.id, generation, keys: parseKeys(ids ?? new Uint8Array(0)) };
}

port.postMessage({ ready: true } satisfies SideReply);
parentPort!.on('message', (req: SideRequest) => {
  let reply: SideReply;
  try {
    reply = answer(req);
  } catch (err) {
    reply = { id: req.id, error: err instanceof Error ? err.message : String(err) };
  }
  // A key list is moved to the other thread, not copied.
  port.postMessage(reply, 'keys' in reply ? [reply.keys.buffer as ArrayBuffer] : []);
});
