/**
 * Fingerprints the entity extractor's output over the FRUS TEI volumes, so a change meant to be output-neutral (a
 * speed-up) can be checked: run before and after, and compare the files.
 *
 *   npx tsx scripts/entities-fingerprint.ts [out-file]              (default /tmp/declass-entities-fingerprint.txt)
 *   npx tsx scripts/entities-fingerprint.ts out-file --compare base  (exit 1 when they differ, with the first differences)
 *
 * Per document: the sha256 of the JSON of what `entityMentionsFor` returns in the ingest (the same persons list and
 * the same growing entity list as `createParser`), and of `extractEntities` on the joined text with neither a date
 * nor a persons list (the paths the ingest seldom takes). Then totals and one hash over everything.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { loadGazetteer } from '../src/entities/authority.loader.js';
import { extractEntities } from '../src/entities/extract.js';
import { PAGE_JOIN } from '../src/ingest/enrich.js';
import { entityMentionsFor } from '../src/ingest/entities.js';
import { teiImporter } from '../src/ingest/importers/tei.js';

const corpus = '/work/shared/corpus';
const args = process.argv.slice(2);
const compareAt = args.indexOf('--compare');
const base = compareAt >= 0 ? args[compareAt + 1] : undefined;
const out = args.find((a, i) => !a.startsWith('--') && (compareAt < 0 || i !== compareAt + 1)) ?? '/tmp/declass-entities-fingerprint.txt';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const files = ['frus-tei', 'frus-tei-more'].flatMap((d) =>
  fs
    .readdirSync(path.join(corpus, d))
    .filter((f) => f.endsWith('.xml'))
    .sort()
    .map((f) => path.join(corpus, d, f)),
);

const g = await loadGazetteer({ corpusDir: corpus });
const lines: string[] = [];
const all = createHash('sha256');
let docs = 0;
let mentions = 0;
let linked = 0;
let entities = 0;
let raw = 0;
for (const file of files) {
  const result = await teiImporter({ bytes: fs.readFileSync(file), path: file, name: path.basename(file) });
  // As createParser does: the declared list is the file's entity list, which grows as authority records are added.
  const declared = result.entities;
  const known = new Set(declared.map((e) => `${e.kind}|${e.authorityKey}`));
  for (const d of result.documents) {
    const found = entityMentionsFor(d, { gazetteer: g, personsList: declared });
    for (const e of found.entities) {
      const key = `${e.kind}|${e.authorityKey}`;
      if (!known.has(key)) {
        known.add(key);
        result.entities.push(e);
      }
    }
    const bare = extractEntities(d.pages.map((p) => p.text).join(PAGE_JOIN), { gazetteer: g });
    const json = JSON.stringify(found);
    const bareJson = JSON.stringify(bare);
    all.update(json).update('\n').update(bareJson).update('\n');
    docs++;
    mentions += found.mentions.length;
    linked += found.mentions.filter((m) => m.authorityKey).length;
    entities += found.entities.length;
    raw += bare.length;
    lines.push(
      `${path.basename(file)} ${d.sourceKey} ${found.mentions.length} ${sha(json).slice(0, 16)} ${bare.length} ${sha(bareJson).slice(0, 16)}`,
    );
  }
}
lines.push(`total docs=${docs} mentions=${mentions} linked=${linked} entities=${entities} bare=${raw} sha256=${all.digest('hex')}`);
fs.writeFileSync(out, `${lines.join('\n')}\n`);
console.log(lines[lines.length - 1]);
console.log(`written ${out}`);

if (base) {
  const want = fs.readFileSync(base, 'utf8').split('\n');
  const diffs = lines.filter((l, i) => l !== want[i]);
  if (diffs.length === 0 && want.length === lines.length + 1) console.log(`identical to ${base}`);
  else {
    console.log(`DIFFERENT from ${base}: ${diffs.length} lines, first:\n${diffs.slice(0, 10).join('\n')}`);
    process.exitCode = 1;
  }
}
