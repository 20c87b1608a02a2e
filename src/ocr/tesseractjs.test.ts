import { ocrEngineContract } from './ocr.contract.js';
import { createTesseractJs } from './tesseractjs.js';

ocrEngineContract('tesseract.js', () => createTesseractJs({ concurrency: 2 }), null);
