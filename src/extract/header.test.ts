import { describe, it, expect } from 'vitest';
import { extractHeader, normaliseParty } from './header.js';

const names = (xs: { value: { name: string } }[]) => xs.map((x) => x.value.name);

describe('FRUS headings', () => {
  it('keeps the office and the parenthesised surname', () => {
    const h = extractHeader('File No. 861.51/135\nThe Ambassador in Russia (Francis) to the Secretary of State\nPetrograd, April 21, 1917');
    expect(names(h.from)).toEqual(['Ambassador in Russia (Francis)']);
    expect(names(h.to)).toEqual(['Secretary of State']);
  });

  it('splits at the " to " after the surname when an office contains "to"', () => {
    const h = extractHeader('The Chairman of the Advisory Commission of Railway Experts to Russia (Stevens) to the Secretary of State');
    expect(names(h.from)).toEqual(['Chairman of the Advisory Commission of Railway Experts to Russia (Stevens)']);
    expect(names(h.to)).toEqual(['Secretary of State']);
  });

  it('reads modern headings with a stated kind', () => {
    const h = extractHeader(
      '301. Memorandum From the Ambassador at Large (Thompson) to Secretary of State Rusk\nWashington, March 2, 1963.',
    );
    expect(names(h.from)).toEqual(['Ambassador at Large (Thompson)']);
    expect(names(h.to)).toEqual(['Secretary of State Rusk']);
    const t = extractHeader('5. Telegram From the Embassy in the Soviet Union to the Department of State');
    expect(names(t.from)).toEqual(['Embassy in the Soviet Union']);
    expect(names(t.to)).toEqual(['Department of State']);
  });

  it('reads "Memorandum by" and "Memorandum for" headings', () => {
    expect(names(extractHeader('Memorandum by the Receiver of Customs of Liberia (Worley)\n[Washington,] undated').from)).toEqual([
      'Receiver of Customs of Liberia (Worley)',
    ]);
    expect(names(extractHeader('Memorandum for the President\nWashington, May 1, 1962').to)).toEqual(['President']);
  });

  it('gives memoranda for the file or the record no recipient', () => {
    expect(extractHeader('Memorandum for the Record\nWashington, May 1, 1962').to).toEqual([]);
    const memo = extractHeader('MEMORANDUM FOR THE FILE\nFROM: John Doe\nSUBJECT: Talks');
    expect(memo.to).toEqual([]);
    expect(names(memo.from)).toEqual(['John Doe']);
    expect(extractHeader('MEMORANDUM FOR THE FILES').to).toEqual([]);
    expect(names(extractHeader('MEMORANDUM FOR THE FILE CLERK').to)).toEqual(['FILE CLERK']);
  });

  it('splits several recipients', () => {
    const h = extractHeader('The Secretary of State to the Ambassador in France (Herrick) and the Ambassador in Italy (Fletcher)');
    expect(names(h.to)).toEqual(['Ambassador in France (Herrick)', 'Ambassador in Italy (Fletcher)']);
  });

  it('does not read a body sentence after the dateline as a heading', () => {
    const h = extractHeader('File No. 1\nWashington, May 1, 1927.\nThe Minister went to the Foreign Office today.');
    expect(h.from).toEqual([]);
  });

  it('gives spans on the original text', () => {
    const t = 'The Ambassador in Russia (Francis) to the Secretary of State';
    const h = extractHeader(t);
    expect(t.slice(h.from[0]!.span.start, h.from[0]!.span.end)).toBe('The Ambassador in Russia (Francis)');
  });
});

describe('memo and cable headers', () => {
  it('reads MEMORANDUM FOR / FROM / SUBJECT', () => {
    const h = extractHeader('SECRET\nMEMORANDUM FOR THE PRESIDENT\nFROM: Anthony Lake\nSUBJECT: Bosnia: Next\n  Steps\n\nText.');
    expect(names(h.to)).toEqual(['PRESIDENT']);
    expect(names(h.from)).toEqual(['Anthony Lake']);
    expect(h.subject?.value).toBe('Bosnia: Next Steps');
  });

  it('reads MEMORANDUM FOR: with a colon', () => {
    const h = extractHeader('MEMORANDUM FOR: The Secretary of Defense\nFROM: Director of Central Intelligence\nSUBJECT: Soviet Forces');
    expect(names(h.to)).toEqual(['Secretary of Defense']);
    expect(names(h.from)).toEqual(['Director of Central Intelligence']);
  });

  it('reads cable FM / TO / SUBJ without precedence and number', () => {
    const h = extractHeader(
      'O 131656Z OCT 86\nFM AMEMBASSY MOSCOW\nTO SECSTATE WASHDC IMMEDIATE 1234\nINFO USMISSION USNATO\nSUBJ: REYKJAVIK FOLLOW-UP',
    );
    expect(names(h.from)).toEqual(['AMEMBASSY MOSCOW']);
    expect(names(h.to)).toEqual(['SECSTATE WASHDC']);
    expect(h.subject?.value).toBe('REYKJAVIK FOLLOW-UP');
  });

  it('reads a memcon participants list, skipping side headings', () => {
    const h = extractHeader(
      'MEMORANDUM OF CONVERSATION\nSUBJECT: Lunch\nPARTICIPANTS:\nU.S.\nThe President\nSecretary Christopher\nRussia\nPresident Yeltsin\nDATE, TIME AND PLACE: October 23, 1995',
    );
    expect(names(h.participants)).toEqual(['The President', 'Secretary Christopher', 'President Yeltsin']);
  });

  it('splits participants given on one line', () => {
    expect(names(extractHeader('Participants: Secretary Vance; Minister Gromyko; Ambassador Dobrynin').participants)).toEqual([
      'Secretary Vance',
      'Minister Gromyko',
      'Ambassador Dobrynin',
    ]);
  });
});

describe('normaliseParty', () => {
  it('drops the article, footnote digits and trailing punctuation', () => {
    expect(normaliseParty('the Ambassador in Argentina(Weddell)2.')).toBe('Ambassador in Argentina (Weddell)');
  });
});
