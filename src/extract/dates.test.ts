import { describe, it, expect } from 'vitest';
import { parseDateString, resolveYear } from './dates.js';
import { extractDocumentDate } from './docdate.js';

const day = (s: string) => parseDateString(s)?.start ?? null;

describe('parseDateString', () => {
  it.each([
    ['October 14, 1994', '1994-10-14'],
    ['14 October 1994', '1994-10-14'],
    ['14 Oct 94', '1994-10-14'],
    ['10/14/94', '1994-10-14'],
    ['Oct. 14, 1994', '1994-10-14'],
    ['Sept. 3, 1985', '1985-09-03'],
    ['January3, 1942', '1942-01-03'],
    ['3 January, 1942', '1942-01-03'],
    ['May 5,1914.', '1914-05-05'],
    ['[October 14, 1994]', '1994-10-14'],
    ['Washington, October 14, 1994.', '1994-10-14'],
    ['OCTOBER 14, 1994', '1994-10-14'],
    ['1994-10-14', '1994-10-14'],
  ])('%s → %s', (s, want) => expect(day(s)).toBe(want));

  it('keeps the time of day', () => {
    expect(parseDateString('January 3, 1952—4:57 p. m.')).toMatchObject({ start: '1952-01-03', time: '16:57' });
    expect(parseDateString('Petrograd, April 21, 1917, 10 p.m.')).toMatchObject({ start: '1917-04-21', time: '22:00' });
    expect(parseDateString('January 3, 1942—noon')?.time).toBe('12:00');
    expect(parseDateString('January 24, 1952—midnight')?.time).toBe('00:00');
    expect(parseDateString('June 1, 1950—12 a.m.')?.time).toBe('00:00');
  });

  it('lets the editor’s bracketed year or day win', () => {
    expect(day('January 2, 1942 [1943]')).toBe('1943-01-02');
    expect(parseDateString('January 11, 1942 [1943]—3 p.m.')).toMatchObject({ start: '1943-01-11', time: '15:00' });
    expect(day('January 22 [23], 1943')).toBe('1943-01-23');
  });

  it('keeps the printed reading beside a firm correction', () => {
    expect(parseDateString('January 2, 1942 [1943]')?.alternative).toEqual({
      start: '1942-01-02',
      end: '1942-01-02',
      basis: 'as-written',
    });
    expect(parseDateString('16 January 1945 [1946]')).toMatchObject({
      start: '1946-01-16',
      alternative: { start: '1945-01-16', basis: 'as-written' },
    });
    expect(parseDateString('January 22 [23], 1943')?.alternative?.start).toBe('1943-01-22');
    expect(parseDateString('October 14, 1994')?.alternative).toBeUndefined();
  });

  it('does not let a question-marked correction win, and marks the date uncertain', () => {
    expect(parseDateString('June 25 [27?], 1942')).toMatchObject({
      start: '1942-06-25',
      uncertain: true,
      alternative: { start: '1942-06-27', basis: 'conjecture' },
    });
    expect(parseDateString('January 20?, 1943')).toMatchObject({ start: '1943-01-20', uncertain: true });
    expect(parseDateString('January 20–22? 1943')).toMatchObject({ start: '1943-01-20', end: '1943-01-22', uncertain: true });
    expect(parseDateString('January 20, 1943')?.uncertain).toBeUndefined();
  });

  it.each([
    ['January [13], 1942', '1942-01-13'],
    ['23rd June 1950', '1950-06-23'],
    ['3rd August, 1944', '1944-08-03'],
    ['14th Sept[ember] 1944', '1944-09-14'],
    ['January 15—1952, 1 a. m.', '1952-01-15'],
  ])('reads editor-supplied days, ordinals, completed months and dashes: %s', (s, want) => expect(day(s)).toBe(want));

  it('reads months, years and ranges with their precision', () => {
    expect(parseDateString('June 1981')).toMatchObject({ start: '1981-06-01', end: '1981-06-30', precision: 'month' });
    expect(parseDateString('February 1984')?.end).toBe('1984-02-29');
    expect(parseDateString('1981')).toMatchObject({ start: '1981-01-01', end: '1981-12-31', precision: 'year' });
    expect(parseDateString('October 11–12, 1986')).toMatchObject({ start: '1986-10-11', end: '1986-10-12', precision: 'range' });
    expect(parseDateString('October 30–November 2, 1986')).toMatchObject({ start: '1986-10-30', end: '1986-11-02' });
    expect(parseDateString('11-12 October 1986')).toMatchObject({ start: '1986-10-11', end: '1986-10-12' });
    expect(parseDateString('December 30–January 2, 1987')).toMatchObject({ start: '1986-12-30', end: '1987-01-02' });
  });

  it('reads cable date-time groups', () => {
    expect(parseDateString('O 301727Z SEP 86')).toMatchObject({ start: '1986-09-30', time: '17:27' });
    expect(parseDateString('131656Z OCT 86')).toMatchObject({ start: '1986-10-13', time: '16:56' });
    expect(parseDateString('DTG: 131656Z')).toBeNull();
    expect(parseDateString('DTG: 131656Z', { year: 1986, month: 10 })).toMatchObject({ start: '1986-10-13', time: '16:56' });
  });

  it('returns null for undated and nonsense', () => {
    expect(parseDateString('undated')).toBeNull();
    expect(parseDateString('Washington, undated')).toBeNull();
    expect(parseDateString('File No. 861.51/135')).toBeNull();
    expect(parseDateString('February 30, 1990')).toBeNull();
    expect(parseDateString('')).toBeNull();
  });

  it('does not read a time as a two-digit year', () => {
    expect(parseDateString('October 14, 10 p.m.')).toBeNull();
    expect(parseDateString('October 14, 10 p.m.', { year: 1917 })).toMatchObject({ start: '1917-10-14', time: '22:00' });
  });

  it('resolves two-digit years near the context', () => {
    expect(resolveYear('94')).toBe(1994);
    expect(resolveYear('05', { year: 2003 })).toBe(2005);
    expect(resolveYear('99', { year: 2001 })).toBe(1999);
  });
});

