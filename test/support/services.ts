import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createServices, type Services } from '../../src/app/services.js';
import { loadConfig } from '../../src/config/config.js';

export const repoRoot = path.resolve(import.meta.dirname, '..', '..');

/** The shared corpus (real records), if present beside the checkout. */
export const corpusDir = path.resolve(process.env.DECLASS_CORPUS ?? path.join(repoRoot, '..', 'shared', 'corpus'));
export const hasCorpus = fs.existsSync(path.join(corpusDir, 'frus-tei'));
export const NO_CORPUS = `corpus not found at ${corpusDir} (set DECLASS_CORPUS)`;

const made: string[] = [];

/** Removes the temporary folders made so far (test/support/cleanup.ts runs it after each test file). */
export function removeTempDirs(): void {
  for (const dir of made.splice(0)) {
    try {
      fs.rmSync(dir, { recursive: true, force: true });
    } catch {
      // A server still shutting down may hold a file; the OS temp folder takes care of the rest.
    }
  }
}

export function tempDir(prefix = 'declass-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/**
 * A fresh archive in a temporary data folder. Entity linking against the
 * Office of the Historian authority is off unless `linkEntities` (loading it
 * costs time that most tests do not need).
 */
export async function createTestServices(
  overrides: {
    maxFileBytes?: number;
    maxImagePixels?: number;
    maxPdfPages?: number;
    ocrTimeoutMs?: number;
    linkEntities?: boolean;
  } = {},
): Promise<Services & { dataDir: string }> {
  const dataDir = tempDir();
  const { linkEntities, ...config } = overrides;
  const services = await createServices(loadConfig({ dataDir, ...config }), linkEntities ? {} : { authority: null });
  return Object.assign(services, { dataDir });
}

/** Writes files (name → content) into a new temporary folder and returns it. */
export function writeFixtureDir(files: Record<string, string | Uint8Array>): string {
  const dir = tempDir('declass-fixture-');
  for (const [name, content] of Object.entries(files)) {
    const p = path.join(dir, name);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, content);
  }
  return dir;
}
