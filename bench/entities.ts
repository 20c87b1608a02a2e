/**
 * Entity extraction speed over the FRUS TEI volumes (frus-tei/ and frus-tei-more/): warm milliseconds per document
 * of `entityMentionsFor` (what the ingest runs per document), TEI parsing and gazetteer loading excluded.
 *
 *   npx tsx bench/entities.ts                     this checkout, and the extractor before the speed-up (BASELINE)
 *   npx tsx bench/entities.ts --baseline <ref>    …against another git revision
 *   npx tsx bench/entities.ts --baseline none     this checkout only
 *   npx tsx bench/entities.ts --passes 10         timed passes over the corpus (default 5; the best one is reported)
 *
 * The baseline's src/ is taken from git (`git archive`) into a temporary folder and imported from there, so both
 * versions run in one process on the same documents; their outputs are compared document by document.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type * as loaderModule from '../src/entities/authority.loader.js';
import type * as entitiesModule from '../src/ingest/entities.js';
import { teiImporter } from '../src/ingest/importers/tei.js';
import type { ImportedDocument, ImportedEntity } from '../src/ingest/importers/importer.js';
import { corpusDir, listFiles, repoRoot, tempDir } from './support.js';

/** The last commit with the original extractor. */
const BASELINE = '5fcfcab';

type EntitiesModule = typeof entitiesModule;
type LoaderModule = typeof loaderModule;
type Gazetteer = Awaited<ReturnType<LoaderModule['loadGazetteer']>>;

interface Impl {
  entityMentionsFor: EntitiesModule['entityMentionsFor'];
  gazetteer: Gazetteer;
}

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const baselineRef = arg('--baseline') ?? BASELINE;
const passes = Number(arg('--passes') ?? 5);

async function load(srcDir: string): Promise<Impl> {
  // TypeScript sources under tsx, or the compiled JavaScript (npm run bench builds to .bench/).
  const ext = fs.existsSync(path.join(srcDir, 'ingest', 'entities.ts')) ? 'ts' : 'js';
  const url = (p: string) => pathToFileURL(path.join(srcDir, `${p}.${ext}`)).href;
  const entities = (await import(url('ingest/entities'))) as EntitiesModule;
  const loader = (await import(url('entities/authority.loader'))) as LoaderModule;
  const gazetteer = await loader.loadGazetteer({ corpusDir });
  return { entityMentionsFor: entities.entityMentionsFor, gazetteer };
}

/** The src/ folder of a git revision, extracted to a temporary folder. */
function checkoutSrc(ref: string): string {
  const dir = tempDir('declass-bench-entities-');
  const tar = execFileSync('git', ['-C', repoRoot, 'archive', '--format=tar', ref, 'src'], { maxBuffer: 1 << 30 });
  execFileSync('tar', ['-x', '-C', dir], { input: tar });
  fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(dir, 'node_modules'));
  return path.join(dir, 'src');
}

interface Volume {
  entities: ImportedEntity[];
  documents: ImportedDocument[];
}

const files = [...listFiles(path.join(corpusDir, 'frus-tei'), '.xml'), ...listFiles(path.join(corpusDir, 'frus-tei-more'), '.xml')];
const volumes: Volume[] = [];
for (const f of arg('--run') ? files : []) {
  const r = await teiImporter({ bytes: fs.readFileSync(f), path: f, name: path.basename(f) });
  volumes.push({ entities: r.entities, documents: r.documents });
}
const docCount = volumes.reduce((n, v) => n + v.documents.length, 0);

/** One pass over every document: wall and CPU milliseconds, and (when asked) each document's output as JSON. */
function pass(impl: Impl, keep: boolean): { wall: number; cpu: number; outputs: string[] } {
  const outputs: string[] = [];
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  for (const v of volumes) {
    for (const d of v.documents) {
      const r = impl.entityMentionsFor(d, { gazetteer: impl.gazetteer, personsList: v.entities });
      if (keep) outputs.push(JSON.stringify(r));
    }
  }
  const c = process.cpuUsage(c0);
  return { wall: performance.now() - t0, cpu: (c.user + c.system) / 1000, outputs };
}

/** Best and median of a series, per document. */
interface Stat {
  best: number;
  median: number;
}
const stat = (xs: number[]): Stat => {
  const s = [...xs].sort((a, b) => a - b);
  return { best: s[0]! / docCount, median: s[Math.floor(s.length / 2)]! / docCount };
};

interface Result {
  docs: number;
  wall: Stat;
  cpu: Stat;
  hashes: string[];
}

function measure(impl: Impl): Result {
  const { outputs } = pass(impl, true); // warm-up, and the output to compare
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < passes; i++) {
    const r = pass(impl, false);
    wall.push(r.wall);
    cpu.push(r.cpu);
  }
  const hashes = outputs.map((o) => createHash('sha256').update(o).digest('hex').slice(0, 16));
  return { docs: docCount, wall: stat(wall), cpu: stat(cpu), hashes };
}

const runDir = arg('--run');
if (runDir) {
  // Child: measure one version, print the result as JSON.
  console.log(JSON.stringify(measure(await load(runDir))));
} else {
  // Each version in its own process, so neither inherits the other's heap or JIT state.
  const versions: { label: string; src: string }[] = [];
  if (baselineRef !== 'none') versions.push({ label: `baseline (${baselineRef})`, src: checkoutSrc(baselineRef) });
  versions.push({ label: 'this checkout', src: path.join(repoRoot, 'src') });
  console.log(`${files.length} FRUS TEI volumes, ${passes} warm passes each; ms per document (best / median of the passes):`);
  const f = (x: Stat) => `${x.best.toFixed(4)} / ${x.median.toFixed(4)}`;
  const results = versions.map((v) => {
    const script = fileURLToPath(import.meta.url);
    const out = execFileSync(process.execPath, [...process.execArgv, script, '--run', v.src, '--passes', String(passes)], {
      encoding: 'utf8',
      maxBuffer: 1 << 28,
    });
    const r = JSON.parse(out.trim().split('\n').pop()!) as Result;
    console.log(`  ${v.label.padEnd(22)} wall ${f(r.wall)}   CPU ${f(r.cpu)}   (${r.docs} documents)`);
    return r;
  });
  if (results.length === 2) {
    const [before, after] = results as [Result, Result];
    const x = (a: number, b: number) => `×${(a / b).toFixed(1)}`;
    console.log(
      `  speed-up: wall ${x(before.wall.best, after.wall.best)} / ${x(before.wall.median, after.wall.median)}` +
        `   CPU ${x(before.cpu.best, after.cpu.best)} / ${x(before.cpu.median, after.cpu.median)}`,
    );
    const differ = before.hashes.filter((h, i) => h !== after.hashes[i]).length;
    console.log(`  output: ${differ === 0 ? 'identical for every document' : `DIFFERENT for ${differ} documents`}`);
    if (differ) process.exitCode = 1;
  }
}
