import { parentPort, workerData } from 'node:worker_threads';
import SQLite from 'better-sqlite3';
import type { SideReply, SideRequest } from './sqlite-fts5.side.js';

/**
 * The side reader's thread (sqlite-fts5.side.ts): a read-only connection to the archive that runs one statement at a
 * time and answers with its rows and the search generation read in the same snapshot.
 */
const { file } = workerData as { file: string };
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

parentPort!.postMessage({ ready: true } satisfies SideReply);
parentPort!.on('message', (req: SideRequest) => {
  let reply: SideReply;
  try {
    reply = { id: req.id, ...read(req.sql, req.params) };
  } catch (err) {
    reply = { id: req.id, error: err instanceof Error ? err.message : String(err) };
  }
  parentPort!.postMessage(reply);
});
