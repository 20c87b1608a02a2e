import type { Document as MupdfDocument, Image as MupdfImage, Matrix, PDFObject, PDFPage, Page, Pixmap } from 'mupdf';
import type { Mupdf } from '../ingest/importers/mupdf.js';
import { DEFAULT_LIMITS, describeSize, overPixelLimit } from '../ingest/importers/limits.js';
import { jpegScanProblem } from '../ingest/importers/jpeg-check.js';
import { ocrErrors } from './ocr.errors.js';

/** Resolution pages are rendered at for OCR when they are not one stored scan. */
export const OCR_DPI = 300;
/** A stored scan is taken as it is when its resolution lies in this range; else the page is rendered at OCR_DPI. */
const STORED_DPI_RANGE = [150, 650] as const;
/**
 * A stored scan whose longer side has fewer pixels than this is too coarse for
 * OCR whatever resolution the file claims (NSDD 222 is 780×1005 pixels on a
 * page declared 2.6 × 3.3 inches); it is rendered up to UPSCALE_TO pixels.
 */
const MIN_SCAN_PIXELS = 1200;
const UPSCALE_TO = 3300;
/** Longest side of the thumbnail, in pixels. */
export const THUMB_SIZE = 240;

export interface PageImage {
  /** PNG or JPEG bytes: what OCR reads and what a viewer shows. */
  bytes: Uint8Array;
  mediaType: 'image/png' | 'image/jpeg';
  width: number;
  height: number;
  dpi: number;
  /** stored: the scan as embedded in the file (not re-rendered); rendered: the page drawn at OCR_DPI. */
  method: 'stored' | 'rendered';
  thumb: { bytes: Uint8Array; width: number; height: number };
}

interface Mark {
  kind: 'image' | 'other';
  image?: MupdfImage;
  ctm?: Matrix;
  area: number;
}

const bboxArea = (r: readonly number[]) => Math.max(0, (r[2] ?? 0) - (r[0] ?? 0)) * Math.max(0, (r[3] ?? 0) - (r[1] ?? 0));

/** Records what a page draws: images with their placement, and the area of everything else that is visible. */
function collectMarks(mupdf: Mupdf, page: Page): Mark[] {
  const marks: Mark[] = [];
  const unit = (ctm: Matrix) => {
    const xs = [ctm[4], ctm[4] + ctm[0], ctm[4] + ctm[2], ctm[4] + ctm[0] + ctm[2]];
    const ys = [ctm[5], ctm[5] + ctm[1], ctm[5] + ctm[3], ctm[5] + ctm[1] + ctm[3]];
    return bboxArea([Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)]);
  };
  const stroke = new mupdf.StrokeState({ lineCap: 'Butt', lineJoin: 'Miter', lineWidth: 1, miterLimit: 10 });
  const device = new mupdf.Device({
    fillImage: (image, ctm) => marks.push({ kind: 'image', image, ctm, area: unit(ctm) }),
    fillImageMask: (_image, ctm) => marks.push({ kind: 'other', area: unit(ctm) }),
    fillPath: (path, _evenOdd, ctm) => marks.push({ kind: 'other', area: bboxArea(path.getBounds(stroke, ctm)) }),
    strokePath: (path, st, ctm) => marks.push({ kind: 'other', area: bboxArea(path.getBounds(st, ctm)) }),
    fillText: (text, ctm) => marks.push({ kind: 'other', area: bboxArea(text.getBounds(stroke, ctm)) }),
    strokeText: (text, st, ctm) => marks.push({ kind: 'other', area: bboxArea(text.getBounds(st, ctm)) }),
  });
  try {
    page.run(device, mupdf.Matrix.identity);
  } finally {
    device.close();
    device.destroy();
  }
  return marks;
}

/**
 * The one scan that makes up the page, if the page is just that: a single
 * upright image covering (nearly) the whole page, with at most small marks
 * (a stamp box, a redaction rectangle) drawn on top. Invisible OCR text does
 * not count: it is not drawn, or drawn under the scan.
 */
function fullPageScan(page: Page, marks: readonly Mark[]): { image: MupdfImage; dpi: number } | null {
  const bounds = page.getBounds();
  const pageArea = bboxArea(bounds);
  if (!(pageArea > 0)) return null;
  const scan = marks.filter((m) => m.kind === 'image').reduce<Mark | null>((best, m) => (best && best.area >= m.area ? best : m), null);
  if (!scan?.image || !scan.ctm) return null;
  // What is drawn before the scan lies under it (scanners' OCR text is often drawn first, then covered); only marks on top count.
  const onTop = marks.slice(marks.indexOf(scan) + 1).reduce((n, m) => n + m.area, 0);
  const [a, b, c, d] = scan.ctm;
  if (Math.abs(b) > 1e-3 || Math.abs(c) > 1e-3 || !(a > 0) || !(d > 0)) return null; // rotated or mirrored: render instead
  if (scan.area < 0.9 * pageArea || scan.area > 1.2 * pageArea) return null;
  if (onTop > 0.03 * pageArea) return null;
  const dpi = (scan.image.getWidth() / a) * 72;
  return { image: scan.image, dpi };
}

