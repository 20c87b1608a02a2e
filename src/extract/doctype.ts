/**
 * Document type from the header zone: FRUS headings ("Memorandum From …", "Telegram From the Embassy …"), original
 * headers ("MEMORANDUM OF CONVERSATION", cable FM/TO/DTG), salutations, and as a last resort the shape of an old FRUS
 * telegram (a dateline with an hour and no salutation).
 */
import { splitLines, lineSpan, type Extracted } from './span.js';

export const DOC_TYPES = [
  'memorandum',
  'memorandum_of_conversation',
  'telephone_conversation',
  'telegram',
  'letter',
  'directive',
  'minutes',
  'report',
  'note',
  'other',
] as const;
export type DocType = (typeof DOC_TYPES)[number];

const HEADER_LINES = 30;
// A FRUS heading starts with the document number ("301. ") or directly with its kind.
const NUM = String.raw`^\s*(?:\d{1,4}\.\s+)?`;
const rx = (body: string, flags = '') => new RegExp(NUM + body, flags);

/** Kind stated at the start of a heading or header line, most specific first. */
const STATED: [RegExp, DocType][] = [
  [
    rx(String.raw`(?:Memorandum|Record) of (?:a )?(?:Telephone Conversation|Telcon)|Telcon\b|Transcript of (?:a )?Telephone`, 'i'),
    'telephone_conversation',
  ],
  [rx(String.raw`(?:Memorandum of (?:a )?Conversation|Memcon\b|Record of (?:a )?Conversation)`, 'i'), 'memorandum_of_conversation'],
  [
    rx(
      String.raw`(?:Summary of Conclusions|Minutes\b|Record of (?:a |the )?Meeting|Notes? (?:of|on) (?:a |the )?Meeting|Summary Record)`,
      'i',
    ),
    'minutes',
  ],
  [
    rx(
      String.raw`(?:National Security (?:Decision |Study |Action )?(?:Directive|Memorandum)|Presidential (?:Decision |Policy |Review )?(?:Directive|Memorandum)|NSDD|NSDM|NSSM|NSD|NSPD|PDD|PRD|PRM|PD)[- ]?(?:No\.\s*)?\d+`,
    ),
    'directive',
  ],
  [
    rx(String.raw`(?:Circular |Backchannel |Unnumbered )?(?:Telegram|Airgram|Cable|Backchannel Message|Message|Despatch|Dispatch)\b`, 'i'),
    'telegram',
  ],
  [rx(String.raw`(?:Personal |Draft )?Letter\b`, 'i'), 'letter'],
  [rx(String.raw`(?:Diplomatic |Verbal )?(?:Note|Aide[- ]M[ée]moire|Note Verbale)\b(?! (?:of|on) )`, 'i'), 'note'],
  [
    rx(
      String.raw`(?:Special )?(?:National Intelligence (?:Estimate|Daily)|Intelligence (?:Report|Memorandum|Assessment|Estimate|Note|Information Cable)|Research Memorandum|Current Intelligence|Report|Study|Paper|Analysis|Briefing Paper|Talking Points|Position Paper)\b`,
      'i',
    ),
    'report',
  ],
  [rx(String.raw`(?:Action |Information |Briefing |Decision |Intelligence )?Memorandum\b`, 'i'), 'memorandum'],
  [rx(String.raw`Editorial Note\b`, 'i'), 'other'],
];
/**
 * Whether a line can match any of `STATED`: all of them as one case-insensitive pattern, which matches wherever one of
 * them does (their only flag is `i`). One attempt per line instead of one per kind: most lines match none.
 */
const ANY_STATED = new RegExp(STATED.map(([re]) => `(?:${re.source})`).join('|'), 'i');

