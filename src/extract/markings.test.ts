import { describe, it, expect } from 'vitest';
import { extractClassification, extractDeclassification } from './markings.js';

const level = (t: string) => extractClassification(t).value.level;
const caveats = (t: string) => extractClassification(t).value.caveats.sort();

describe('classification level', () => {
  it.each([
    ['TOP SECRET', 'TOP SECRET'],
    ['SECRET\nMEMORANDUM FOR THE PRESIDENT', 'SECRET'],
    ['CONFIDENTIAL', 'CONFIDENTIAL'],
    ['UNCLASSIFIED', 'UNCLASSIFIED'],
    ['RESTRICTED', 'RESTRICTED'],
    ['LIMITED OFFICIAL USE', 'LIMITED OFFICIAL USE'],
    ['SENSITIVE BUT UNCLASSIFIED', 'SENSITIVE BUT UNCLASSIFIED'],
    ['SECRE T', 'SECRET'],
    ['S E C R E T', 'SECRET'],
    ['CONFIDENTIA L', 'CONFIDENTIAL'],
    ['Source: Department of State, Central Files. Secret; Nodis. Drafted by X.', 'SECRET'],
    ['Source: Carter Library. Top Secret; Sensitive; Eyes Only. Sent for information.', 'TOP SECRET'],
    ['Source: NARA. Limited Official Use. Drafted by Y.', 'LIMITED OFFICIAL USE'],
  ])('%s → %s', (t, want) => expect(level(t)).toBe(want));

  it('reads banners that OCR garbled, but not a garbled DECLASSIFIED stamp or ordinary words', () => {
    expect(level('.SECREJ.\n6787\nTHE WHITE HOUSE')).toBe('SECRET');
    expect(level('-gECRET"\nDECL: 10/25/00\nText of the memo follows here at length.')).toBe('SECRET');
    expect(level('• CECRBT\nNATIONAL SECURITY COUNCIL\nWASHINGTON\nbody\nbody\nbody\nbody')).toBe('SECRET');
    expect(level('TEXT OF TELEGRAM\nUNCLASSIFIEO\nPAGE 01')).toBe('UNCLASSIFIED');
    expect(level('DECLASSIFIEE\nPER E.O. 13526')).toBeNull();
    expect(level('Title\nline two\nline three\nDECREE\nline five\nline six\nline seven')).toBeNull();
    expect(level('Title\nline two\nline three\nRegret\nline five\nline six\nline seven')).toBeNull();
    expect(level('Secrets\nline two\nline three')).toBeNull();
  });

  it('counts only lines that are not blank towards the edges where a garbled banner may be further off', () => {
    const body = 'a paragraph of the memo that runs on for longer than any banner could';
    // Two edits from SECRET: read on one of the first or last three lines that hold text, not further in.
    expect(level(`  \r\n\u00a0\n\n  5ECREJ.  \r\n${body}\n${body}\n${body}\n${body}`)).toBe('SECRET');
    expect(level(`${body}\n \n${body}\n\t\n${body}\n5ECREJ.\n${body}\n${body}\n${body}`)).toBeNull();
    expect(level(`${body}\n${body}\n${body}\n${body}\n\n  5ECREJ.\n \n\u2028\n`)).toBe('SECRET');
    // A line padded with spaces past 20 characters still counts by its text.
    expect(level(`${' '.repeat(30)}.SECREJ.${' '.repeat(30)}\n${body}`)).toBe('SECRET');
  });

  it('takes the highest marking: a struck-through SECRET beside an UNCLASSIFIED stamp is SECRET', () => {
    expect(level('UNCLASSIFIED\nSECRET\nMEMORANDUM\nSECRET\nUNCLASSIFIED')).toBe('SECRET');
    expect(level('TOP SECRET\nSECRET')).toBe('TOP SECRET');
  });

  it('does not read SECRETARY, DECLASSIFIED or prose as a level', () => {
    expect(level('TO SECSTATE WASHDC\nTHE SECRETARY OF STATE')).toBeNull();
    expect(level('DECLASSIFIED\nAuthority NLR-1')).toBeNull();
    expect(level('He kept the talks secret and confidential.')).toBeNull();
  });

  it('notes "No classification marking."', () => {
    const r = extractClassification('Source: Reagan Library. No classification marking. Drafted by Z.');
    expect(r.value.level).toBeNull();
    expect(r.noMarking).toBe(true);
  });

  it('reports the span of the chosen marking', () => {
    const t = 'UNCLASSIFIED\nSECRET';
    const r = extractClassification(t);
    expect(t.slice(r.span.start, r.span.end)).toBe('SECRET');
  });
});

