import fs from 'node:fs';
import path from 'node:path';

export type WalkEntry =
  { kind: 'file'; path: string } | { kind: 'skipped'; path: string; message: string } | { kind: 'error'; path: string; message: string };

/**
 * Files that document a data package rather than being records of it
 * (README, LICENSE, …). Found inside a folder they are skipped, and said so;
 * named explicitly on the command line they are ingested like any file.
 */
const PACKAGE_DOC = /^(readme|license|licence|copying|rights|sources|changelog|manifest)(\.[\w.-]+)?$/i;

/**
 * Expands files and folders (recursively, in a stable sorted order) into the
 * files to ingest. Hidden entries (".DS_Store", ".git") are skipped. A path
 * that cannot be read becomes an error entry so the batch can go on.
 */
export async function walkPaths(inputs: readonly string[]): Promise<WalkEntry[]> {
  const out: WalkEntry[] = [];
  const visit = async (p: string, explicit: boolean): Promise<void> => {
    let st: fs.Stats;
    try {
      st = await fs.promises.stat(p);
    } catch (err) {
      out.push({ kind: 'error', path: p, message: `${p}: cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})` });
      return;
    }
    if (st.isDirectory()) {
      let names: string[];
      try {
        names = await fs.promises.readdir(p);
      } catch (err) {
        out.push({
          kind: 'error',
          path: p,
          message: `${p}: folder cannot be listed (${(err as NodeJS.ErrnoException).code ?? String(err)})`,
        });
        return;
      }
      names.sort();
      for (const name of names) {
        if (name.startsWith('.')) continue;
        await visit(path.join(p, name), false);
      }
    } else if (st.isFile()) {
      if (!explicit && PACKAGE_DOC.test(path.basename(p))) {
        out.push({
          kind: 'skipped',
          path: p,
          message: `${p}: skipped, a package documentation file (README, LICENSE, …), not a record; name it explicitly to ingest it`,
        });
      } else {
        out.push({ kind: 'file', path: p });
      }
    }
  };
  for (const p of inputs) await visit(p, true);
  return out;
}
