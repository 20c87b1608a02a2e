/** A page image handed to an OCR engine: PNG or JPEG bytes and their pixel size. */
export interface OcrImage {
  bytes: Uint8Array;
  width: number;
  height: number;
  /** Resolution of the scan where known (helps the engine judge text size). */
  dpi?: number;
}

/** One recognised word; the box is in image pixels (x0,y0 top-left; x1,y1 exclusive bottom-right). */
export interface OcrWord {
  text: string;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  /** 0–100, as the engine reports it. */
  confidence: number;
  /** Line number on the page (0-based), so text and highlights can be rebuilt line by line. */
  line: number;
}

export interface OcrResult {
  /** The page's text: words joined by spaces, lines by newlines, blocks and paragraphs by a blank line. */
  text: string;
  words: OcrWord[];
  /** Mean word confidence (0–100); 0 for a page without words. */
  meanConfidence: number;
  width: number;
  height: number;
}

/** An OCR engine. Engines share one contract suite (ocr.contract.ts). */
export interface OcrEngine {
  /** Short, stable name stored with each page's OCR ("tesseract", "tesseract.js"). */
  readonly name: string;
  /** Pages it can usefully recognise at once (callers parallelise up to this). */
  readonly concurrency: number;
  recognize(image: OcrImage): Promise<OcrResult>;
  close(): Promise<void>;
}
