/**
 * `npm run bench -- extract`: metadata and entity extraction throughput on one core, over the documents of the
 * FRUS TEI volumes (parsing and the gazetteer load are not timed). Prints one JSON line.
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadGazetteer } from '../src/entities/authority.loader.js';
import { extractFields } from '../src/ingest/enrich.js';
import { entityMentionsFor } from '../src/ingest/entities.js';
import { teiImporter } from '../src/ingest/importers/tei.js';
import type { ImportResult } from '../src/ingest/importers/importer.js';
import { corpusDir, listFiles, peakRssMb } from './support.js';

const volumes = [...listFiles(path.join(corpusDir, 'frus-tei'), '.xml'), ...listFiles(path.join(corpusDir, 'frus-tei-more'), '.xml')];
const results: ImportResult[] = [];
for (const v of volumes) results.push(await teiImporter({ bytes: fs.readFileSync(v), path: v, name: path.basename(v) }));
const gazetteer = await loadGazetteer({ corpusDir });
const docs = results.flatMap((r) => r.documents.map((d) => ({ d, entities: r.entities })));
// One warm-up pass (JIT, per-volume caches), then the timed pass.
for (const pass of ['warm', 'timed'] as const) {
  let fieldsMs = 0;
  let entitiesMs = 0;
  for (const { d, entities } of docs) {
    const t0 = performance.now();
    extractFields(d);
    const t1 = performance.now();
    entityMentionsFor(d, { gazetteer, personsList: entities });
    entitiesMs += performance.now() - t1;
    fieldsMs += t1 - t0;
  }
  if (pass === 'timed') {
    const seconds = (fieldsMs + entitiesMs) / 1000;
    process.stdout.write(
      JSON.stringify({
        documents: docs.length,
        fieldsMsPerDoc: fieldsMs / docs.length,
        entitiesMsPerDoc: entitiesMs / docs.length,
        docsPerSecond: docs.length / seconds,
        peakRssMb: peakRssMb(),
      }) + '\n',
    );
  }
}
