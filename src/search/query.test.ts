import { describe, expect, it } from 'vitest';
import { isDeclassError } from '../shared/errors.js';
import type { TextNode } from './query.ast.js';
import { parseQuery } from './query.js';
import { compileText } from './providers/sqlite-fts5.compile.js';

/** A compact rendering of the text tree, to keep expectations readable. */
function show(n: TextNode | null): string {
  if (!n) return '∅';
  switch (n.kind) {
    case 'term':
      return `${n.field ? `${n.field}:` : ''}${n.text}${n.prefix ? '*' : ''}`;
    case 'phrase':
      return `${n.field ? `${n.field}:` : ''}"${n.text}"`;
    case 'near':
      return `NEAR(${n.terms.join(' ')},${n.distance})`;
    case 'and':
      return `(${n.children.map(show).join(' ')})`;
    case 'or':
      return `(${n.children.map(show).join(' | ')})`;
    case 'not':
      return `-${show(n.child)}`;
  }
}

const text = (q: string) => show(parseQuery(q).text);

function failure(q: string): { message: string; position: unknown } {
  try {
    parseQuery(q);
  } catch (err) {
    if (isDeclassError(err) && err.code === 'search.invalid_query') return { message: err.message, position: err.details?.position };
    throw err;
  }
  throw new Error(`expected "${q}" to be refused`);
}

describe('parseQuery: text', () => {
  it.each([
    ['lake', 'lake'],
    ['lake enlargement', '(lake enlargement)'],
    ['lake AND enlargement', '(lake enlargement)'],
    ['"lake enlargement"', '"lake enlargement"'],
    ['“lake enlargement”', '"lake enlargement"'],
    ['lake OR dam', '(lake | dam)'],
    ['lake | dam', '(lake | dam)'],
    ['a b OR c', '((a b) | c)'],
    ['a (b OR c)', '(a (b | c))'],
    ['a -b', '(a -b)'],
    ['a -"b c"', '(a -"b c")'],
    ['a -(b OR c)', '(a -(b | c))'],
    ['negotiat*', 'negotiat*'],
    ['NEAR(lake enlargement, 10)', 'NEAR(lake enlargement,10)'],
    ['NEAR(lake enlargement)', 'NEAR(lake enlargement,10)'],
    ['NEAR("lake elsin" dam, 3)', 'NEAR(lake elsin dam,3)'],
    ['title:treaty', 'title:treaty'],
    ['title:"lake treaty" dam', '(title:"lake treaty" dam)'],
    ['title:negot*', 'title:negot*'],
    ['(a b) c', '(a b c)'],
    ['((a))', 'a'],
    ['Russia, relations with: loans', '(Russia relations with loans)'],
    ['well-known U.S. policy', '(well-known U.S policy)'],
    ['near or and', '(near or and)'],
    ['x-ray', 'x-ray'],
    ['12:30 meeting', '(12:30 meeting)'],
    ['lake - dam', '(lake dam)'],
    ['NEAR lake', '(NEAR lake)'],
    ['Note: see', '(note see)'],
    ['"a" OR "b"', '(a | b)'.replace('a', '"a"').replace('b)', '"b")')],
  ])('%s', (q, expected) => {
    expect(text(q)).toBe(expected);
  });
});

