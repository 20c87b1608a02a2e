import { MessageChannel } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { inMemory, packParsed, unpackParsed, type PackedFile, type ParseResult } from './parse.js';

const doc = (i: number) => ({
  sourceKey: `d${i}`,
  preferredId: `vol-d${i}`,
  title: `Document ${i} — “quoted”`,
  pages: [{ label: String(i), text: `Text of document ${i}\nwith a second line`, textSource: 'source' as const }],
  needsOcr: false,
  fields: { date: { start: '1918-01-02', end: '1918-01-02', precision: 'day', text: 'January 2, 1918' } },
  mentions: [],
});

const parsed: ParseResult = {
  result: {
    format: 'tei',
    mediaType: 'application/tei+xml',
    collection: { slug: 'vol', title: 'Volume', kind: 'volume' },
    entities: [],
    documents: Array.from({ length: 250 }, (_, i) => doc(i)),
  },
  extracted: Array.from({ length: 250 }, (_, i) => [
    { name: 'type', value: i % 2 ? 'telegram' : 'memorandum', pageNo: 1, spanStart: 0, spanEnd: 4 },
  ]),
};

describe('parsed files crossing threads', () => {
  it('arrive whole through moved buffers and are read back a slice at a time', async () => {
    const { packed, transfer } = packParsed(parsed);
    const { port1, port2 } = new MessageChannel();
    const received = new Promise<PackedFile>((resolve) => port2.once('message', resolve));
    port1.postMessage(packed, transfer);
    const got = unpackParsed(await received);
    port1.close();
    port2.close();
    // Moved, not copied: the sender's buffers are now empty.
    expect(transfer.every((b) => b.byteLength === 0)).toBe(true);
    expect(got.count).toBe(250);
    expect(got.file).toEqual({ format: 'tei', mediaType: 'application/tei+xml', collection: parsed.result.collection, entities: [] });
    const expected = inMemory(parsed).documents(0, 250);
    expect([...got.documents(0, 100), ...got.documents(100, 200), ...got.documents(200, 300)]).toEqual(expected);
  });
});