/** Grey or RGB (device or ICC-based): a JPEG in it displays as it is in a browser. CMYK, Lab, indexed do not. */
function plainColorSpace(cs: PDFObject): boolean {
  if (cs.isName()) return cs.asName() === 'DeviceGray' || cs.asName() === 'DeviceRGB';
  if (cs.isArray() && cs.length === 2 && cs.get(0).asName() === 'ICCBased') {
    const n = cs.get(1).resolve().get('N').asNumber();
    return n === 1 || n === 3;
  }
  return false;
}

/**
 * The raw JPEG stream of the page's image XObject of this size, and whether it can be served as it is
 * (grey or RGB, no decode array or mask).
 */
function storedJpeg(page: Page, width: number, height: number): { bytes: Uint8Array; servable: boolean } | null {
  const pdfPage = page as PDFPage;
  if (typeof pdfPage.getObject !== 'function') return null;
  const xobjects = pdfPage.getObject().getInheritable('Resources').get('XObject');
  if (!xobjects.isDictionary()) return null;
  let found: { bytes: Uint8Array; servable: boolean } | null = null;
  xobjects.forEach((ref: PDFObject) => {
    if (found) return;
    const o = ref.resolve();
    if (o.get('Subtype').asName() !== 'Image' || o.get('Width').asNumber() !== width || o.get('Height').asNumber() !== height) return;
    const filter = o.get('Filter');
    const name = filter.isArray() ? (filter.length === 1 ? filter.get(0).asName() : '') : filter.isName() ? filter.asName() : '';
    if (name !== 'DCTDecode') return;
    const servable =
      plainColorSpace(o.get('ColorSpace').resolve()) && o.get('Decode').isNull() && o.get('SMask').isNull() && o.get('Mask').isNull();
    found = { bytes: new Uint8Array(ref.readRawStream().asUint8Array()), servable };
  });
  return found;
}

function encode(pixmapBits: number, pix: Pixmap): { bytes: Uint8Array; mediaType: 'image/png' | 'image/jpeg' } {
  // Bitonal scans compress far better losslessly; grey and colour as JPEG.
  return pixmapBits === 1 ? { bytes: pix.asPNG(), mediaType: 'image/png' } : { bytes: pix.asJPEG(88), mediaType: 'image/jpeg' };
}

/**
 * Refuses a page drawing an image that declares more pixels than the limit
 * (a decompression bomb inside a PDF): the sizes are read from the image
 * headers; nothing has been decoded yet.
 */
function checkImageSizes(marks: readonly Mark[], maxImagePixels: number): void {
  for (const m of marks) {
    if (!m.image) continue;
    const size = { width: m.image.getWidth(), height: m.image.getHeight() };
    if (overPixelLimit(size, { maxImagePixels })) {
      throw ocrErrors.imageTooLarge(
        `the page draws an image of ${describeSize(size)}, over DECLASS_MAX_IMAGE_PIXELS (${maxImagePixels}); it is not decoded`,
        { details: { ...size, maxImagePixels } },
      );
    }
  }
}

/** The scale to render a page at: `wanted`, lowered so that the pixmap stays within the pixel limit. */
function boundedScale(page: Page, wanted: number, maxImagePixels: number): number {
  const [x0, y0, x1, y1] = page.getBounds();
  const area = Math.max((x1 ?? 0) - (x0 ?? 0), 1) * Math.max((y1 ?? 0) - (y0 ?? 0), 1);
  return Math.min(wanted, Math.sqrt(maxImagePixels / area));
}

function thumbnail(mupdf: Mupdf, page: Page): PageImage['thumb'] {
  const [x0, y0, x1, y1] = page.getBounds();
  const longest = Math.max((x1 ?? 0) - (x0 ?? 0), (y1 ?? 0) - (y0 ?? 0));
  const s = THUMB_SIZE / Math.max(longest, 1);
  const pix = page.toPixmap(mupdf.Matrix.scale(s, s), mupdf.ColorSpace.DeviceRGB, false, true);
  try {
    return { bytes: pix.asJPEG(75), width: pix.getWidth(), height: pix.getHeight() };
  } finally {
    pix.destroy();
  }
}

/**
 * Gets a page's image for OCR and viewing. A page that is one stored scan at a
 * usable resolution is taken as stored: a DCT (JPEG) stream is passed through
 * byte for byte, other encodings (CCITT, JBIG2, Flate) are decoded at their own
 * resolution. Any other page is rendered at OCR_DPI in grey.
 * `wholeFile` is the file's bytes when the document is itself a single JPEG.
 */
