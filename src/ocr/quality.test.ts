import { describe, expect, it } from 'vitest';
import { GOOD_LAYER_SCORE, isWordLike, layerQuality, needsOcr } from './quality.js';
import { isNoiseWord } from './noise.js';
import { parseTesseractTsv } from './tsv.js';

const GOOD =
  'MEMORANDUM FOR THE PRESIDENT\nSUBJECT: Strategic Forces Modernization (U)\nThe Soviet Union has repeatedly violated some of its arms control obligations, and my reports to the Congress document them.';
const GARBAGE =
  "• \n\n' poe.0 1 ! ,,,, avo, \n\n1 \n• \nTS* MmiTS SOUS \n\n• ••• • \nOffio0AS \nthitilMeam.Secretagp \nifte,gamktae0,..42,3mo.* ..* :";

describe('layer quality', () => {
  it('tells words from OCR debris', () => {
    expect(isWordLike('Modernization')).toBe(true);
    expect(isWordLike('NATO')).toBe(true);
    expect(isWordLike('the')).toBe(true);
    expect(isWordLike('thitilMeam')).toBe(false);
    expect(isWordLike('Con9re11')).toBe(false);
    expect(isWordLike('rrrr')).toBe(false);
  });

  it('scores a clean layer high and debris low', () => {
    expect(layerQuality(GOOD).score).toBeGreaterThan(GOOD_LAYER_SCORE);
    expect(layerQuality(GARBAGE).score).toBeLessThan(0.5);
  });

  it('detects doubled text (two OCR passes laid over each other)', () => {
    const doubled = `${GOOD}\n${GOOD}\n${GOOD}`;
    const q = layerQuality(doubled);
    expect(q.doubled).toBeGreaterThan(0.5);
    expect(q.score).toBeLessThan(GOOD_LAYER_SCORE);
  });

  it('decides per mode: auto keeps a good layer and OCRs a poor or missing one; force and never do what they say', () => {
    expect(needsOcr(GOOD, 'auto')).toBe(false);
    expect(needsOcr(GARBAGE, 'auto')).toBe(true);
    expect(needsOcr('', 'auto')).toBe(true);
    expect(needsOcr(GOOD, 'force')).toBe(true);
    expect(needsOcr('', 'never')).toBe(false);
  });
});

describe('tesseract TSV', () => {
  it('reads words with boxes and rebuilds text by line and paragraph', () => {
    const tsv = [
      'level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext',
      '1\t1\t0\t0\t0\t0\t0\t0\t100\t100\t-1\t',
      '5\t1\t1\t1\t1\t1\t10\t20\t30\t12\t96.5\tSECRET',
      '5\t1\t1\t1\t2\t1\t10\t40\t20\t12\t91\tThe',
      '5\t1\t1\t1\t2\t2\t35\t40\t40\t12\t88\tPresident',
      '5\t1\t2\t1\t1\t1\t10\t80\t30\t12\t-1\t ',
      '5\t1\t2\t1\t1\t2\t10\t80\t30\t12\t70\tagreed.',
    ].join('\n');
    const r = parseTesseractTsv(tsv, { width: 100, height: 100 });
    expect(r.text).toBe('SECRET\nThe President\n\nagreed.');
    expect(r.words[2]).toEqual({ text: 'President', x0: 35, y0: 40, x1: 75, y1: 52, confidence: 88, line: 1 });
    expect(r.words.map((w) => w.line)).toEqual([0, 1, 1, 2]);
    expect(r.meanConfidence).toBeCloseTo((96.5 + 91 + 88 + 70) / 4);
  });

  it('keeps noise (doubtful marks that are not words) among the words but out of the text', () => {
    const tsv = [
      '5\t1\t1\t1\t1\t1\t10\t20\t30\t12\t96\tSECRET',
      '5\t1\t1\t1\t1\t2\t50\t20\t30\t12\t31\t}(wummme:',
      '5\t1\t1\t1\t2\t1\t10\t40\t20\t12\t44\tBomber',
      '5\t1\t1\t1\t2\t2\t35\t40\t40\t12\t40\t1985',
      '5\t1\t2\t1\t1\t1\t10\t80\t30\t12\t12\tRonald',
    ].join('\n');
    const r = parseTesseractTsv(tsv, { width: 100, height: 100 });
    expect(r.text).toBe('SECRET\nBomber 1985');
    expect(r.words.map((w) => [w.text, w.line])).toEqual([
      ['SECRET', 0],
      ['}(wummme:', 0],
      ['Bomber', 1],
      ['1985', 1],
      ['Ronald', 2],
    ]);
  });
});

describe('noise words', () => {
  it('are doubtful and unword-like, or nearly unreadable; confident words never are', () => {
    expect(isNoiseWord({ text: '-tor-seerep-', confidence: 40 })).toBe(true);
    expect(isNoiseWord({ text: 'Peacekeeper', confidence: 40 })).toBe(false);
    expect(isNoiseWord({ text: '(S)', confidence: 40 })).toBe(true);
    expect(isNoiseWord({ text: '15,', confidence: 30 })).toBe(false);
    expect(isNoiseWord({ text: 'missiles', confidence: 10 })).toBe(true);
    expect(isNoiseWord({ text: 'l3lst', confidence: 50 })).toBe(false);
  });
});
