import path from 'node:path';
import type { Document as MupdfDocument } from 'mupdf';
import type { ImportedPage, Importer } from './importer.js';
import { loadMupdf, mupdfMessage, withMupdfLog, type Mupdf } from './mupdf.js';
import { ingestErrors } from '../ingest.errors.js';
import { isDeclassError } from '../../shared/errors.js';
import { jpegScanProblem } from './jpeg-check.js';
import { DEFAULT_LIMITS, declaredImageSize, describeSize, overPixelLimit, type InputLimits } from './limits.js';

export type ImageMediaType = 'image/png' | 'image/jpeg' | 'image/tiff' | 'image/gif';

const startsWith = (bytes: Uint8Array, sig: readonly number[]) => sig.every((b, i) => bytes[i] === b);

/** The image type from the file's signature; the extension is not trusted. */
export function imageMediaType(bytes: Uint8Array): ImageMediaType | null {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a])) return 'image/tiff';
  if (startsWith(bytes, [0x47, 0x49, 0x46, 0x38, 0x37, 0x61]) || startsWith(bytes, [0x47, 0x49, 0x46, 0x38, 0x39, 0x61]))
    return 'image/gif';
  return null;
}

/** How far from the end an end marker may sit (some writers append padding or metadata after it). */
const END_MARKER_WINDOW = 4096;

/**
 * A cut-off PNG, JPEG or GIF often still decodes (MuPDF pads the missing rows
 * and only logs a warning), so the end marker is checked here: IEND for PNG,
 * EOI (FF D9) for JPEG, the 0x3B trailer for GIF. TIFF has none; MuPDF's
 * IFD and strip checks catch a truncated TIFF.
 */
function missingEndMarker(bytes: Uint8Array, mediaType: ImageMediaType): string | null {
  const tail = Buffer.from(bytes.subarray(Math.max(0, bytes.length - END_MARKER_WINDOW)));
  switch (mediaType) {
    case 'image/png':
      return tail.includes('IEND', 0, 'latin1') ? null : 'the PNG has no IEND chunk, so it is probably truncated';
    case 'image/jpeg':
      return tail.includes(Buffer.from([0xff, 0xd9])) ? null : 'the JPEG has no end-of-image marker, so it is probably truncated';
    case 'image/gif':
      return tail.includes(0x3b) ? null : 'the GIF has no trailer byte, so it is probably truncated';
    case 'image/tiff':
      return null;
  }
}

/** Longest side, in pixels, of the thumbnail each frame is decoded to (decoding is what proves the data is sound). */
const CHECK_SIZE = 256;

function checkFrames(mupdf: Mupdf, doc: MupdfDocument, count: number): void {
  for (let i = 0; i < count; i++) {
    const page = doc.loadPage(i);
    try {
      const [x0, y0, x1, y1] = page.getBounds();
      const longest = Math.max((x1 ?? 0) - (x0 ?? 0), (y1 ?? 0) - (y0 ?? 0));
      if (!(longest > 0)) throw new Error(`frame ${i + 1} has no size`);
      const scale = Math.min(1, CHECK_SIZE / longest);
      const pixmap = page.toPixmap([scale, 0, 0, scale, 0, 0], mupdf.ColorSpace.DeviceGray, false, false);
      pixmap.destroy();
    } finally {
      page.destroy();
    }
  }
}

function readImage(mupdf: Mupdf, bytes: Uint8Array, filePath: string, name: string, limits: InputLimits, log: readonly string[]) {
  const corrupt = (what: string, cause?: unknown) =>
    ingestErrors.corruptImage(
      `${filePath}: the image is damaged and cannot be read: ${what}${cause === undefined ? '' : ` (MuPDF: ${mupdfMessage(cause)})`}`,
      {
        cause,
        details: { mupdfLog: [...log] },
      },
    );

  const mediaType = imageMediaType(bytes);
  if (!mediaType) throw corrupt('it is not a PNG, JPEG, TIFF or GIF image (unrecognised file signature)');
  // A decompression bomb (a tiny file declaring a huge image) is refused from its header, before anything is decoded.
  const size = declaredImageSize(bytes, mediaType);
  if (size && overPixelLimit(size, limits)) {
    throw ingestErrors.imageTooLarge(
      `${filePath}: the image declares ${describeSize(size)}, over the limit of ${limits.maxImagePixels} pixels ` +
        '(DECLASS_MAX_IMAGE_PIXELS); it is not decoded',
      { details: { width: size.width, height: size.height, maxImagePixels: limits.maxImagePixels } },
    );
  }
  const cut = missingEndMarker(bytes, mediaType);
  if (cut) throw corrupt(cut);
  // Garbage scan data decodes into noise without an error from MuPDF: the JPEG's coded data is walked first.
  const garbage = mediaType === 'image/jpeg' ? jpegScanProblem(bytes) : null;
  if (garbage) throw corrupt(`its compressed image data is garbage (${garbage})`);

  let doc: MupdfDocument;
  try {
    doc = mupdf.Document.openDocument(bytes, mediaType);
  } catch (cause) {
    throw corrupt('MuPDF could not open it', cause);
  }
  let count: number;
  try {
    count = doc.countPages();
    if (count === 0) throw corrupt('it holds no image frame');
    checkFrames(mupdf, doc, count);
  } catch (cause) {
    if (isDeclassError(cause)) throw cause;
    throw corrupt('decoding its pixels failed', cause);
  } finally {
    doc.destroy();
  }
  const pages: ImportedPage[] = Array.from({ length: count }, () => ({ label: null, text: '', textSource: 'none' }));
  return {
    format: 'image',
    mediaType,
    collection: null,
    entities: [],
    documents: [{ sourceKey: '', preferredId: null, title: path.parse(name).name, pages, needsOcr: true, fields: {}, mentions: [] }],
  };
}

/**
 * PNG, JPEG, TIFF (multi-page) and GIF scans: one document per file, one page
 * per frame as MuPDF counts them (a TIFF's IFDs; MuPDF reads only the first
 * frame of an animated GIF). No text until OCR.
 */
export const imageImporter: Importer = async ({ bytes, path: filePath, name, limits }) => {
  const mupdf = await loadMupdf();
  return withMupdfLog((log) => readImage(mupdf, bytes, filePath, name, limits ?? DEFAULT_LIMITS, log));
};
