/**
 * The FRUS convention of naming an office-holder by office with the surname in parentheses:
 * "The Chargé in Nicaragua (Dawson) to the Secretary of State", "The Chief of the Division of Latin American Affairs
 * (Wilson)", "The Mexican Chargé (Padilla-Nervo)". The parenthesised words are a person's name whether or not any
 * authority list knows them. Pure.
 */

/** Office and rank words that can head the phrase before the parentheses. */
const OFFICE_WORDS = [
  'Ambassador',
  'Minister',
  'Chargé',
  'Charge',
  "Chargé d'Affaires",
  'Secretary',
  'Chairman',
  'Chairwoman',
  'Chair',
  'Chief',
  'Representative',
  'Adviser',
  'Advisor',
  'Consul',
  'Delegate',
  'President',
  'Vice President',
  'Commissioner',
  'Director',
  'Governor',
  'Counselor',
  'Counsellor',
  'Attaché',
  'Attache',
  'Agent',
  'Officer',
  'Member',
  'Head',
  'Envoy',
  'Assistant',
  'Administrator',
  'Senator',
  'Admiral',
  'General',
  'Premier',
  'Chancellor',
  'Leader',
  'Observer',
  'Expert',
  'Judge',
  'Mediator',
  'Arbitrator',
  'Deputy',
  'Coordinator',
  'Negotiator',
  'Spokesman',
  'Counsel',
  'Comptroller',
  'Treasurer',
  'Solicitor',
  'Attorney',
  'Mayor',
  'Regent',
  'King',
  'Emperor',
  'Sultan',
  'Commander',
  'Commandant',
  'Inspector',
  'Superintendent',
  'Manager',
  'Engineer',
  'Economist',
];

// The office word, then only the words of an office phrase up to the parenthesis: capitalised words and the small
// words of "of the Division of Latin American Affairs", "in Great Britain", "for Foreign Affairs", "at Large".
const PHRASE_WORD = String.raw`(?:of|for|in|at|to|on|the|and|de|du|\p{Lu}[\p{L}.'’-]*)`;
const OFFICE_BEFORE = new RegExp(String.raw`(?<![\p{L}])(?:${OFFICE_WORDS.join('|')})(?:[ \t]+${PHRASE_WORD}){0,10}[ \t]*$`, 'u');
// One to four name words: capitalised, with initials, hyphens, apostrophes and particles ("de Charette").
const NAME_WORD = String.raw`\p{Lu}[\p{L}\p{M}'’]*(?:-\p{L}[\p{L}\p{M}'’]*)*\.?`;
const PARTICLE = String.raw`(?:de|da|di|del|della|van|von|der|den|la|le|du|y|dos|das|al|el|ter|ten)`;
const PAREN_NAME = new RegExp(String.raw`\((${NAME_WORD}(?:[ \t]+(?:${PARTICLE}[ \t]+)*${NAME_WORD}){0,3})\)`, 'gu');
/** Parenthesised words that qualify an office instead of naming its holder. */
const NOT_A_NAME = new Set(
  (
    'acting retired ret designate elect ad interim interim temporary honorary alternate deputy chairman chief secretary ' +
    'president ambassador minister representative delegate telegram paraphrase translation extract excerpt summary ' +
    'signed enclosure annex draft copy original retired emeritus senior junior'
  ).split(' '),
);

export interface OfficeParenName {
  /** The name as written, without the parentheses. */
  text: string;
  start: number;
  end: number;
}

/** Every "(Surname)" that follows an office phrase on the same line. */
export function findOfficeParenNames(text: string): OfficeParenName[] {
  const out: OfficeParenName[] = [];
  if (text.indexOf('(') < 0) return out;
  PAREN_NAME.lastIndex = 0;
  for (let m = PAREN_NAME.exec(text); m; m = PAREN_NAME.exec(text)) {
    const name = m[1]!;
    const words = name.toLowerCase().split(/[ \t]+/);
    if (words.some((w) => NOT_A_NAME.has(w.replace(/\.$/, '')))) continue;
    // All capitals ("(NATO)", "(USNATO)") is an acronym, not a surname.
    if (name.length > 1 && name === name.toUpperCase()) continue;
    const lineStart = text.lastIndexOf('\n', m.index) + 1;
    const before = text.slice(Math.max(lineStart, m.index - 120), m.index);
    if (!OFFICE_BEFORE.test(before)) continue;
    const start = m.index + 1;
    out.push({ text: name, start, end: start + name.length });
  }
  return out;
}