describe('caveats and portions', () => {
  it('reads caveats in banners and in source notes', () => {
    expect(caveats('SECRET/NODIS')).toEqual(['NODIS']);
    expect(caveats('SECRET NOFORN ORCON')).toEqual(['NOFORN', 'ORCON']);
    expect(caveats('Source: X. Secret; Sensitive; Eyes Only.')).toEqual(['EYES ONLY', 'SENSITIVE']);
    expect(caveats('Source: X. Secret; Immediate; Exdis.')).toEqual(['EXDIS']);
    expect(caveats('TOP SECRET SENSITIVE\nEYES ONLY')).toEqual(['EYES ONLY', 'SENSITIVE']);
  });

  it("does not take folder titles in a source citation for the record's caveats", () => {
    const note = 'Source: Department of State, Records of Cyrus Vance, Lot 84D241, Box 9, Vance NODIS Memcons 1978. Secret; Exdis.';
    expect(caveats(note)).toEqual(['EXDIS']);
    expect(caveats('Source: Lot 82D298, Box 17, TL SENSITIVE, 1/1-3/31/78. Confidential; Eyes Only. Sent.')).toEqual(['EYES ONLY']);
    expect(caveats('Source: Lot 84D241, Vance Nodis Memcons 1977. No classification marking. Approved.')).toEqual([]);
    // Outside a citation the same words still count.
    expect(caveats('SECRET NODIS\nSource: Lot 1. Secret.')).toEqual(['NODIS']);
  });

  it('reads a level sentence that ends the note without a period', () => {
    expect(level('Source: National Archives, RG 59, P880137-1621. Secret; Immediate; Nodis')).toBe('SECRET');
    expect(caveats('Source: National Archives, RG 59, P880137-1621. Secret; Immediate; Nodis')).toEqual(['NODIS']);
  });

  it('does not take ordinary "sensitive" as a caveat', () => {
    expect(caveats('This is a Sensitive matter for the Sensitive people.')).toEqual([]);
  });

  it('counts portion markings at paragraph edges only', () => {
    const t = '(S) The Soviets proposed...\n1. We agree. (C)\n2. Options (A), (B) and (C) are open.\n(S/NF) Sources say\n(TS) Plan.';
    expect(extractClassification(t).portions).toEqual({ '(S)': 1, '(C)': 1, '(S/NF)': 1, '(TS)': 1 });
  });
});

describe('declassification stamp', () => {
  it('reads the Reagan Library stamp', () => {
    const t = 'DECLASSIFIED\nAuthority NLR-748-25-31-2-1\nBY RW NARA DATE 7/16/2019\n\nSECRET';
    const d = extractDeclassification(t);
    expect(d?.value).toEqual({ authority: null, date: '2019-07-16', case: 'NLR-748-25-31-2-1' });
  });

  it('reads Declassified/Released on … under E.O. … by …', () => {
    const d = extractDeclassification(
      'Declassified/Released on 11/27/92\nunder provisions of E.O. 12356\nby S. Tilley, National Security Council',
    );
    expect(d?.value.authority).toBe('E.O. 12356');
    expect(d?.value.date).toBe('1992-11-27');
    expect(d?.reviewer).toBe('S. Tilley');
  });

  it('reads stamps whose OCR garbled the word or the order number', () => {
    expect(extractDeclassification('DECLASSIFIEE\nPER E.O. 13526\nCLINTON LIBRARY PHOTOCOPY')?.value.authority).toBe('E.O. 13526');
    expect(extractDeclassification('DECLASSIFtEB\nPER E.0.13526\n3/13/2018')?.value.authority).toBe('E.O. 13526');
    expect(extractDeclassification('DECLASSIFIED IN PART\n\nPERE.O. 13526')?.value.authority).toBe('E.O. 13526');
    // "Declassify on: OADR" is an instruction, not a stamp; "Mandatory Declassification Review" is no stamp either.
    expect(extractDeclassification('SECRET\nDeclassify on: OADR')).toBeNull();
  });

  it('takes neither the "Declassify on" date nor a cable DTG for the stamp date, and reads two-digit stamp years from 1950', () => {
    const block = 'CONFIDENTIAL\nClassified by: Andrew D. Sens DECLASSIFIED\nDeclassify On: 10/31/05 PER E.O. 13526\n3/13/2018 KBH';
    expect(extractDeclassification(block)?.value.date).toBe('2018-03-13');
    expect(extractDeclassification('LINE2: ZNY SSSSS DECLASSIFIED\nLINE3: 0 210226Z JUL 95 ZFF6\nKBH 7/16/2019')?.value.date).toBe(
      '2019-07-16',
    );
    expect(extractDeclassification('DECLASSIFIED\nNLRR M125/5\nBY KML NARA DATE 10/14/11')?.value.date).toBe('2011-10-14');
    expect(extractDeclassification('Declassified/Released on 11/27/92 under provisions of E.O. 12356')?.value.date).toBe('1992-11-27');
  });

  it('reads case numbers', () => {
    expect(extractDeclassification('DECLASSIFIED PER E.O. 13526\n2013-0517-M')?.value).toMatchObject({
      authority: 'E.O. 13526',
      case: '2013-0517-M',
    });
    expect(extractDeclassification('U.S. Department of State Case No. F-2017-13804 Doc No. C06')?.value.case).toBe('F-2017-13804');
    expect(extractDeclassification('DECLASSIFIED\nMR Case No. 94-123\nDate 3/3/95')?.value.case).toBe('94-123');
  });

  it('does not take the cable classification authority for a declassification', () => {
    expect(extractDeclassification('SECRET\nE.O. 12356: DECL: OADR\nTAGS: PREL')).toBeNull();
  });
});
