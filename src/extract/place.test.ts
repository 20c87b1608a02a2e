import { describe, it, expect } from 'vitest';
import { extractDocumentDate } from './docdate.js';
import { extractPlace } from './place.js';

const place = (text: string) => extractPlace(text, extractDocumentDate(text))?.value ?? null;

describe('extractPlace', () => {
  it.each([
    ['Telegram From the Embassy in the Soviet Union to the Department of State\nMoscow, August 30, 1986, 1719Z\nText.', 'Moscow'],
    ['301. Memorandum From Rusk to Kennedy\nWashington, March 2, 1963.\nText.', 'Washington'],
    ['The Secretary of State to the Chargé\n[Washington,] January 3, 1942\nText.', 'Washington'],
    ['President Coolidge to the Secretary\nRapid City, S. Dak., July 2, 1927.\nText.', 'Rapid City, S. Dak.'],
    ['MEMORANDUM OF CONVERSATION\nDATE, TIME AND PLACE: July 19, 1995, 9:15 - 9:50 a.m., Oval Office\n', 'Oval Office'],
  ])('%#: %s → %s', (text, want) => expect(place(text)).toBe(want));

  it('reads the place of an undated dateline', () => {
    expect(place('Memorandum From Rusk to Kennedy\n[Washington,] undated\nText.')).toBe('Washington');
    expect(place('Paper\nReykjavik, undated.\nText.')).toBe('Reykjavik');
    expect(place('Paper\nText without a dateline.')).toBeNull();
  });

  it('gives no place for a cable date-time group, a labelled date or a body sentence', () => {
    expect(place('O 131656Z OCT 86\nFM USMISSION USNATO\nTO SECSTATE WASHDC')).toBeNull();
    expect(place('MEMORANDUM FOR THE PRESIDENT\nDATE: October 14, 1994\n')).toBeNull();
    expect(place('Heading\nWe agreed on 3 May 1950 that the talks would go on.')).toBeNull();
  });

  it('reports the span of the place', () => {
    const text = 'Heading\nNew York, September 28, 1986\nBody';
    const p = extractPlace(text, extractDocumentDate(text))!;
    expect(text.slice(p.span.start, p.span.end)).toBe('New York');
  });
});
