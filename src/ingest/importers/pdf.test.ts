import fs from 'node:fs';
import path from 'node:path';
import * as mupdf from 'mupdf';
import { describe, it, expect } from 'vitest';
import { pdfImporter, isUsableLayerText, meaningfulPdfTitle } from './pdf.js';
import type { ImportResult } from './importer.js';

interface FixturePage {
  /** Lines of text drawn in Helvetica; none for a page with only a filled rectangle (a "scan"). */
  lines?: string[];
}

/** Writes a PDF with MuPDF: one content stream per page, the standard Helvetica font. */
function makePdf(pages: FixturePage[], opts: { title?: string; producer?: string; labels?: boolean; save?: string } = {}): Buffer {
  const doc = new mupdf.PDFDocument();
  try {
    const font = doc.addSimpleFont(new mupdf.Font('Helvetica'));
    for (const page of pages) {
      const resources = doc.addObject({ Font: { F1: font } });
      const content = page.lines
        ? `BT /F1 12 Tf 14 TL 72 720 Td ${page.lines.map((l) => `(${l.replace(/([()\\])/g, '\\$1')}) '`).join(' ')} ET`
        : '0.5 g 72 72 468 648 re f';
      doc.insertPage(-1, doc.addPage([0, 0, 612, 792], 0, resources, content));
    }
    if (opts.title !== undefined) doc.setMetaData('info:Title', opts.title);
    if (opts.producer !== undefined) doc.setMetaData('info:Producer', opts.producer);
    if (opts.labels) doc.setPageLabels(0, 'r', '', 1);
    const buf = doc.saveToBuffer(opts.save ?? 'compress');
    try {
      return Buffer.from(buf.asUint8Array());
    } finally {
      buf.destroy();
    }
  } finally {
    doc.destroy();
  }
}

const PAGE_ONE = ['MEMORANDUM FOR THE PRESIDENT', 'Subject: Strategic forces modernization program'];
const PAGE_TWO = ['The second page continues the discussion of', 'command, control and communications.'];

const run = (bytes: Buffer, name = 'memo.pdf') => pdfImporter({ bytes, path: `/in/${name}`, name });

function onlyDoc(result: ImportResult) {
  expect(result.documents).toHaveLength(1);
  const doc = result.documents[0];
  if (!doc) throw new Error('no document');
  return doc;
}

