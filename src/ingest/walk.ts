import fs from 'node:fs';
import path from 'node:path';

export type WalkEntry = { kind: 'file'; path: string } | { kind: 'error'; path: string; message: string };

/**
 * Expands files and folders (recursively, in a stable sorted order) into the
 * files to ingest. Hidden entries (".DS_Store", ".git") are skipped. A path
 * that cannot be read becomes an error entry so the batch can go on.
 */
export async function walkPaths(inputs: readonly string[]): Promise<WalkEntry[]> {
  const out: WalkEntry[] = [];
  const visit = async (p: string): Promise<void> => {
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
        await visit(path.join(p, name));
      }
    } else if (st.isFile()) {
      out.push({ kind: 'file', path: p });
    }
  };
  for (const p of inputs) await visit(p);
  return out;
}