export function pageImage(
  mupdf: Mupdf,
  doc: MupdfDocument,
  index: number,
  opts: { wholeFileJpeg?: Uint8Array; isImageFile?: boolean; maxImagePixels?: number } = {},
): PageImage {
  const maxPixels = opts.maxImagePixels ?? DEFAULT_LIMITS.maxImagePixels;
  const page = doc.loadPage(index);
  try {
    const marks = collectMarks(mupdf, page);
    checkImageSizes(marks, maxPixels); // before the thumbnail, whose rendering decodes the images
    const thumb = thumbnail(mupdf, page);
    const scan = fullPageScan(page, marks);
    const jpeg = scan
      ? opts.wholeFileJpeg
        ? { bytes: opts.wholeFileJpeg, servable: true }
        : storedJpeg(page, scan.image.getWidth(), scan.image.getHeight())
      : null;
    // MuPDF decodes garbage scan data into noise without an error; such a scan is refused before it is used.
    const garbage = jpeg ? jpegScanProblem(jpeg.bytes) : null;
    if (garbage) throw ocrErrors.corruptImage(`the page's stored JPEG scan is damaged: its compressed data is garbage (${garbage})`);
    const dpiOk = (dpi: number) => opts.isImageFile === true || (dpi >= STORED_DPI_RANGE[0] && dpi <= STORED_DPI_RANGE[1]);
    const coarse = scan !== null && Math.max(scan.image.getWidth(), scan.image.getHeight()) < MIN_SCAN_PIXELS;
    if (scan && coarse) {
      const [x0, y0, x1, y1] = page.getBounds();
      const s = boundedScale(page, UPSCALE_TO / Math.max((x1 ?? 0) - (x0 ?? 0), (y1 ?? 0) - (y0 ?? 0), 1), maxPixels);
      const pix = page.toPixmap(mupdf.Matrix.scale(s, s), mupdf.ColorSpace.DeviceGray, false, true);
      try {
        const w = pix.getWidth();
        const h = pix.getHeight();
        // The physical size is unknown (the page size is not to be trusted here): assume a letter page.
        const dpi = Math.max(w, h) / 11;
        return { ...encode(scan.image.getBitsPerComponent(), pix), width: w, height: h, dpi, method: 'rendered', thumb };
      } finally {
        pix.destroy();
      }
    }
    if (scan && dpiOk(scan.dpi)) {
      const w = scan.image.getWidth();
      const h = scan.image.getHeight();
      const dpi = opts.isImageFile ? Math.max(scan.image.getXResolution(), 1) : scan.dpi;
      if (jpeg?.servable) return { bytes: jpeg.bytes, mediaType: 'image/jpeg', width: w, height: h, dpi, method: 'stored', thumb };
      let pix = scan.image.toPixmap();
      try {
        const cs = pix.getColorSpace();
        if (pix.getAlpha() || !cs || !(cs.isGray() || cs.isRGB())) {
          const converted = pix.convertToColorSpace(mupdf.ColorSpace.DeviceRGB, false);
          pix.destroy();
          pix = converted;
        }
        return { ...encode(scan.image.getBitsPerComponent(), pix), width: w, height: h, dpi, method: 'stored', thumb };
      } finally {
        pix.destroy();
      }
    }
    // A huge page (a map sheet) is rendered at a lower resolution rather than past the pixel limit. A page
    // declared so small that 300 dpi gives a coarse image (a scan whose page size is wrong, with marks on top
    // of it so it is not taken as one scan) is rendered up to UPSCALE_TO pixels, like a coarse scan.
    const [x0, y0, x1, y1] = page.getBounds();
    const longest = Math.max((x1 ?? 0) - (x0 ?? 0), (y1 ?? 0) - (y0 ?? 0), 1);
    const small = (longest * OCR_DPI) / 72 < MIN_SCAN_PIXELS;
    const s = boundedScale(page, small ? UPSCALE_TO / longest : OCR_DPI / 72, maxPixels);
    const pix = page.toPixmap(mupdf.Matrix.scale(s, s), mupdf.ColorSpace.DeviceGray, false, true);
    try {
      const w = pix.getWidth();
      const h = pix.getHeight();
      return {
        bytes: pix.asPNG(),
        mediaType: 'image/png',
        width: w,
        height: h,
        // The physical size of a misdeclared page is unknown: a letter page is assumed.
        dpi: small ? Math.max(w, h) / 11 : Math.round(s * 72),
        method: 'rendered',
        thumb,
      };
    } finally {
      pix.destroy();
    }
  } finally {
    page.destroy();
  }
}
