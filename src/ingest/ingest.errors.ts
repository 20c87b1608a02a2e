import { createErrorFactory } from '../shared/errors.js';

/** Per-file ingest failures. Codes are stable; see docs/errors.md. */
export const ingestErrors = {
  emptyFile: createErrorFactory({ code: 'ingest.empty_file', status: 422 }),
  fileTooLarge: createErrorFactory({ code: 'ingest.file_too_large', status: 413 }),
  unreadable: createErrorFactory({ code: 'ingest.unreadable', status: 422 }),
  unsupportedFormat: createErrorFactory({ code: 'ingest.unsupported_format', status: 415 }),
  undecodable: createErrorFactory({ code: 'ingest.undecodable_text', status: 422 }),
  malformedXml: createErrorFactory({ code: 'ingest.malformed_xml', status: 422 }),
  forbiddenXml: createErrorFactory({ code: 'ingest.forbidden_xml', status: 422 }),
  noDocuments: createErrorFactory({ code: 'ingest.no_documents', status: 422 }),
  corruptPdf: createErrorFactory({ code: 'ingest.corrupt_pdf', status: 422 }),
  encryptedPdf: createErrorFactory({ code: 'ingest.encrypted_pdf', status: 422 }),
  corruptImage: createErrorFactory({ code: 'ingest.corrupt_image', status: 422 }),
  imageTooLarge: createErrorFactory({ code: 'ingest.image_too_large', status: 413 }),
  tooManyPages: createErrorFactory({ code: 'ingest.too_many_pages', status: 413 }),
  internal: createErrorFactory({ code: 'ingest.internal', status: 500 }),
};
