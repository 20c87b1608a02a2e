import { describe, it, expect } from 'vitest';
import { detectDocType } from './doctype.js';

const type = (t: string) => detectDocType(t).value;

describe('detectDocType', () => {
  it.each([
    ['301. Memorandum From the Ambassador at Large (Thompson) to Secretary of State Rusk\nWashington, March 2, 1963.', 'memorandum'],
    ['Action Memorandum From the Assistant Secretary (Kampelman) to Secretary Shultz', 'memorandum'],
    ['12. Telegram From the Embassy in the Soviet Union to the Department of State\nMoscow, October 14, 1986, 1500Z.', 'telegram'],
    ['Memorandum of Conversation\nWashington, July 19, 1995', 'memorandum_of_conversation'],
    ['MEMORANDUM OF CONVERSATION\nPARTICIPANTS: The President', 'memorandum_of_conversation'],
    ['MEMORANDUM OF TELEPHONE CONVERSATION\nSUBJECT: Telcon with Chancellor Kohl', 'telephone_conversation'],
    ['Letter From President Reagan to General Secretary Gorbachev', 'letter'],
    ['National Security Decision Directive 227\nWashington, June 1, 1986', 'directive'],
    ['NATIONAL SECURITY DECISION DIRECTIVE NUMBER 178', 'other'],
    ['Summary of Conclusions of a Meeting of the Principals Committee', 'minutes'],
    ['Minutes of a National Security Council Meeting', 'minutes'],
    ['National Intelligence Estimate NIE 11-4-60', 'report'],
    ['Editorial Note', 'other'],
    ['Note From the Soviet Embassy to the Department of State', 'note'],
    ['MEMORANDUM FOR THE PRESIDENT\nFROM: Anthony Lake\nSUBJECT: Bosnia', 'memorandum'],
  ])('%s', (t, want) => expect(type(t)).toBe(want));

  it('recognises a cable from its furniture', () => {
    const cable =
      'SECRET\nPAGE 01 USNATO 05509 131656Z\nO 131656Z OCT 86\nFM USMISSION USNATO\nTO SECSTATE WASHDC IMMEDIATE 1234\nTAGS: PARM\nSUBJ: NAC';
    expect(type(cable)).toBe('telegram');
  });

  it('recognises a letter by its salutation', () => {
    expect(type('THE WHITE HOUSE\nWASHINGTON\nJune 3, 1985\nDear Mr. President:\nThank you for your letter.')).toBe('letter');
    expect(type('The Ambassador to the Secretary\nLondon, May 1, 1927.\nSir: I have the honor to report')).toBe('letter');
  });

  it('recognises a diplomatic note by its opening', () => {
    expect(type('The Secretary of State to the British Ambassador (Howard)\nWashington, May 1, 1927.\nExcellency: I have the honor')).toBe(
      'note',
    );
  });

  it('reads an old FRUS telegram from its dateline hour or serial number', () => {
    expect(
      type('The Ambassador in Russia (Francis) to the Secretary of State\nPetrograd, April 21, 1917, 10 p.m.\n1212. For the Secretary'),
    ).toBe('telegram');
    expect(
      type(
        'The Minister in Nicaragua (Hanna) to the Secretary of State\nManagua, June 13, 1930.\n[Received 10 p.m.]\n70. Department’s instruction',
      ),
    ).toBe('telegram');
  });

  it('does not take a long body paragraph starting with "Report" as the heading', () => {
    expect(type(`The Secretary to the Minister\nWashington, May 1, 1927.\n${'Reports from the field say '.repeat(10)}`)).toBe('other');
  });

  it('gives a span on the evidence', () => {
    const t = 'SECRET\nMemorandum of Conversation\nWashington';
    const r = detectDocType(t);
    expect(t.slice(r.span.start, r.span.end)).toBe('Memorandum of Conversation');
  });
});
