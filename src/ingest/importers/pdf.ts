import path from 'node:path';
import type { Document as MupdfDocument, PDFDocument } from 'mupdf';
import type { ImportedPage, Importer } from './importer.js';
import { loadMupdf, mupdfMessage, withMupdfLog, type Mupdf } from './mupdf.js';
import { ingestErrors } from '../ingest.errors.js';
import { isDeclassError } from '../../shared/errors.js';
import { DEFAULT_LIMITS, type InputLimits } from './limits.js';

/**
 * A page's text layer is "usable" when it holds at least this many letters…
 * (a stamp or a page number alone is not a text layer worth keeping).
 */
export const MIN_LAYER_LETTERS = 20;
/**
 * …and letters make up at least this share of its non-whitespace characters.
 * OCR of a blank or degraded scan yields mostly punctuation ("~n,;,- .~"),
 * which stays below it; real OCR of typed text is at 0.7–0.95.
 */
export const MIN_LAYER_LETTER_SHARE = 0.4;

/** Whether a text layer counts as text (see the two constants above). The OCR quality decision proper comes later. */
export function isUsableLayerText(text: string): boolean {
  const letters = text.match(/\p{L}/gu)?.length ?? 0;
  if (letters < MIN_LAYER_LETTERS) return false;
  const visible = text.match(/\S/gu)?.length ?? 0;
  return letters / visible >= MIN_LAYER_LETTER_SHARE;
}

/** Trims trailing blanks on each line and blank lines at both ends; keeps the layout otherwise. */
function tidyLayerText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Software and scanner names that PDF producers put into Info/Title instead of a title. */
const SOFTWARE_TITLE =
  /\b(microsoft|acrobat|adobe|distiller|paper capture|cvision|maestro|omnipage|abbyy|finereader|ghostscript|pdftk|itext|xerox|canon|ricoh|konica|kyocera|fujitsu|epson|kodak|scansnap|scanner|scanned)\b/i;
/** Placeholder titles: "Untitled", "Scan 0001", "Document1", "Page 3", "Image". */
const PLACEHOLDER_TITLE = /^(untitled( document)?|new document|document|doc|scan|image|img|page|pdf)\b[\s\d_-]*$/i;
const FILE_NAME_TITLE = /(^|[\\/])[^\\/]*\.(pdf|docx?|rtf|wpd|txt|tiff?|jpe?g|png|gif|bmp|xls[xm]?|pptx?|html?)$/i;
const CODE_TITLE = /^[\w-]*\d[\w.-]*$/;

/**
 * The Info title when it reads like a title: not empty, not "untitled", not a
 * software or scanner name (or the Producer/Creator string), not a file name
 * or a bare code such as "C09000002" or "Scan0001", and with at least three letters.
 */
export function meaningfulPdfTitle(raw: string | undefined, software: readonly (string | undefined)[] = []): string | null {
  const title = (raw ?? '').replace(/\s+/g, ' ').trim();
  if (title === '') return null;
  if ((title.match(/\p{L}/gu)?.length ?? 0) < 3) return null;
  if (title.includes('\uFFFD')) return null;
  if (software.some((s) => s !== undefined && s.trim().toLowerCase() === title.toLowerCase())) return null;
  if (FILE_NAME_TITLE.test(title) || CODE_TITLE.test(title) || PLACEHOLDER_TITLE.test(title)) return null;
  // "Microsoft Word - memo.doc" is caught as a file name; a short or versioned title naming software or a scanner is not a title.
  if (SOFTWARE_TITLE.test(title) && (title.split(' ').length <= 4 || /\d+\.\d+/.test(title))) return null;
  return title;
}

function hasPageLabels(pdf: PDFDocument | null): boolean {
  if (!pdf) return false;
  const trailer = pdf.getTrailer();
  const root = trailer.get('Root');
  const labels = root.get('PageLabels');
  const present = !labels.isNull();
  labels.destroy();
  root.destroy();
  trailer.destroy();
  return present;
}

