import { describe, it, expect } from 'vitest';
import { extractFields } from './enrich.js';

describe('extractFields', () => {
  it('stores the dateline place with its page and span', () => {
    const pages = ['Heading of the record\nMoscow, August 30, 1986, 1719Z\nText.', 'Second page.'];
    const fields = extractFields({ pages: pages.map((text) => ({ label: null, text, textSource: 'layer' as const })), fields: {} });
    const place = fields.find((f) => f.name === 'dateline_place');
    expect(place).toMatchObject({ value: 'Moscow', pageNo: 1 });
    expect(pages[0]!.slice(place!.spanStart!, place!.spanEnd!)).toBe('Moscow');
    expect(fields.find((f) => f.name === 'date')?.value).toMatchObject({ start: '1986-08-30' });
  });
});
