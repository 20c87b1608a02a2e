import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { repoRoot, tempDir } from '../../test/support/services.js';
import { createFsBlobStore, sha256Hex } from './blobs.js';

const run = promisify(execFile);

function allFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? allFiles(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

describe('fs blob store', () => {
  it('stores by sha256, idempotently, and refuses keys that are not digests', async () => {
    const store = createFsBlobStore({ root: tempDir() });
    const key = await store.put(Buffer.from('original record'));
    expect(key).toBe(sha256Hex(Buffer.from('original record')));
    expect(await store.put(Buffer.from('original record'))).toBe(key);
    expect((await store.get(key)).toString()).toBe('original record');
    expect(await store.has(key)).toBe(true);
    expect(() => store.pathOf('../../etc/passwd')).toThrow();
  });

  it('several processes writing to one shared folder at once leave only whole, correct blobs', async () => {
    const root = tempDir('declass-blobs-');
    const writers = [1, 2, 3, 4].map((seed) =>
      run(
        process.execPath,
        ['--import', 'tsx', path.join(repoRoot, 'test', 'fixtures', 'scripts', 'blob-writer.ts'), root, '25', String(seed)],
        { cwd: repoRoot },
      ),
    );
    await Promise.all(writers);
    const files = allFiles(root);
    expect(files.filter((f) => f.endsWith('.tmp'))).toEqual([]);
    // 25 shared blobs + 25 per writer.
    expect(files).toHaveLength(25 + 4 * 25);
    for (const f of files) expect(sha256Hex(fs.readFileSync(f))).toBe(path.basename(f));
  });
});
