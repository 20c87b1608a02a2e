import { createErrorFactory } from '../shared/errors.js';

/** OCR and page-image failures. Codes are stable; see docs/errors.md. */
export const ocrErrors = {
  engineFailed: createErrorFactory({ code: 'ocr.engine_failed', status: 500 }),
  noEngine: createErrorFactory({ code: 'ocr.no_engine', status: 500 }),
  timeout: createErrorFactory({ code: 'ocr.timeout', status: 504 }),
  imageTooLarge: createErrorFactory({ code: 'ocr.image_too_large', status: 413 }),
  pageImageFailed: createErrorFactory({ code: 'ocr.page_image_failed', status: 422 }),
  corruptImage: createErrorFactory({ code: 'ocr.corrupt_image', status: 422 }),
};