describe('pdfImporter', () => {
  it('reads the text layer of each page', async () => {
    const result = await run(makePdf([{ lines: PAGE_ONE }, { lines: PAGE_TWO }]));
    expect(result).toMatchObject({ format: 'pdf', mediaType: 'application/pdf', collection: null, entities: [] });
    const doc = onlyDoc(result);
    expect(doc.pages).toHaveLength(2);
    expect(doc.pages[0]).toEqual({ label: null, text: PAGE_ONE.join('\n'), textSource: 'layer' });
    expect(doc.pages[1]).toEqual({ label: null, text: PAGE_TWO.join('\n'), textSource: 'layer' });
    expect(doc.needsOcr).toBe(false);
    expect(doc.fields).toEqual({});
    expect(doc.title).toBe('memo');
  });

  it('marks pages without text as waiting for OCR', async () => {
    const doc = onlyDoc(await run(makePdf([{}, {}])));
    expect(doc.pages).toEqual([
      { label: null, text: '', textSource: 'none' },
      { label: null, text: '', textSource: 'none' },
    ]);
    expect(doc.needsOcr).toBe(true);
  });

  it('keeps a document with one text page out of the OCR queue but marks the blank page', async () => {
    const doc = onlyDoc(await run(makePdf([{ lines: PAGE_ONE }, {}, { lines: ['- 3 -'] }])));
    expect(doc.pages.map((p) => p.textSource)).toEqual(['layer', 'none', 'none']);
    expect(doc.needsOcr).toBe(false);
  });

  it('uses page labels when the PDF declares them', async () => {
    const doc = onlyDoc(await run(makePdf([{ lines: PAGE_ONE }, { lines: PAGE_TWO }], { labels: true })));
    expect(doc.pages.map((p) => p.label)).toEqual(['i', 'ii']);
  });

  it('takes a meaningful Info title and ignores software names', async () => {
    const titled = onlyDoc(await run(makePdf([{ lines: PAGE_ONE }], { title: 'Strategic Forces Modernization' })));
    expect(titled.title).toBe('Strategic Forces Modernization');
    for (const title of ['untitled', 'Microsoft Word - memo.doc', 'Scan0001', 'C09000002.pdf', 'CVISION Technologies', '  ']) {
      const doc = onlyDoc(await run(makePdf([{ lines: PAGE_ONE }], { title }), 'nsdd178.pdf'));
      expect(doc.title, title).toBe('nsdd178');
    }
    const sameAsProducer = onlyDoc(
      await run(makePdf([{ lines: PAGE_ONE }], { title: 'Acme Imaging Suite', producer: 'Acme Imaging Suite' })),
    );
    expect(sameAsProducer.title).toBe('memo');
  });

  it('rejects a PDF cut right after its header as corrupt', async () => {
    const bytes = makePdf([{ lines: PAGE_ONE }]);
    const headerEnd = bytes.indexOf('\n', bytes.indexOf('\n') + 1) + 1; // "%PDF-1.7\n%<binary>\n"
    await expect(run(bytes.subarray(0, headerEnd), 'cut.pdf')).rejects.toMatchObject({
      code: 'ingest.corrupt_pdf',
      message: expect.stringMatching(/^\/in\/cut\.pdf: the PDF is damaged.*probably truncated/) as unknown,
    });
  });

  it('repairs a PDF cut in half when the first page survives (MuPDF rebuilds the xref)', async () => {
    // Real MuPDF behaviour: the cross-reference table at the end is gone, MuPDF scans the objects that
    // remain, still finds both page objects, and the second page's content stream is lost.
    const bytes = makePdf([{ lines: PAGE_ONE }, { lines: PAGE_TWO }]);
    const doc = onlyDoc(await run(bytes.subarray(0, bytes.length >> 1), 'half.pdf'));
    expect(doc.pages).toHaveLength(2);
    expect(doc.pages[0]?.text).toBe(PAGE_ONE.join('\n'));
    expect(doc.pages[1]).toEqual({ label: null, text: '', textSource: 'none' });
  });

  it('rejects random bytes behind a PDF header as corrupt', async () => {
    let seed = 42;
    const noise = Buffer.alloc(8192, 0).map(() => (seed = (seed * 1103515245 + 12345) % 2 ** 31) >> 23);
    const bytes = Buffer.concat([Buffer.from('%PDF-1.4\n'), noise]);
    await expect(run(bytes, 'noise.pdf')).rejects.toMatchObject({
      code: 'ingest.corrupt_pdf',
      message: expect.stringContaining('/in/noise.pdf: the PDF is damaged') as unknown,
    });
  });

  it('rejects a PDF that needs a password', async () => {
    const bytes = makePdf([{ lines: PAGE_ONE }], { save: 'encrypt=aes-256,user-password=x,owner-password=y' });
    await expect(run(bytes, 'locked.pdf')).rejects.toMatchObject({
      code: 'ingest.encrypted_pdf',
      message: expect.stringMatching(/^\/in\/locked\.pdf: the PDF is encrypted and needs a password.*AES/) as unknown,
    });
  });

  it('reads an encrypted PDF that opens without a password (owner password only)', async () => {
    const bytes = makePdf([{ lines: PAGE_ONE }], { save: 'encrypt=aes-256,owner-password=y' });
    const doc = onlyDoc(await run(bytes));
    expect(doc.pages[0]?.text).toBe(PAGE_ONE.join('\n'));
  });
});

describe('isUsableLayerText', () => {
  it('needs enough letters and a letter share', () => {
    expect(isUsableLayerText('NATIONAL SECURITY DECISION DIRECTIVE')).toBe(true);
    expect(isUsableLayerText('- 3 -')).toBe(false);
    expect(isUsableLayerText(", ~n,;,- .~ ~r~~:n :~ ( : N 6 j:) - ) ! L - & , - ____ ' -- L - :- -' .: -'M! t u__i _ 4- ;_____")).toBe(
      false,
    );
    expect(isUsableLayerText('1234567890 '.repeat(10) + 'abcdefghijklmnopqrstuvwxyz')).toBe(false);
  });
});

describe('meaningfulPdfTitle', () => {
  it('keeps real titles', () => {
    expect(meaningfulPdfTitle('National Security Decision Directive 178')).toBe('National Security Decision Directive 178');
    expect(meaningfulPdfTitle('  Memorandum   of Conversation ')).toBe('Memorandum of Conversation');
  });
  it('drops placeholders, software names, file names and codes', () => {
    for (const t of [
      undefined,
      '',
      'Untitled',
      'untitled document',
      'Document1',
      'Scan 0003',
      'IMG_2231',
      'report.docx',
      'C:\\scans\\x.tif',
      'Adobe Acrobat Pro 11.0.15 Paper Capture Plug-in',
      'A-1',
      '§ 2',
    ]) {
      expect(meaningfulPdfTitle(t), String(t)).toBeNull();
    }
  });
});

