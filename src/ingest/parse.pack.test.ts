import fs from 'node:fs';
import { MessageChannel } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { DeclassError } from '../shared/errors.js';
import type { ImportedEntity } from './importers/importer.js';
import type { createParsePool as createPool } from './parse-pool.js';
import {
  createParser,
  createStreamedFile,
  FoundEntities,
  inMemory,
  packDocument,
  ParseBacklog,
  type FileHead,
  type ParsedFile,
} from './parse.js';

const volume = (n: number) =>
  `<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="frus-example-v01">
  <teiHeader><fileDesc><titleStmt><title type="complete">Example Relations (fictional), Volume I</title></titleStmt>
  <publicationStmt><idno type="frus">frus-example-v01</idno></publicationStmt><sourceDesc><p>Written for a test.</p></sourceDesc></fileDesc></teiHeader>
  <text><body><div type="chapter">${Array.from(
    { length: n },
    (_, i) => `<div type="document" xml:id="d${i + 1}" n="${i + 1}">
      <head>Memorandum From the Secretary of State to the President (fictional example ${i + 1})</head>
      <opener><dateline><placeName>Washington</placeName>, <date when="1918-01-${String((i % 28) + 1).padStart(2, '0')}">January ${(i % 28) + 1}, 1918</date>.</dateline></opener>
      <p>SECRET. An example paragraph ${i + 1} about “harbor dredging” — written for this test.</p>
    </div>`,
  ).join('\n')}</div></body></text>
</TEI>`;

const input = { bytes: Buffer.from(volume(250)), path: 'example.xml', name: 'example.xml' };

async function readAll(p: ParsedFile, step: number) {
  const out = [];
  for (let from = 0; ; from += step) {
    const got = await p.documents(from, from + step);
    out.push(...got);
    if (got.length < step) return out;
  }
}