describe('extractDocumentDate', () => {
  const at = (text: string) => extractDocumentDate(text);

  it('skips a declassification stamp at the top', () => {
    const text = 'DECLASSIFIED\nAuthority NLR-748-25-31-2-1\nBY NARA DATE 7/16/2019\nSECRET\nWashington, October 14, 1986\n\nBody of text.';
    const d = at(text);
    expect(d?.value.start).toBe('1986-10-14');
    expect(text.slice(d!.span.start, d!.span.end)).toBe('October 14, 1986');
  });

  it('skips Declassified/Released lines', () => {
    expect(at('Declassified/Released on 11/27/92 under provisions of E.O. 12356\nMEMORANDUM\nJune 3, 1985')?.value.start).toBe(
      '1985-06-03',
    );
  });

  it('prefers a labelled date', () => {
    const text =
      'MEMORANDUM OF CONVERSATION\nSUBJECT: Follow-up to the May 2, 1995 meeting\nDATE, TIME AND PLACE: July 19, 1995, 9:15 - 9:50 a.m., Oval Office';
    expect(at(text)?.value.start).toBe('1995-07-19');
  });

  it('reads the date on the line after a DATE: label', () => {
    expect(at('MEMORANDUM\nDATE:\n  March 4, 1970\nFROM: X')?.value.start).toBe('1970-03-04');
  });

  it('takes the DTG of a cable', () => {
    const text =
      'SECRET\nPAGE 01 USNATO 05509\nO 131656Z OCT 86\nFM USMISSION USNATO\nTO SECSTATE WASHDC IMMEDIATE 1234\nREF: STATE 123456 OF OCTOBER 2, 1986';
    expect(at(text)?.value).toMatchObject({ start: '1986-10-13', time: '16:56' });
  });

  it('returns null for an undated dateline even if the body mentions a date', () => {
    expect(at('Memorandum From Smith to Jones\nWashington, undated.\nOn June 4, 1962, the Soviets said...')).toBeNull();
  });

  it('ignores receipt stamps and file numbers', () => {
    const text =
      'File No. 861.51/135\nThe Ambassador in Russia (Francis) to the Secretary of State\n[Received April 22, 1917]\nPetrograd, April 21, 1917, 10 p.m.';
    expect(at(text)?.value.start).toBe('1917-04-21');
  });

  it('does not take a date from a long body paragraph', () => {
    const body = 'The meeting that took place on June 4, 1962 was '.padEnd(260, 'x');
    expect(at(`MEMORANDUM FOR THE PRESIDENT\n\n${body}`)).toBeNull();
  });
});