function truncationHint(bytes: Uint8Array): string {
  const tail = Buffer.from(bytes.subarray(Math.max(0, bytes.length - 1024))).toString('latin1');
  return tail.includes('%%EOF') ? '' : '; the file has no %%EOF end marker, so it is probably truncated';
}

function corrupt(filePath: string, bytes: Uint8Array, what: string, cause: unknown, log: readonly string[]) {
  const said = cause === undefined ? '' : ` (MuPDF: ${mupdfMessage(cause)})`;
  return ingestErrors.corruptPdf(`${filePath}: the PDF is damaged and cannot be read: ${what}${said}${truncationHint(bytes)}`, {
    cause,
    details: { mupdfLog: [...log] },
  });
}

function readPages(doc: MupdfDocument, count: number, labelled: boolean): ImportedPage[] {
  const pages: ImportedPage[] = [];
  for (let i = 0; i < count; i++) {
    const page = doc.loadPage(i);
    try {
      const label = labelled ? page.getLabel().trim() || null : null;
      const stext = page.toStructuredText('preserve-whitespace');
      let text: string;
      try {
        text = tidyLayerText(stext.asText());
      } finally {
        stext.destroy();
      }
      pages.push(
        isUsableLayerText(text)
          ? { label, text, textSource: 'layer' }
          : { label, text: '', textSource: 'none', ...(text ? { layerText: text } : {}) },
      );
    } finally {
      page.destroy();
    }
  }
  return pages;
}

function readPdf(mupdf: Mupdf, bytes: Uint8Array, filePath: string, name: string, limits: InputLimits, log: readonly string[]) {
  let doc: MupdfDocument;
  try {
    doc = mupdf.Document.openDocument(bytes, 'application/pdf');
  } catch (cause) {
    throw corrupt(filePath, bytes, 'MuPDF could not open it even after trying to repair it', cause, log);
  }
  try {
    if (doc.needsPassword()) {
      throw ingestErrors.encryptedPdf(
        `${filePath}: the PDF is encrypted and needs a password to open (${doc.getMetaData('encryption') ?? 'unknown encryption'}); ` +
          'ask the source for an unprotected copy',
      );
    }
    let count: number;
    let pages: ImportedPage[];
    try {
      count = doc.countPages();
      if (count === 0) throw corrupt(filePath, bytes, 'no pages could be found in it', undefined, log);
      if (count > limits.maxPdfPages) {
        throw ingestErrors.tooManyPages(
          `${filePath}: the PDF has ${count} pages, over the limit of ${limits.maxPdfPages} (DECLASS_MAX_PDF_PAGES); split it or raise the limit`,
          { details: { pages: count, maxPdfPages: limits.maxPdfPages } },
        );
      }
      pages = readPages(doc, count, hasPageLabels(doc.asPDF()));
    } catch (cause) {
      if (isDeclassError(cause)) throw cause;
      throw corrupt(filePath, bytes, 'reading its pages failed', cause, log);
    }
    const software = [doc.getMetaData('info:Producer'), doc.getMetaData('info:Creator')];
    const title = meaningfulPdfTitle(doc.getMetaData('info:Title'), software) ?? path.parse(name).name;
    return {
      format: 'pdf',
      mediaType: 'application/pdf',
      collection: null,
      entities: [],
      documents: [
        {
          sourceKey: '',
          preferredId: null,
          title,
          pages,
          needsOcr: !pages.some((p) => p.textSource === 'layer'),
          fields: {},
          mentions: [],
        },
      ],
    };
  } finally {
    doc.destroy();
  }
}

/**
 * PDFs: one document per file, one page per PDF page, with the text layer
 * where it is usable. Pages without one wait for OCR.
 *
 * MuPDF repairs some damage silently (a cut-off file whose objects are still
 * there opens with a rebuilt xref table); if it opens and yields pages, the
 * import succeeds. If MuPDF throws or finds no page, the file is corrupt.
 */
export const pdfImporter: Importer = async ({ bytes, path: filePath, name, limits }) => {
  const mupdf = await loadMupdf();
  return withMupdfLog((log) => readPdf(mupdf, bytes, filePath, name, limits ?? DEFAULT_LIMITS, log));
};