const repoRoot = path.resolve(import.meta.dirname, '..', '..', '..');
const corpusDir = process.env.DECLASS_CORPUS ?? path.resolve(repoRoot, '..', 'shared', 'corpus');
const scansDir = path.join(corpusDir, 'scans');
const haveCorpus = fs.existsSync(scansDir);

/** Page counts from SOURCES.md ("Per-PDF details"). */
const CORPUS_PAGES: Record<string, number> = {
  'reagan-nsdd/97d9a68db7-nsdd227.pdf': 6,
  'reagan-nsdd/b4edc45119-nsdd178.pdf': 4,
  'reagan-nsdd/e4b96ecb3f-nsdd222.pdf': 9,
  'clinton-library-balkans/1993-05-08-pcdc-1993-05-08-bosnia-principals-with-president.pdf': 3,
  'clinton-library-balkans/1993-09-08-izetbegovic-1993-09-08.pdf': 7,
  'clinton-library-balkans/1994-10-18-pcdc-1994-10-18-bosnia-principals-summary.pdf': 3,
  'clinton-library-balkans/1995-01-17-croatia-1995-01-17-meeting-milosevic.pdf': 5,
  'clinton-library-balkans/1995-07-13-kohl-1995-07-13.pdf': 4,
  'clinton-library-balkans/1995-07-19-christopher-de-charette-1995-07-19.pdf': 4,
  'clinton-library-balkans/1995-08-03-dayton-1995-08-03-albright-endgame.pdf': 8,
  'clinton-library-balkans/1995-08-05-dayton-1995-08-05-lake-balkan-strategy.pdf': 5,
  'clinton-library-balkans/1995-08-23-pcdc-1995-08-23-bosnia-deputies-summary.pdf': 6,
  'clinton-library-balkans/1995-10-23-yeltsin-1995-10-23-hyde-park-lunch.pdf': 6,
  'clinton-library-balkans/1995-10-23-yeltsin-1995-10-23-hyde-park-one-on-one.pdf': 13,
  'state-foia-F-1986-04261/C09000002.pdf': 13,
  'state-foia-F-1986-04261/C09000005.pdf': 3,
  'state-foia-F-1986-04261/C09000006.pdf': 1,
  'state-foia-F-1986-04261/C09000013.pdf': 6,
  'state-foia-F-1986-04261/C09000035.pdf': 7,
  'state-foia-F-1986-04261/C09000046.pdf': 3,
  'state-foia-F-1986-04261/C09000058.pdf': 1,
  'state-foia-F-1986-04261/C09000062.pdf': 3,
};

const importCorpus = async (rel: string) => {
  const file = path.join(scansDir, rel);
  return onlyDoc(await pdfImporter({ bytes: fs.readFileSync(file), path: file, name: path.basename(file) }));
};

describe.skipIf(!haveCorpus)(`pdfImporter on the corpus scans (${haveCorpus ? scansDir : `skipped: ${scansDir} is absent`})`, () => {
  it('finds the 22 PDFs listed in SOURCES.md', () => {
    const found = fs
      .readdirSync(scansDir, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.pdf'))
      .map((f) => f.split(path.sep).join('/'))
      .sort();
    expect(found).toEqual(Object.keys(CORPUS_PAGES).sort());
  });

  it.each(Object.entries(CORPUS_PAGES))('%s has %i pages, text-layer pages have text', async (rel, pages) => {
    const doc = await importCorpus(rel);
    expect(doc.pages).toHaveLength(pages);
    expect(doc.title).toBe(path.parse(rel).name); // none of them has an Info title
    for (const page of doc.pages) {
      if (page.textSource === 'layer') expect(isUsableLayerText(page.text)).toBe(true);
      else expect(page).toMatchObject({ label: null, text: '', textSource: 'none' });
    }
  });

  it('reads NSDD 178 page 1', async () => {
    const doc = await importCorpus('reagan-nsdd/b4edc45119-nsdd178.pdf');
    expect(doc.needsOcr).toBe(false);
    const page1 = doc.pages[0];
    expect(page1?.textSource).toBe('layer');
    for (const words of [
      'NATIONAL SECURITY DECISION',
      'THE WHITE HOUSE',
      'July 10, 1985',
      'System II',
      'STRATEGIC FORCES MODERNIZATION (U)',
      'NSDD-12 dated October 1, 1981',
    ]) {
      expect(page1?.text).toContain(words);
    }
  });

  it('leaves the nearly blank C09000058 page to OCR', async () => {
    const doc = await importCorpus('state-foia-F-1986-04261/C09000058.pdf');
    expect(doc.pages).toMatchObject([{ label: null, text: '', textSource: 'none' }]);
    expect(doc.pages[0]?.layerText).toMatch(/\S/); // the unusable layer is kept for comparison
    expect(doc.needsOcr).toBe(true);
  });
});
