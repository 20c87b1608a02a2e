import * as mupdf from 'mupdf';

/** Page size (points) of generated pages: half a letter page keeps OCR in tests fast. */
const PAGE = { width: 306, height: 396 };

const escapePdf = (s: string) => s.replace(/[\\()]/g, (c) => `\\${c}`);

/** A PDF whose pages carry real (born-digital) text, one array of lines per page, in 12 pt Courier. */
export function textPdf(pages: readonly (readonly string[])[]): Uint8Array {
  const doc = new mupdf.PDFDocument();
  const font = doc.addSimpleFont(new mupdf.Font('Courier'));
  for (const lines of pages) {
    const resources = doc.addObject({ Font: { F1: font } });
    const ops = lines.map((l, i) => `BT /F1 12 Tf 24 ${PAGE.height - 40 - i * 18} Td (${escapePdf(l)}) Tj ET`).join('\n');
    const page = doc.addPage([0, 0, PAGE.width, PAGE.height], 0, resources, ops);
    doc.insertPage(-1, page);
  }
  const out = doc.saveToBuffer('compress').asUint8Array();
  doc.destroy();
  return new Uint8Array(out);
}

/** Renders each page of a PDF to a grey pixmap at `dpi` (a "scan" of it). */
function renderPages(pdf: Uint8Array, dpi: number): mupdf.Pixmap[] {
  const doc = mupdf.Document.openDocument(pdf, 'application/pdf');
  const out: mupdf.Pixmap[] = [];
  for (let i = 0; i < doc.countPages(); i++) {
    const s = dpi / 72;
    const pix = doc.loadPage(i).toPixmap(mupdf.Matrix.scale(s, s), mupdf.ColorSpace.DeviceGray, false, true);
    pix.setResolution(dpi, dpi);
    out.push(pix);
  }
  return out;
}

/** A PNG "scan" of text lines at `dpi` (default 300). */
export function scanPng(lines: readonly string[], dpi = 300): Uint8Array {
  const [pix] = renderPages(textPdf([lines]), dpi);
  return pix!.asPNG();
}

/**
 * A scanned PDF: each page is one full-page JPEG (grey, `dpi`) and nothing
 * else — no text layer — as a scanner writes it.
 */
export function scannedPdf(
  pages: readonly (readonly string[])[],
  dpi = 300,
  /** How each page's grey pixmap becomes the stored JPEG (default: MuPDF's own, progressive). */
  encode: (pix: mupdf.Pixmap, index: number) => Uint8Array = (pix) => pix.asJPEG(90),
): Uint8Array {
  const pixmaps = renderPages(textPdf(pages), dpi);
  const doc = new mupdf.PDFDocument();
  for (const [i, pix] of pixmaps.entries()) {
    const image = doc.addImage(new mupdf.Image(encode(pix, i)));
    const resources = doc.addObject({ XObject: { Im0: image } });
    const page = doc.addPage([0, 0, PAGE.width, PAGE.height], 0, resources, `q ${PAGE.width} 0 0 ${PAGE.height} 0 0 cm /Im0 Do Q`);
    doc.insertPage(-1, page);
  }
  const out = doc.saveToBuffer('compress').asUint8Array();
  doc.destroy();
  return new Uint8Array(out);
}
