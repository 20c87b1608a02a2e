import { isWordLike } from './quality.js';

/**
 * Below this confidence a token goes into the page text only when it looks
 * like a word or a number; below NOISE_FLOOR never. Measured on the Reagan
 * NSDD scans (npm run eval:ocr): what falls under it is mostly stamps,
 * signatures, handwriting and specks read as letters ("-tor-seerep-", "}(wummme:").
 */
export const DOUBTFUL_CONFIDENCE = 50;
export const NOISE_FLOOR = 25;

const NUMBERISH = /^[([]?[\d.,:/-]+[)\].,;:]?$/;
const strip = (t: string) => t.replace(/^[("'“‘[]+|[)"'”’\].,;:!?]+$/g, '');

/**
 * Whether an OCR word is noise, left out of the page's text. Pure. The word
 * itself is still stored with its box and confidence (redaction detection and
 * the viewer use every mark on the page).
 */
export function isNoiseWord(w: { text: string; confidence: number }): boolean {
  if (w.confidence >= DOUBTFUL_CONFIDENCE) return false;
  if (w.confidence < NOISE_FLOOR) return true;
  return !(isWordLike(strip(w.text)) || NUMBERISH.test(w.text));
}
