import { describe, it, expect } from 'vitest';
import { exemptionCodes, findExemptions, findRedactionMarkers, summariseMarkers } from './redactions.js';

const codes = (t: string) => exemptionCodes(findExemptions(t));

describe('findExemptions', () => {
  it.each([
    ['(b)(1)', ['(b)(1)']],
    ['(b) (3)', ['(b)(3)']],
    ['(b)(l)', ['(b)(1)']],
    ['(b)(I) (b)(6)', ['(b)(1)', '(b)(6)']],
    ['b(1)', ['(b)(1)']],
    ['(b)(7)(C)', ['(b)(7)(C)']],
    ['b1', ['(b)(1)']],
    ['B1\nB3', ['(b)(1)', '(b)(3)']],
    ['withheld under b6 and b7', ['(b)(6)', '(b)(7)']],
    ['1.4(c)', ['1.4(c)']],
    ['E.O. 13526, 1.4(d)', ['1.4(d)']],
    ['(b)(1) 1.5(d)', ['(b)(1)', '1.5(d)']],
    ['1.3(a)(4)', ['1.3(a)(4)']],
    ['25X1', ['25X1']],
    ['25 X 6', ['25X6']],
    ['50X1-HUM', ['50X1-HUM']],
  ])('%s', (t, want) => expect(codes(t)).toEqual(want));

  it('skips the legend of a withdrawal sheet and reads PRA restrictions joined to FOIA codes', () => {
    const sheet =
      'Withdrawal/Redaction Sheet\n001. cable re: Talks (3 pages) 07/21/1995 P1/b(1)\n002. memo 07/22/1995 P5\n' +
      'RESTRICTION CODES\nP1 National Security Classified Information [(a)(1) of the PRA]\n' +
      'b(1) National security classified information [(b)(1) of the FOIA]\nb(6) Release would constitute [(b)(6) of the FOIA]';
    expect(codes(sheet)).toEqual(['P1', '(b)(1)']);
  });

  it('does not take a classification reason for an exemption', () => {
    expect(codes('Classified by: Andrew D. Sens\nReason: 1.5 (d)\nDeclassify On: 10/31/05')).toEqual([]);
    expect(codes('withheld under E.O. 13526, 1.4(c)')).toEqual(['1.4(c)']);
  });

  it('keeps the statute beside (b)(3)', () => {
    const [hit] = findExemptions('(b)(3) 50 USC 3024(i)');
    expect(hit).toMatchObject({ value: '(b)(3)', statute: '50 USC 3024(i)' });
    expect(findExemptions('(b)(3) CIA Act')[0]?.statute).toBe('CIA Act');
  });

  it('does not read bombers or list items in prose as exemptions', () => {
    expect(codes('The Air Force wants to build the B1 bomber in large numbers this year.')).toEqual([]);
    expect(codes('See section 3(b)(2) of the act was amended')).toEqual(['(b)(2)']);
    expect(codes('B-1 program')).toEqual([]);
  });

  it('reports spans', () => {
    const t = 'text (b)(1) more';
    const [h] = findExemptions(t);
    expect(t.slice(h!.span.start, h!.span.end)).toBe('(b)(1)');
  });
});

describe('findRedactionMarkers', () => {
  it('classifies FRUS markers by kind', () => {
    const t =
      'A [less than 1 line of source text not declassified] B [2 lines of source text not declassified] [name not declassified] ' +
      '[cryptonym not declassified] [dollar amount not declassified] [3 names not declassified] [1 paragraph (5 lines of source text) not declassified]';
    const m = findRedactionMarkers(t);
    expect(m.map((x) => x.kind)).toEqual(['source text', 'source text', 'name', 'cryptonym', 'dollar amount', 'name', 'source text']);
    expect(m[0]!.extent).toBe('less than 1 line of source text');
    expect(m[5]!.quantity).toBe(3);
    expect(summariseMarkers(m)).toEqual({ count: 7, kinds: { 'source text': 3, name: 2, cryptonym: 1, 'dollar amount': 1 } });
    expect(t.slice(m[2]!.span.start, m[2]!.span.end)).toBe('[name not declassified]');
  });

  it('tolerates typesetting damage and line wraps', () => {
    expect(findRedactionMarkers('[less than 1 line of source text notdeclassified]')).toHaveLength(1);
    expect(findRedactionMarkers('[less than 1 line of source text not\n    declassified]')).toHaveLength(1);
    expect(findRedactionMarkers('[less than 1 lineof source text not declassified]')[0]?.extent).toBe('less than 1 line of source text');
  });

  it('finds cut-off fragments only when asked', () => {
    const t = 'source text not declassified] and then [less than 1 line of source text not';
    expect(findRedactionMarkers(t)).toHaveLength(0);
    const m = findRedactionMarkers(t, { allowPartial: true });
    expect(m).toHaveLength(2);
    expect(m.every((x) => x.partial)).toBe(true);
  });

  it('ignores ordinary brackets', () => {
    expect(findRedactionMarkers('[Telegram] [Received 11 p.m.] [sic]')).toHaveLength(0);
  });
});
