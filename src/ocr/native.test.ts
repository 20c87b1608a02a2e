import { createNativeTesseract, nativeTesseractAvailable } from './native.js';
import { ocrEngineContract } from './ocr.contract.js';

const available = nativeTesseractAvailable();
ocrEngineContract(
  'native tesseract',
  () => createNativeTesseract({ env: { ...process.env } }),
  available ? null : 'tesseract (with eng) is not on the PATH',
);
