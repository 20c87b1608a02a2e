import { MessageChannel } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { createParser, inMemory, packDocument, unpackParsed, type PackedFile } from './parse.js';

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

describe('parsed files crossing threads', () => {
  it('arrive whole through moved buffers and are read back a slice at a time, as parsed in memory', async () => {
    const parser = createParser(null);
    const input = { bytes: Buffer.from(volume(250)), path: 'example.xml', name: 'example.xml' };
    const packed: PackedFile = await parser.parse(input, packDocument);
    const transfer = packed.documents.map((b) => b.buffer as ArrayBuffer);
    const { port1, port2 } = new MessageChannel();
    const received = new Promise<PackedFile>((resolve) => port2.once('message', resolve));
    port1.postMessage(packed, transfer);
    const got = unpackParsed(await received);
    port1.close();
    port2.close();
    // Moved, not copied: the sender's buffers are now empty.
    expect(transfer.every((b) => b.byteLength === 0)).toBe(true);
    const direct = inMemory(await parser.parse(input, (d) => d));
    expect(got.count).toBe(250);
    expect(got.file).toEqual(direct.file);
    expect([...got.documents(0, 100), ...got.documents(100, 200), ...got.documents(200, 300)]).toEqual(direct.documents(0, 250));
    expect(direct.documents(7, 8)[0]!.extracted.some((f) => f.name === 'classification')).toBe(true);
  });
});
