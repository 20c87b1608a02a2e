import { isNoiseWord } from './noise.js';
import type { OcrResult, OcrWord } from './ocr.types.js';

/**
 * Reads Tesseract's TSV output (both native tesseract and tesseract.js write
 * it): one row per layout element; level 5 rows are words with their box and
 * confidence. Text is rebuilt from the words so that it and the boxes never
 * disagree: words joined by spaces, lines by a newline, paragraphs by a blank
 * line. Noise (isNoiseWord: doubtful, unword-like marks) is kept among the
 * words but left out of the text.
 */
export function parseTesseractTsv(tsv: string, size: { width: number; height: number }): OcrResult {
  const words: OcrWord[] = [];
  /** Paragraphs of lines of the text's words (noise left out). */
  const paragraphs: string[][][] = [];
  let lineKey = '';
  let paraKey = '';
  let line = -1;
  for (const row of tsv.split('\n')) {
    const f = row.split('\t');
    if (f.length < 12 || f[0] !== '5') continue;
    const text = (f[11] ?? '').trim();
    if (!text) continue;
    const pk = `${f[1]}/${f[2]}/${f[3]}`;
    const lk = `${pk}/${f[4]}`;
    if (pk !== paraKey) paragraphs.push([]);
    if (lk !== lineKey) {
      paragraphs.at(-1)?.push([]);
      line++;
    }
    lineKey = lk;
    paraKey = pk;
    const left = Number(f[6]);
    const top = Number(f[7]);
    const confidence = Math.max(0, Math.min(100, Number(f[10])));
    words.push({ text, x0: left, y0: top, x1: left + Number(f[8]), y1: top + Number(f[9]), confidence, line });
    if (!isNoiseWord({ text, confidence })) paragraphs.at(-1)?.at(-1)?.push(text);
  }
  const text = paragraphs
    .map((p) =>
      p
        .filter((l) => l.length)
        .map((l) => l.join(' '))
        .join('\n'),
    )
    .filter(Boolean)
    .join('\n\n');
  const meanConfidence = words.length ? words.reduce((n, w) => n + w.confidence, 0) / words.length : 0;
  return { text, words, meanConfidence, width: size.width, height: size.height };
}