describe('parseQuery: filters, dates and sort', () => {
  it('reads field filters, quoted values and exclusions', () => {
    const q = parseQuery('lake type:telegram person:"Harriet Quill" -caveat:NODIS exemption:(b)(1) release:F-2017-13804');
    expect(show(q.text)).toBe('lake');
    expect(q.filters.map((f) => [f.field, f.value, f.negated])).toEqual([
      ['type', 'telegram', false],
      ['person', 'Harriet Quill', false],
      ['caveat', 'NODIS', true],
      ['exemption', '(b)(1)', false],
      ['release', 'F-2017-13804', false],
    ]);
  });

  it('allows filters alone and applies them to an OR as a whole', () => {
    expect(parseQuery('type:telegram').text).toBeNull();
    const q = parseQuery('lake OR dam type:telegram');
    expect(show(q.text)).toBe('(lake | dam)');
    expect(q.filters).toHaveLength(1);
    expect(show(parseQuery('-lake type:memo').text)).toBe('-lake');
  });

  it.each([
    ['date:1994', '1994-01-01', '1994-12-31'],
    ['date:1994-09..1995-12', '1994-09-01', '1995-12-31'],
    ['date:1996-02', '1996-02-01', '1996-02-29'],
    ['date:1994-09-15', '1994-09-15', '1994-09-15'],
    ['date:1994..', '1994-01-01', null],
    ['date:..1995-06', null, '1995-06-30'],
    ['before:1995', null, '1994-12-31'],
    ['before:1995-03-01', null, '1995-02-28'],
    ['after:1994-06', '1994-07-01', null],
    ['after:1999-12-31', '2000-01-01', null],
  ])('%s', (q, from, to) => {
    const d = parseQuery(`x ${q}`).dates[0]!;
    expect([d.from, d.to]).toEqual([from, to]);
  });

  it.each([
    ['sort:date', 'date_asc'],
    ['sort:-date', 'date_desc'],
    ['sort:date-desc', 'date_desc'],
    ['sort:relevance', 'relevance'],
  ])('%s', (q, sort) => {
    expect(parseQuery(`lake ${q}`).sort).toBe(sort);
  });
});

describe('parseQuery: malformed input is refused with a position', () => {
  it.each([
    ['', 'at least one word', 1],
    ['   ', 'at least one word', 1],
    ['"lake enlargement', 'Unclosed quote', 1],
    ['lake "dam', 'Unclosed quote', 6],
    ['(lake OR dam', 'never closed', 1],
    ['lake)', 'no "("', 5],
    ['lake OR', 'on its right', 6],
    ['OR lake', 'on its left', 1],
    ['lake OR OR dam', 'on its right', 6],
    ['lake AND', 'on its right', 6],
    ['()', 'Empty parentheses', 1],
    ['-lake', 'exclusions', 1],
    ['-lake -dam', 'exclusions', 1],
    ['lake OR -dam', 'alternative of OR', 1],
    ['NEAR(lake)', 'at least two words', 1],
    ['NEAR(lake dam', 'never closed', 1],
    ['NEAR(lake dam, x)', 'distance', 16],
    ['NEAR(lake dam, 500)', 'too large', 16],
    ['NEAR(lake (dam))', 'Only words', 11],
    ['la*ke', 'can only end a word', 3],
    ['*', 'must follow the start', 1],
    ['foo:bar', 'Unknown field "foo:"', 1],
    ['type:', 'needs a value', 1],
    ['type: telegram', 'needs a value', 1],
    ['(lake type:telegram)', 'inside parentheses', 7],
    ['date:1994-13', 'not a date', 6],
    ['date:1995..1994', 'ends before it starts', 6],
    ['date:soon', 'not a date', 6],
    ['-date:1994 lake', 'cannot be excluded', 2],
    ['lake sort:random', 'Unknown sort', 11],
    ['"a" OR x:y) NEAR(', 'Unknown field "x:"', 8],
    ['((((lake', 'never closed', 4],
  ])('%s', (q, fragment, position) => {
    const f = failure(q);
    expect(f.message).toContain(fragment);
    expect(f.position).toBe(position);
  });

  it('refuses very long queries and very deep nesting', () => {
    expect(failure('a '.repeat(600)).message).toContain('too long');
    expect(failure(`${'('.repeat(30)}a${')'.repeat(30)}`).message).toContain('nested');
  });
});

describe('compileText (FTS5): user strings are always quoted', () => {
  it.each([
    ['lake', '"lake"'],
    ['lake dam', '("lake") AND ("dam")'],
    ['a -b -c', '(("a")) NOT ("b" OR "c")'],
    ['title:treaty', 'title : "treaty"'],
    ['negot*', '"negot" *'],
    ['NEAR(a b, 3)', 'NEAR("a" "b", 3)'],
    ['x AND "y OR z"', '("x") AND ("y OR z")'],
    ['"NEAR(a"', '"NEAR(a"'],
    ['a OR b:c', ''],
  ])('%s', (q, expected) => {
    let match: string | null;
    try {
      match = compileText(parseQuery(q).text).match;
    } catch {
      match = '';
    }
    expect(match).toBe(expected);
  });

  it('compiles an exclusion-only text (with a filter) as an exclude set', () => {
    expect(compileText(parseQuery('-lake type:telegram').text)).toMatchObject({ match: null, exclude: '"lake"' });
  });
});