describe('parsed files crossing threads', () => {
  it('stream through moved buffers and are read by ranges while still arriving, as parsed in memory', async () => {
    const parser = createParser(null);
    const direct = await parser.parse(input);
    const { port1, port2 } = new MessageChannel();
    let streamed: ReturnType<typeof createStreamedFile> | null = null;
    const headSeen = new Promise<ParsedFile>((resolve) =>
      port2.on('message', (m: { head?: { file: FileHead }; docs?: Uint8Array[]; entities?: ImportedEntity[]; end?: true }) => {
        if (m.head) resolve((streamed = createStreamedFile(m.head.file, input.name)));
        else if (m.docs) streamed!.push(m.docs, m.entities ?? [], []);
        else if (m.end) streamed!.end();
      }),
    );
    const moved: ArrayBuffer[] = [];
    let batch: Uint8Array[] = [];
    const flush = () => {
      const transfer = batch.map((b) => b.buffer as ArrayBuffer);
      moved.push(...transfer);
      port1.postMessage({ docs: batch, entities: [] }, transfer);
      batch = [];
    };
    const sent = parser.stream(input, {
      head: (file) => port1.postMessage({ head: { file } }),
      document: (d) => {
        batch.push(packDocument(d));
        if (batch.length === 40) flush();
      },
    });
    const got = await headSeen;
    // A range is served once its documents are in, before the file's end arrives.
    const firstRange = got.documents(0, 30);
    await sent;
    flush();
    port1.postMessage({ end: true });
    expect(await firstRange).toEqual(await direct.documents(0, 30));
    const rest = [];
    for (let from = 30; from < 250; from += 100) rest.push(...(await got.documents(from, from + 100)));
    expect(rest).toEqual(await direct.documents(30, 250));
    expect(got.file).toEqual(direct.file);
    // Moved, not copied: the sender's buffers are now empty.
    expect(moved.every((b) => b.byteLength === 0)).toBe(true);
    expect((await direct.documents(7, 8))[0]!.extracted.some((f) => f.name === 'classification')).toBe(true);
    port1.close();
    port2.close();
  });

  it('fail a streaming file for every range still waiting or asked later; go on from another parse of it', async () => {
    const parser = createParser(null);
    const direct = await parser.parse(input);
    const pack = async (from: number, to: number) => (await direct.documents(from, to)).map(packDocument);

    const failing = createStreamedFile({ ...direct.file, entities: [] }, input.name);
    failing.push(await pack(0, 10), [], []);
    expect(await failing.documents(0, 10)).toHaveLength(10);
    const waiting = failing.documents(10, 20);
    failing.fail(new DeclassError({ code: 'ingest.malformed_xml', message: 'example.xml: broken at line 9' }));
    await expect(waiting).rejects.toThrow('broken at line 9');
    await expect(failing.documents(20, 30)).rejects.toThrow('broken at line 9');

    // A worker died after 60 documents: the rest comes from a parse of the same file on this thread.
    const resumed = createStreamedFile({ ...direct.file, entities: [] }, input.name);
    resumed.push(await pack(0, 60), [], []);
    const first = await resumed.documents(0, 50);
    const pendingRange = resumed.documents(50, 150);
    resumed.replaceWith(inMemory({ file: direct.file, documents: await direct.documents(0, 250) }));
    expect([...first, ...(await pendingRange), ...(await resumed.documents(150, 250))]).toEqual(await readAll(direct, 250));
    expect(resumed.file.entities).toEqual(direct.file.entities);
  });

  it('leave the extractors to the reader where asked, with the same documents, fields and titles', async () => {
    const memo = {
      bytes: Buffer.from('MEMORANDUM\n\nSUBJECT: Harbor dredging in the example port\n\nSECRET\n\nAn example memo, written for a test.\n'),
      path: 'memo-7.txt',
      name: 'memo-7.txt',
    };
    for (const file of [input, memo]) {
      const parser = createParser(null);
      const direct = await readAll(await parser.parse(file), 100);
      // Every other document left to the reader, as a parse worker does while storage is close behind.
      let n = 0;
      const left: boolean[] = [];
      let streamed: ReturnType<typeof createStreamedFile> | null = null;
      const read: number[] = [];
      await parser.stream(
        file,
        {
          head: (head) => (streamed = createStreamedFile(head, file.name, (k) => read.push(k))),
          document: (d, found) => {
            left.push(d.extracted === null);
            streamed!.push(
              [packDocument(d)],
              found,
              found.map(() => left.length),
            );
          },
        },
        { leaveExtraction: () => n++ % 2 === 0 },
      );
      streamed!.end();
      expect(left.filter(Boolean)).toHaveLength(Math.ceil(direct.length / 2));
      expect(await readAll(streamed!, 100)).toEqual(direct);
      expect(read.reduce((a, b) => a + b, 0)).toBe(direct.length);
    }
    // The subject line replaced the file name as the memo's title, on the reader's side too.
    const [memoDoc] = await readAll(await createParser(null).parse(memo), 1);
    expect(memoDoc!.document.title).toBe('Harbor dredging in the example port');
  });

  it("give a file's authority records as of a range, whenever asked and however far the parse has run", async () => {
    const person = (k: number) => ({
      kind: 'person' as const,
      name: `Example Person ${k}`,
      authorityKey: `example:${k}`,
      variants: [],
      description: null,
    });
    const parser = createParser(null);
    const direct = await parser.parse(input);
    const head = { ...direct.file, entities: [person(0)] };
    const docs = (await direct.documents(0, 250)).map(packDocument);
    // Records first found in documents 3, 3, 120 and 250; all of them sent before storage reads anything.
    const early = createStreamedFile({ ...head, entities: [...head.entities] }, input.name);
    early.push(docs.slice(0, 150), [person(1), person(2), person(3)], [3, 3, 120]);
    early.push(docs.slice(150), [person(4)], [250]);
    early.end();
    const keys = (list: readonly { authorityKey: string }[]) => list.map((e) => e.authorityKey);
    expect(keys(early.entitiesBefore(0))).toEqual(['example:0']);
    expect(keys(early.entitiesBefore(100))).toEqual(['example:0', 'example:1', 'example:2']);
    expect(keys(early.entitiesBefore(200))).toEqual(['example:0', 'example:1', 'example:2', 'example:3']);
    expect(keys(early.entitiesBefore(250))).toHaveLength(5);
    // The same file held in memory, its records marked document by document, answers the same.
    const found = new FoundEntities(1);
    found.marks.push(3, 3, 120, 250);
    const whole = inMemory({ file: { ...head, entities: [person(0), person(1), person(2), person(3), person(4)] }, documents: [], found });
    for (const n of [0, 2, 3, 100, 119, 120, 200, 250]) expect(keys(whole.entitiesBefore(n))).toEqual(keys(early.entitiesBefore(n)));
    // Parsed on this thread, a file's own persons list is all there from the first document.
    expect(direct.entitiesBefore(0)).toEqual(direct.file.entities);
  });

  it('count how far parsing runs ahead of storage, in memory the threads share', () => {
    const a = new ParseBacklog();
    const b = new ParseBacklog(a.buffer); // as a worker sees it
    for (let i = 0; i < 250; i++) b.parsed();
    a.read(100);
    expect(a.ahead()).toBe(150);
    expect(b.ahead()).toBe(150);
    // A file that fails counts its documents never read as no longer ahead.
    const streamed = createStreamedFile({ format: 'tei', mediaType: 'application/tei+xml', collection: null, entities: [] }, 'x.xml', (n) =>
      a.read(n),
    );
    streamed.push(
      [
        packDocument({
          document: { title: 't', pages: [], fields: {}, mentions: [], sourceKey: 'k', preferredId: null, needsOcr: false },
          extracted: [],
        }),
      ],
      [],
      [],
    );
    streamed.fail(new Error('broken'));
    expect(a.ahead()).toBe(149);
  });

  it('stream from a real parse worker (compiled build) as parsed on this thread', async (ctx) => {
    const compiled = new URL('../../dist/ingest/parse-pool.js', import.meta.url);
    if (!fs.existsSync(compiled)) ctx.skip(); // `npm test` compiles first; a bare vitest run may not have dist/
    const { createParsePool } = (await import(compiled.href)) as { createParsePool: typeof createPool };
    const pool = createParsePool({ size: 1 });
    try {
      await pool.ready();
      const viaWorker = await pool.parse(input);
      const direct = await createParser(null).parse(input);
      const all = await readAll(viaWorker, 100);
      expect(all).toHaveLength(250);
      expect(all).toEqual(await readAll(direct, 100));
      expect(viaWorker.file).toEqual(direct.file);
      // A file the worker refuses fails with the worker's coded error.
      await expect(pool.parse({ bytes: Buffer.from('<TEI><text>'), path: 'bad.xml', name: 'bad.xml' })).rejects.toMatchObject({
        code: 'ingest.malformed_xml',
      });
    } finally {
      await pool.close();
    }
  });
});
