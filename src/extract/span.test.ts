import { describe, expect, it } from 'vitest';
import { collapseWhitespace, isWhiteSpace } from './span.js';

describe('whitespace helpers', () => {
  it('isWhiteSpace is \\s of a regular expression for every code unit', () => {
    for (let c = 0; c <= 0xffff; c++) expect(isWhiteSpace(c), c.toString(16)).toBe(/\s/.test(String.fromCharCode(c)));
  });

  it('collapseWhitespace is replace(/\\s+/g, " ").trim(), and returns text already collapsed as it is', () => {
    const samples = ['', ' ', 'Mr.  Lansing', ' the\u00a0Secretary ', 'a\nb', 'a \n b', 'x\u2028y', '\tTab\t', 'one two three'];
    for (const s of samples) expect(collapseWhitespace(s), JSON.stringify(s)).toBe(s.replace(/\s+/g, ' ').trim());
    const plain = 'David R. Francis';
    expect(collapseWhitespace(plain)).toBe(plain);
  });
});
