import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** Content-addressed store of original files. Keys are sha256 hex digests. */
export interface BlobStore {
  /** Stores bytes under their sha256 (idempotent) and returns the key. */
  put(bytes: Uint8Array, sha256?: string): Promise<string>;
  get(key: string): Promise<Buffer>;
  has(key: string): Promise<boolean>;
  /** Filesystem path of a blob where the driver has one (for streaming downloads). */
  pathOf(key: string): string;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Blobs as files under `root/ab/cd/<sha256>`. Writes go to a temporary file in
 * the same folder and are renamed into place, so concurrent writers (several
 * processes sharing a folder) never leave a partial blob behind.
 */
export function createFsBlobStore({ root }: { root: string }): BlobStore {
  const pathOf = (key: string) => {
    if (!/^[0-9a-f]{64}$/.test(key)) throw new Error(`Invalid blob key: ${key}`);
    return path.join(root, key.slice(0, 2), key.slice(2, 4), key);
  };
  return {
    pathOf,
    async put(bytes, sha256) {
      const key = sha256 ?? sha256Hex(bytes);
      const target = pathOf(key);
      if (fs.existsSync(target)) return key;
      await fs.promises.mkdir(path.dirname(target), { recursive: true });
      const tmp = `${target}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
      await fs.promises.writeFile(tmp, bytes);
      await fs.promises.rename(tmp, target);
      return key;
    },
    async get(key) {
      return fs.promises.readFile(pathOf(key));
    },
    has(key) {
      return Promise.resolve(fs.existsSync(pathOf(key)));
    },
  };
}
