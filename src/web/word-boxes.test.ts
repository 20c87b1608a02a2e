import { describe, expect, it } from 'vitest';
import { queryTerms } from './highlight.js';
import { hitBoxes, hitWordIndexes, normaliseWords, parseStoredWords, type StoredWord } from './word-boxes.js';

const words: StoredWord[] = [
  ['The', 10, 20, 40, 40, 95, 1],
  ['old', 50, 20, 80, 40, 94, 1],
  ['lighthouse,', 90, 20, 200, 40, 91, 1],
  ['north', 10, 60, 60, 80, 90, 2],
  ['mole', 70, 60, 110, 80, 90, 2],
  ['Dredged', 10, 100, 100, 120, 88, 3],
  ['café', 110, 100, 150, 120, 88, 3],
];
const w = (wd: readonly StoredWord[]) => wd.map(([text, , , , , , line]) => ({ text, line }));
const hits = (q: string) => hitWordIndexes(w(words), queryTerms(q)).map((i) => words[i]![0]);

describe('OCR word boxes', () => {
  it('normalises pixel boxes to fractions of the image, ordered, clamped and rounded', () => {
    const [a, b] = normaliseWords(
      [
        ['a', 100, 50, 300, 150, 90, 1],
        ['b', 450, 280, 350, 260, 80, 2], // corners swapped, and past the right edge
      ],
      400,
      200,
    );
    expect(a).toEqual({ text: 'a', x0: 0.25, y0: 0.25, x1: 0.75, y1: 0.75, conf: 90, line: 1 });
    expect(b).toEqual({ text: 'b', x0: 0.875, y0: 1, x1: 1, y1: 1, conf: 80, line: 2 });
    expect(normaliseWords(words, 1000 / 3, 300)[0]!.x0).toBe(0.03);
    expect(normaliseWords(words, 0, 100)).toEqual([]);
  });

  it('parses stored JSON and skips malformed entries', () => {
    expect(parseStoredWords('not json')).toEqual([]);
    expect(parseStoredWords('{"a":1}')).toEqual([]);
    expect(parseStoredWords('[["ok",1,2,3,4,90,1],["bad",1,2],[3,1,2,3,4,5,6],["nan",1,2,3,null,5,6]]')).toEqual([
      ['ok', 1, 2, 3, 4, 90, 1],
    ]);
  });

  it('hits words exactly as the text highlighter does: case, punctuation, inflections, prefixes, accents, phrases', () => {
    expect(hits('LIGHTHOUSE')).toEqual(['lighthouse,']);
    expect(hits('dredge')).toEqual(['Dredged']); // simple stemming, like the text
    expect(hits('light*')).toEqual(['lighthouse,']);
    expect(hits('light')).toEqual([]); // a word is not a prefix unless asked
    expect(hits('cafe')).toEqual(['café']);
    expect(hits('"north mole"')).toEqual(['north', 'mole']); // a phrase marks each word
    expect(hits('"lighthouse north"')).toEqual(['lighthouse,', 'north']); // across a line break
    expect(hits('old OR -mole')).toEqual(['old']);
    expect(hits('')).toEqual([]);
  });

  it('returns the boxes of the hit words', () => {
    const boxes = hitBoxes(normaliseWords(words, 400, 200), queryTerms('mole'));
    expect(boxes).toEqual([{ text: 'mole', x0: 0.175, y0: 0.3, x1: 0.275, y1: 0.4, conf: 90, line: 2 }]);
  });
});
