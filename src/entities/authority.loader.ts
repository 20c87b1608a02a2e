/**
 * File I/O for the authority: reads the HistoryAtState archives, builds `AuthorityData` once and caches the build as
 * JSON keyed by the archives' hash, so later loads only parse one compact file.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AUTHORITY_VERSION, AuthorityBuilder, PersonIndex, type AuthorityData } from './authority.js';
import { Gazetteer } from './gazetteer.js';
import { parseDatelinePlaces } from './places.js';
import { readTarGz } from './tar.js';

export interface AuthorityPaths {
  /** `corpus/historyatstate`. */
  historyDir: string;
  /** Where to keep the compact build; defaults to `<tmp>/declass-cache`. `null` disables the cache. */
  cacheDir?: string | null;
}

export function authorityFiles(historyDir: string) {
  return {
    people: path.join(historyDir, 'people', 'people-data.tar.gz'),
    pocom: path.join(historyDir, 'pocom', 'pocom-data.tar.gz'),
    presidents: path.join(historyDir, 'travels', 'presidents', 'presidents.xml'),
  };
}

function hashFiles(files: string[]): string {
  const h = createHash('sha256');
  h.update(`v${AUTHORITY_VERSION}\n`);
  for (const f of files) {
    h.update(fs.existsSync(f) ? fs.readFileSync(f) : Buffer.from(`missing:${path.basename(f)}`));
    h.update('\n');
  }
  return h.digest('hex').slice(0, 16);
}

/** Reads the archives (streaming, one small record at a time) into a compact build. */
export async function buildAuthority(historyDir: string): Promise<AuthorityData> {
  const files = authorityFiles(historyDir);
  const b = new AuthorityBuilder();
  if (fs.existsSync(files.people)) {
    for await (const e of readTarGz(files.people)) {
      if (/(^|\/)data\/.*\d+\.xml$/.test(e.path)) b.addPeopleRecord(e.data.toString('utf8'));
    }
  }
  if (fs.existsSync(files.pocom)) {
    for await (const e of readTarGz(files.pocom)) {
      const xml = () => e.data.toString('utf8');
      if (/(^|\/)people\/[^/]+\/[^/]+\.xml$/.test(e.path)) b.addPocomPerson(xml());
      else if (/(^|\/)positions-principals\/[^/]+\.xml$/.test(e.path)) b.addPrincipalPosition(xml());
      else if (/(^|\/)missions-countries\/[^/]+\.xml$/.test(e.path)) b.addCountryMission(xml());
      else if (/(^|\/)missions-orgs\/[^/]+\.xml$/.test(e.path)) b.addOrgMission(xml());
    }
  }
  if (fs.existsSync(files.presidents)) b.addPresidents(fs.readFileSync(files.presidents, 'utf8'));
  return b.build();
}

/** The authority build, from the cache when the archives are unchanged. */
export async function loadAuthority(opts: AuthorityPaths): Promise<AuthorityData> {
  const files = authorityFiles(opts.historyDir);
  const cacheDir = opts.cacheDir === undefined ? path.join(os.tmpdir(), 'declass-cache') : opts.cacheDir;
  const cacheFile = cacheDir ? path.join(cacheDir, `authority-${hashFiles(Object.values(files))}.json`) : null;
  if (cacheFile && fs.existsSync(cacheFile)) {
    try {
      const data = JSON.parse(fs.readFileSync(cacheFile, 'utf8')) as AuthorityData;
      if (data.version === AUTHORITY_VERSION) return data;
    } catch {
      // A damaged cache is rebuilt below.
    }
  }
  const data = await buildAuthority(opts.historyDir);
  if (cacheFile) {
    fs.mkdirSync(path.dirname(cacheFile), { recursive: true });
    const tmp = `${cacheFile}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(data));
    fs.renameSync(tmp, cacheFile);
  }
  return data;
}

/** The dateline place names of the FRUS dates project, if present. */
export function loadDatelinePlaces(corpusDir: string): string[] {
  const f = path.join(corpusDir, 'frus-dates-project', 'processing', 'dateline-placeName-distinct.txt');
  return fs.existsSync(f) ? parseDatelinePlaces(fs.readFileSync(f, 'utf8')) : [];
}

/** Everything `extractEntities` needs, from a corpus folder (`historyatstate/`, `frus-dates-project/`). */
export async function loadGazetteer(opts: { corpusDir: string; cacheDir?: string | null }): Promise<Gazetteer> {
  const data = await loadAuthority({ historyDir: path.join(opts.corpusDir, 'historyatstate'), cacheDir: opts.cacheDir });
  return new Gazetteer(new PersonIndex(data), loadDatelinePlaces(opts.corpusDir));
}
