import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it, expect } from 'vitest';
import { loadGazetteer } from './authority.loader.js';
import { extractEntities } from './extract.js';
import { readTarGz } from './tar.js';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const corpus = path.resolve(process.env.DECLASS_CORPUS ?? path.join(repoRoot, '..', 'shared', 'corpus'));
const hasAuthority = fs.existsSync(path.join(corpus, 'historyatstate', 'pocom', 'pocom-data.tar.gz'));
const reason = `HistoryAtState data not found under ${corpus} (set DECLASS_CORPUS)`;

describe.skipIf(!hasAuthority)(`authority from the real HistoryAtState data${hasAuthority ? '' : ` (skipped: ${reason})`}`, () => {
  // The build is cached in the temp folder keyed by the archives' hash: only the first run reads the archives.
  const cacheDir = path.join(os.tmpdir(), 'declass-cache');

  it('resolves the pocom sample offices on a 1995 date (fictional text)', async () => {
    const gazetteer = await loadGazetteer({ corpusDir: corpus, cacheDir });
    expect(gazetteer.persons.persons.length).toBeGreaterThan(16_000);
    const text =
      'MEMORANDUM OF CONVERSATION\nThe Secretary and the Deputy Secretary met the Ambassador in Russia. The President joined; Yeltsin was in Moscow.';
    const ms = extractEntities(text, { gazetteer, date: '1995-07-19' });
    const name = (t: string) => ms.find((m) => m.text === t)?.name;
    expect(name('The Secretary')).toBe('Warren Minor Christopher');
    expect(name('the Deputy Secretary')).toMatch(/^Strobe Talbott/);
    expect(name('the Ambassador in Russia')).toBe('Thomas Reeve Pickering');
    expect(name('The President')).toMatch(/Clinton/);
    expect(ms.find((m) => m.text === 'The Secretary')?.authorityKey).toBe('hsg-people:102547');
    // Ten years earlier the same words name other people.
    const earlier = extractEntities(text, { gazetteer, date: '1985-07-19' });
    expect(earlier.find((m) => m.text === 'The Secretary')?.name).toMatch(/Shultz/);
  });

  it('matches name variants of the people data', async () => {
    const gazetteer = await loadGazetteer({ corpusDir: corpus, cacheDir });
    const ms = extractEntities('Warren M. Christopher met Strobe Talbott and Madeleine Albright.', { gazetteer, date: '1995-07-19' });
    expect(ms.map((m) => m.authorityKey)).toEqual(['hsg-people:102547', 'hsg-people:113324', expect.stringMatching(/^hsg-people:/)]);
  });

  it('reads the tar archive entry by entry', async () => {
    let n = 0;
    for await (const e of readTarGz(path.join(corpus, 'historyatstate', 'pocom', 'pocom-data.tar.gz'))) {
      if (e.path.endsWith('positions-principals/deputy-secretary.xml'))
        expect(e.data.toString('utf8')).toContain('Deputy Secretary of State');
      n++;
    }
    expect(n).toBeGreaterThan(4_000);
  });
});
