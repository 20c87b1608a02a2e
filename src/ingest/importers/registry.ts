import type { Format } from '../detect.js';
import type { Importer } from './importer.js';
import { createTextImporter } from './text.js';
import { teiImporter } from './tei.js';
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