// Cable furniture: "FM AMEMBASSY MOSCOW", "TO SECSTATE WASHDC", a precedence+DTG line, "TAGS:", "E.O. 12356: DECL:".
const CABLE = [
  /^\s*FM\s+[A-Z]/m,
  /^\s*(?:[OPRZ]|FLASH|NIACT IMMEDIATE|IMMEDIATE|PRIORITY|ROUTINE)\s+\d{6}\s?Z\b/m,
  /\d{6}\s?Z\s+[A-Z]{3}\s+\d{2}\b/,
  /^\s*TAGS\s*:/m,
  /^\s*TO\s+(?:SECSTATE|AMEMBASSY|USMISSION|AMCONSUL|USDEL|WHITE HOUSE|CIA|DIRNSA|SECDEF)\b/m,
  /\bE\.\s?O\.\s?1\d{4}\s*:\s*(?:DECL|GDS|N\/A|XGDS)/,
];
/** A literal each of `CABLE` holds in every match: where it is absent (most text), a native search spares the scan. */
const CABLE_LITERAL = ['FM', 'Z', 'Z', 'TAGS', 'TO', 'E.'];
// Salutations: "Dear Mr. President:", "My dear Mr. Secretary:", "Sir:", "Mr. Secretary:".
const SALUTATION =
  /^\s*(?:(?:My )?[Dd]ear\s+[^\n:]{1,60}[:,]|Sir\s*:|Madam\s*:|Gentlemen\s*:|Mr\. (?:President|Secretary|Ambassador)\s*:)/m;
// Diplomatic notes open with "Excellency:" or "The Secretary of State presents his compliments to …".
const NOTE_OPENING = /^\s*(?:Excellency|Your Excellency|Monsieur le [A-Z][a-z]+)\s*[:,]|presents (?:his|her) compliments/m;
// An old FRUS dateline with an hour ("Petrograd, April 21, 1917, 10 p.m.") marks a telegram; despatches have no hour.
const DATELINE_TIME = /\b(?:1[7-9]|20)\d\d\s*(?:\[\d{4}\])?\s*[,—–-]\s*(?:\d{1,2}(?::\d\d)?\s*[ap]\.?\s?m\b|noon|midnight)/;
// An old FRUS telegram's body starts with its serial number right after the dateline or receipt line: "70. Department’s …".
const TELEGRAM_NUMBER = /(?:\b(?:1[7-9]|20)\d\d\.?|\[Received[^\]\n]*\])\s*\n\d{1,4}\.\s+[A-Z]/;
const MEMO_BY = rx(String.raw`(?:[A-Z][\w.]*\s+){0,6}?(?:Memorandum|Memoranda)\s+(?:by|of|from)\b`);

export function detectDocType(text: string): Extracted<DocType> {
  const lines = splitLines(text, HEADER_LINES);
  for (let i = 0; i < lines.length && i < 12; i++) {
    const line = lines[i]!;
    // Headings and header lines are short; a long line is a body paragraph that happens to start with "Report". Modern
    // FRUS headings can run long ("Memorandum From … of the Delegation to the Nuclear and Space Talks in Geneva to …"),
    // but they end without a full stop.
    if (line.text.length > 300 || (line.text.length > 160 && /[.:;!?]["”’]?\s*$/.test(line.text))) continue;
    if (!ANY_STATED.test(line.text)) continue;
    for (const [re, type] of STATED) {
      const m = re.exec(line.text);
      if (m) return { value: type, span: lineSpan(line, 0, m[0].length) };
    }
  }
  // The lines read, as they stand in the text (the same as joining them with '\n', without a copy).
  const lastLine = lines[lines.length - 1]!;
  const head = text.slice(0, lastLine.start + lastLine.text.length);
  const cableHits = CABLE.filter((re, i) => head.includes(CABLE_LITERAL[i]!) && re.test(head));
  if (cableHits.length >= 2) {
    const m = cableHits[0]!.exec(head)!;
    return { value: 'telegram', span: { start: m.index, end: m.index + m[0].length } };
  }
  for (const line of lines) {
    if (MEMO_BY.test(line.text)) return { value: 'memorandum', span: lineSpan(line) };
    if (/^\s*PARTICIPANTS?\s*:/i.test(line.text)) return { value: 'memorandum_of_conversation', span: lineSpan(line) };
  }
  // Every match holds one of these words.
  const note =
    head.includes('Excellency') || head.includes('Monsieur le ') || head.includes('compliments') ? NOTE_OPENING.exec(head) : null;
  if (note) return { value: 'note', span: { start: note.index, end: note.index + note[0].length } };
  const sal = SALUTATION.exec(head);
  if (sal) return { value: 'letter', span: { start: sal.index, end: sal.index + sal[0].length } };
  const dl = DATELINE_TIME.exec(head) ?? TELEGRAM_NUMBER.exec(head);
  if (dl) return { value: 'telegram', span: { start: dl.index, end: dl.index + dl[0].length } };
  return { value: 'other', span: { start: 0, end: 0 } };
}
