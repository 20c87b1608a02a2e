import { afterAll, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../app/services.js';
import { loadConfig } from '../config/config.js';
import { exportRecords } from '../documents/documents.usecases.js';
import { ingestPaths } from '../ingest/ingest.usecases.js';
import { searchDocuments } from '../search/search.usecases.js';
import { ENGINES, createEngineServices } from '../../test/support/engines.js';
import { tempDir, writeFixtureDir } from '../../test/support/services.js';
import { copyArchive } from './copy.js';

const records = async (s: Services) => {
  const out = [];
  for await (const r of exportRecords(s.documents, true)) out.push(r);
  return JSON.stringify(out);
};

describe('moving an archive between engines', () => {
  const open: Services[] = [];
  afterAll(async () => {
    for (const s of open) await s.close();
  });

  for (const engine of ENGINES) {
    it.skipIf(!engine.available)(
      `sqlite → ${engine.name} → sqlite keeps every record, verified, and a rerun completes an interrupted copy`,
      async () => {
        const source = await createServices(loadConfig({ dataDir: tempDir(), database: null }), { authority: null });
        open.push(source);
        await ingestPaths(source.ingestDeps, {
          paths: [
            writeFixtureDir({
              'a.txt': 'SECRET\n\nAn example harbor record.\n\nMarch 1, 1962',
              'b.md': '# Example\n\nAnother harbor record.',
            }),
          ],
          collection: { slug: 'x', title: 'X', kind: 'release' },
          maxFileBytes: 1e9,
        });
        const middle = await createEngineServices(engine.name);
        open.push(middle);
        // An interrupted copy: only part of the data arrived.
        await middle.db
          .insertInto('collections')
          .values((await source.db.selectFrom('collections').selectAll().execute())[0]!)
          .execute();
        const report = await copyArchive({
          source: source.db,
          target: middle.db,
          targetEngine: middle.engine,
          targetSearch: middle.search,
        });
        expect(report.every((r) => r.match)).toBe(true);
        expect(report.find((r) => r.table === 'documents')?.target).toBe(2);
        expect(JSON.parse(await records(middle))).toEqual(JSON.parse(await records(source)));
        expect((await searchDocuments(middle, { query: 'harbor', limit: 5, offset: 0 })).total).toBe(2);
        // Inserting after the copy works: id sequences were moved on.
        await ingestPaths(middle.ingestDeps, {
          paths: [writeFixtureDir({ 'c.txt': 'A third harbor record.' })],
          collection: null,
          maxFileBytes: 1e9,
        });
        const back = await createServices(loadConfig({ dataDir: tempDir(), database: null }), { authority: null });
        open.push(back);
        const report2 = await copyArchive({ source: middle.db, target: back.db, targetEngine: back.engine, targetSearch: back.search });
        expect(report2.every((r) => r.match)).toBe(true);
        expect((await searchDocuments(back, { query: 'harbor', limit: 5, offset: 0 })).total).toBe(3);
      },
    );
  }
});
