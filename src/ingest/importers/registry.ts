import type { Format } from '../detect.js';
import type { Importer, StreamingImporter } from './importer.js';
import { createTextImporter } from './text.js';
import { teiImporter, teiStreamingImporter } from './tei.js';
import { pdfImporter } from './pdf.js';
import { imageImporter } from './image.js';
import { htmlImporter } from './html.js';
import { ingestErrors } from '../ingest.errors.js';

const notTei: Importer = ({ path }) =>
  Promise.reject(ingestErrors.unsupportedFormat(`${path}: XML that is not TEI; only TEI XML (e.g. FRUS volumes) is supported`));

/** The importer for each format, listed explicitly. */
export const importers: Partial<Record<Format, Importer>> = {
  text: createTextImporter('text'),
  markdown: createTextImporter('markdown'),
  tei: teiImporter,
  xml: notTei,
  pdf: pdfImporter,
  image: imageImporter,
  html: htmlImporter,
};

/** Formats read as a stream of documents (used instead of the importer above). */
export const streamingImporters: Partial<Record<Format, StreamingImporter>> = {
  tei: teiStreamingImporter,
};
