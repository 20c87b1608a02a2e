import { describe, it, expect } from 'vitest';
import { extractAll } from './index.js';

const CABLE = [
  'DECLASSIFIED',
  'Authority NLR-748-25-31-2-1',
  'BY KDB NARA DATE 7/16/2019',
  'S E C R E T  SECTION 01 OF 02 USNATO 05509',
  'O 131656Z OCT 86',
  'FM USMISSION USNATO',
  'TO SECSTATE WASHDC IMMEDIATE 1234',
  'INFO AMEMBASSY MOSCOW PRIORITY',
  'E.O. 12356: DECL: OADR',
  'TAGS: PARM, NATO',
  'SUBJ: NAC BRIEFING ON REYKJAVIK',
  '',
  '1. (S) ENTIRE TEXT. ALLIES MET ON OCTOBER 2, 1986. (b)(1) [name not declassified]',
  '2. (C) SEE PARA 1.',
].join('\n');

describe('extractAll', () => {
  it('reads a declassified cable', () => {
    const r = extractAll(CABLE);
    expect(r.date?.value).toMatchObject({ start: '1986-10-13', time: '16:56' });
    expect(r.type.value).toBe('telegram');
    expect(r.from.map((p) => p.value.name)).toEqual(['USMISSION USNATO']);
    expect(r.to.map((p) => p.value.name)).toEqual(['SECSTATE WASHDC']);
    expect(r.subject?.value).toBe('NAC BRIEFING ON REYKJAVIK');
    expect(r.classification.value.level).toBe('SECRET');
    expect(r.classification.portions).toEqual({ '(S)': 1, '(C)': 1 });
    expect(r.declassification?.value).toEqual({ authority: null, date: '2019-07-16', case: 'NLR-748-25-31-2-1' });
    expect(r.exemptions.codes).toEqual(['(b)(1)']);
    expect(r.redactions).toMatchObject({ count: 1, kinds: { name: 1 } });
  });

  it('gives spans that point at the evidence', () => {
    const r = extractAll(CABLE);
    const at = (s: { start: number; end: number }) => CABLE.slice(s.start, s.end);
    expect(at(r.date!.span)).toBe('O 131656Z OCT 86');
    expect(at(r.subject!.span)).toBe('NAC BRIEFING ON REYKJAVIK');
    expect(at(r.from[0]!.span)).toBe('USMISSION USNATO');
    expect(at(r.redactions.markers[0]!.span)).toBe('[name not declassified]');
    expect(at(r.exemptions.hits[0]!.span)).toBe('(b)(1)');
  });

  it('reads a FRUS document', () => {
    const text = [
      '301. Memorandum From the Ambassador at Large (Thompson) to Secretary of State Rusk',
      'Washington, March 2, 1963.',
      'SUBJECT',
      'Soviet troops in Cuba',
      'The [less than 1 line of source text not declassified] reports that on February 20, 1963 ...',
      '',
      'Source: Department of State, Central Files. Secret; Eyes Only.',
    ].join('\n');
    const r = extractAll(text);
    expect(r.type.value).toBe('memorandum');
    expect(r.date?.value.start).toBe('1963-03-02');
    expect(r.from[0]?.value.name).toBe('Ambassador at Large (Thompson)');
    expect(r.to[0]?.value.name).toBe('Secretary of State Rusk');
    expect(r.classification.value).toEqual({ level: 'SECRET', caveats: ['EYES ONLY'] });
    expect(r.redactions.count).toBe(1);
  });

  it('is pure: same text, same result', () => {
    expect(extractAll(CABLE)).toEqual(extractAll(CABLE));
  });
});
