import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createServices } from '../../src/app/services.js';
import { loadConfig } from '../../src/config/config.js';
export const repoRoot = path.resolve(import.meta.dirname, '..', '..');
/** The shared corpus (real records), if present beside the checkout. */
export const corpusDir = path.resolve(process.env.DECLASS_CORPUS ?? path.join(repoRoot, '..', 'shared', 'corpus'));
export const hasCorpus = fs.existsSync(path.join(corpusDir, 'frus-tei'));
export const NO_CORPUS = `corpus not found at ${corpusDir} (set DECLASS_CORPUS)`;
export function tempDir(prefix = 'declass-test-') {
    return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}
/** A fresh archive in a temporary data folder. */
export async function createTestServices(overrides = {}) {
    const dataDir = tempDir();
    const services = await createServices(loadConfig({ dataDir, ...overrides }));
    return Object.assign(services, { dataDir });
}
/** Writes files (name → content) into a new temporary folder and returns it. */
export function writeFixtureDir(files) {
    const dir = tempDir('declass-fixture-');
    for (const [name, content] of Object.entries(files)) {
        const p = path.join(dir, name);
        fs.mkdirSync(path.dirname(p), { recursive: true });
        fs.writeFileSync(p, content);
    }
    return dir;
}
//# sourceMappingURL=services.js.map