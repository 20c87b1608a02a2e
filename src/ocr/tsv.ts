import type { OcrResult, OcrWord } from './ocr.types.js';

/**
 * Reads Tesseract's TSV output (both native tesseract and tesseract.js write
 * it): one row per layout element; level 5 rows are words with their box and
 * confidence. Text is rebuilt from the words so that it and the boxes never
 * disagree: words joined by spaces, lines by a newline, paragraphs by a blank line.
 */
export function parseTesseractTsv(tsv: string, size: { width: number; height: number }): OcrResult {
  const words: OcrWord[] = [];
  const parts: string[] = [];
  let lineKey = '';
  let paraKey = '';
  let line = -1;
  let current: string[] = [];
  const flush = () => {
    if (current.length) parts.push(current.join(' '));
    current = [];
  };
  for (const row of tsv.split('\n')) {
    const f = row.split('\t');
    if (f.length < 12 || f[0] !== '5') continue;
    const text = (f[11] ?? '').trim();
    if (!text) continue;
    const [block, par, ln] = [f[2], f[3], f[4]];
    const pk = `${f[1]}/${block}/${par}`;
    const lk = `${pk}/${ln}`;
    if (lk !== lineKey) {
      flush();
      if (paraKey && pk !== paraKey) parts.push('');
      lineKey = lk;
      paraKey = pk;
      line++;
    }
    const left = Number(f[6]);
    const top = Number(f[7]);
    const confidence = Math.max(0, Math.min(100, Number(f[10])));
    words.push({ text, x0: left, y0: top, x1: left + Number(f[8]), y1: top + Number(f[9]), confidence, line });
    current.push(text);
  }
  flush();
  const meanConfidence = words.length ? words.reduce((n, w) => n + w.confidence, 0) / words.length : 0;
  return { text: parts.join('\n').trim(), words, meanConfidence, width: size.width, height: size.height };
}
