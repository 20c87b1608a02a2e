import { createNativeTesseract, nativeTesseractAvailable } from './native.js';
import { ocrErrors } from './ocr.errors.js';
import type { OcrEngine } from './ocr.types.js';
import { createTesseractJs } from './tesseractjs.js';

export type OcrEngineChoice = 'auto' | 'tesseract' | 'tesseract.js';

/** Native tesseract when it is on the PATH (or asked for), else tesseract.js with the bundled English model. */
export function createOcrEngine(opts: {
  choice: OcrEngineChoice;
  concurrency: number;
  tesseractBinary: string;
  /** Per-page limit of either engine (ms). */
  timeoutMs?: number;
  env: Record<string, string | undefined>;
}): OcrEngine {
  const native = () =>
    createNativeTesseract({
      binary: opts.tesseractBinary,
      concurrency: opts.concurrency,
      env: opts.env,
      ...(opts.timeoutMs === undefined ? {} : { timeoutMs: opts.timeoutMs }),
    });
  const wasm = () =>
    createTesseractJs({ concurrency: opts.concurrency, ...(opts.timeoutMs === undefined ? {} : { timeoutMs: opts.timeoutMs }) });
  switch (opts.choice) {
    case 'tesseract':
      if (!nativeTesseractAvailable(opts.tesseractBinary)) {
        throw ocrErrors.noEngine(
          `${opts.tesseractBinary} (with the English model) was not found; install tesseract-ocr tesseract-ocr-eng or use DECLASS_OCR_ENGINE=auto`,
        );
      }
      return native();
    case 'tesseract.js':
      return wasm();
    case 'auto':
      return nativeTesseractAvailable(opts.tesseractBinary) ? native() : wasm();
  }
}
