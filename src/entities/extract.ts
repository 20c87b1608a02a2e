/**
 * People, organisations and places named in a text, linked to authority records where the evidence allows.
 * Pure: the result depends on the text, the gazetteer, the date and the persons list only.
 *
 * What becomes a mention:
 *  - a capitalised word sequence that is a name form of the authority (2+ words: "Warren Christopher", "W. Christopher");
 *    several candidates are narrowed by the persons list and by who was alive on the document date;
 *  - a full name from the volume's persons list;
 *  - a surname alone only when it is unambiguous in context: a full-name mention earlier in the same text, an office
 *    resolved earlier, the persons list (exactly one entry with that surname), or right after a resolved title
 *    ("the Ambassador in Russia (Francis)");
 *  - an honorific plus a capitalised word ("Mr. Vershbow", "Ambassador Talbott"), unlinked unless known in context;
 *  - a name in parentheses after an office ("The Chargé in Nicaragua (Dawson)"), unlinked unless known in context, and
 *    remembered so that later mentions of the surname are people too;
 *  - a common given name plus a capitalised surname ("Langdon Warner"), unlinked;
 *  - an office title with a date ("the Secretary" on 1995-07-19 → Warren Christopher; "the Ambassador in Russia");
 *  - a place or organisation of the curated gazetteer or the dateline place list ("U.S." = "US" = "United States").
 * Never: pronouns, month and day names, honorifics or title words alone ("Mr.", "Sir", "Excellency").
 */
import type { Gazetteer, PlaceHit } from './gazetteer.js';
import { HONORIFICS, nameForms, normName, surnameKey } from './names.js';
import { findOfficeParenNames } from './office-names.js';
import { isWhiteSpace } from '../extract/span.js';

export type EntityKind = 'person' | 'organization' | 'place';
export type MentionVia = 'name' | 'list' | 'surname' | 'honorific' | 'given-name' | 'office' | 'title' | 'gazetteer';

export interface EntityMention {
  kind: EntityKind;
  /** As written: `text.slice(start, end)`. */
  text: string;
  /** Canonical name: the authority's preferred name, else the name as written. */
  name: string;
  authorityKey: string | null;
  start: number;
  end: number;
  /** Which rule found it. */
  via: MentionVia;
}

/** A persons-list entry of the same volume (e.g. a FRUS TEI `div[@xml:id="persons"]` item). */
export interface PersonsListEntry {
  name: string;
  authorityKey: string;
  variants?: readonly string[];
}

export interface EntityContext {
  gazetteer: Gazetteer;
  /** ISO date of the document (YYYY-MM-DD or a prefix); titles resolve only with a date. */
  date?: string | null;
  personsList?: readonly PersonsListEntry[];
}

interface Person {
  name: string;
  key: string | null;
}

/** Never an entity on its own (normalised). */
const STOP = new Set(
  (
    'i me my we us our you your he him his she her it its they them their this that these those who whom which what there here ' +
    'the a an and or but if of in on at to for by with from as not no yes so then than also however mr mrs ms sir madam excellency ' +
    'highness majesty lord dear january february march april may june july august september october november december ' +
    'monday tuesday wednesday thursday friday saturday sunday government department embassy legation ministry office ' +
    'secretary president ambassador minister consul general committee council commission state states republic ' +
    'memorandum telegram despatch letter note subject confidential secret ' +
    'god christmas easter note section article annex enclosure paragraph chapter page volume document file ' +
    'claims claim treaty treaties convention conventions extraordinary plenipotentiary provisions provision limitation conference ' +
    'commission act law staff assembly affairs plan agreement protocol resolution agenda board bureau mission delegation ' +
    'administration court army navy forces staff headquarters assistant deputy acting chief chairman vice foreign prime'
  ).split(' '),
);

const CONNECTORS = new Set([
  'de',
  'da',
  'di',
  'del',
  'della',
  'van',
  'von',
  'der',
  'den',
  'la',
  'le',
  'du',
  'of',
  'y',
  'dos',
  'das',
  'bin',
  'al',
  'el',
]);
/** The longest connector: a plain lower-case ASCII word longer than this is never one. */
const CONNECTOR_MAX = 5;

/**
 * A class, not an object literal: V8 widens the field types of a literal's objects when the literal runs a second time
 * (the next volume's list), which threw away the optimised code of the rules that read them (`names`).
 */
class PersonsListIndex {
  constructor(
    readonly listForms: Map<string, number[]>,
    readonly listSurnames: Map<string, number[]>,
    /** Authority keys of the list's entries. */
    readonly keys: Set<string>,
    /** The first words of its name forms (see `firstWords`). */
    readonly firstWords: Set<string>,
  ) {}
}

const listIndexes = new WeakMap<readonly PersonsListEntry[], PersonsListIndex>();

/** Appends i unless it is already the last element (entries are indexed in order, so that is the only repeat). */
function addIndex(m: Map<string, number[]>, k: string, i: number) {
  const had = m.get(k);
  if (!had) m.set(k, [i]);
  else if (had[had.length - 1] !== i) had.push(i);
}

/** Name forms and surnames of a persons list → entry indexes; cached per list (a volume's documents share one). */
function personsListIndex(list: readonly PersonsListEntry[]): PersonsListIndex {
  const cached = listIndexes.get(list);
  if (cached) return cached;
  const listForms = new Map<string, number[]>();
  const listSurnames = new Map<string, number[]>();
  const keys = new Set<string>();
  list.forEach((p, i) => {
    keys.add(p.authorityKey);
    for (const n of [p.name, ...(p.variants ?? [])]) {
      for (const f of nameForms(n)) addIndex(listForms, f, i);
      const s = surnameKey(n.includes(',') ? n.split(',')[0]! : n);
      if (s && !STOP.has(s)) addIndex(listSurnames, s, i);
    }
  });
  const index = new PersonsListIndex(listForms, listSurnames, keys, firstWords(listForms.keys()));
  listIndexes.set(list, index);
  return index;
}

/** Text before the first space of each key that has one: a multi-word key can only start with one of these. */
function firstWords(keys: Iterable<string>, into = new Set<string>()): Set<string> {
  for (const k of keys) {
    const sp = k.indexOf(' ');
    if (sp >= 0) into.add(k.slice(0, sp));
  }
  return into;
}

// ── Per-gazetteer caches (the gazetteer is immutable; a parser keeps one for all its files) ─────────────────────

interface GazetteerIndex {
  /** A number of its own (for the interned words' gazetteer flags). */
  id: number;
  /** First words of every multi-word place form and person name form. */
  firstWords: Set<string>;
  /** Person index → the offices they held at some time. */
  officesOf: Map<number, string[]>;
  /** Office holders by `office|isoDay`, for the last few dates. */
  /** Office holders by date, then office (for the last few thousand dates). */
  holders: Map<string, Map<string, number[]>>;
  /** Surname key → the persons of the authority with that surname. */
  surnames: Map<string, number[]>;
  /**
   * By document year (NaN: none), then surname key: the one person with that surname alive in that year, or -1 when
   * none or several are (see `distinctSurname`; for the last few thousand surnames).
   */
  liveSurnames: Map<number, Map<string, number>>;
}

const gazetteerIndexes = new WeakMap<Gazetteer, GazetteerIndex>();
let gazetteerIds = 0;
const HOLDERS_CACHE_MAX = 2048;
const LIVE_SURNAMES_MAX = 8192;

function gazetteerIndex(g: Gazetteer): GazetteerIndex {
  let x = gazetteerIndexes.get(g);
  if (!x) {
    const officesOf = new Map<number, string[]>();
    for (const [office, rec] of Object.entries(g.persons.offices)) {
      for (const t of rec.tenures) {
        const had = officesOf.get(t.p);
        if (!had) officesOf.set(t.p, [office]);
        else if (!had.includes(office)) had.push(office);
      }
    }
    const surnames = new Map<string, number[]>();
    g.persons.persons.forEach((p, i) => {
      const k = surnameOf(p.name);
      if (k) addIndex(surnames, k, i);
    });
    x = {
      id: ++gazetteerIds,
      firstWords: firstWords(g.persons.formKeys(), firstWords(g.placeFormKeys())),
      officesOf,
      holders: new Map(),
      surnames,
      liveSurnames: new Map(),
    };
    gazetteerIndexes.set(g, x);
  }
  return x;
}

/**
 * Builds what entity linking derives from a gazetteer (its first-word, office and surname indexes) ahead of the first
 * document: a parser does it while it starts, beside the work of the thread that started it.
 */
export function prepareGazetteer(g: Gazetteer): void {
  gazetteerIndex(g);
  detachOnce();
}

let detached = false;
/**
 * A parser thread moves its results' buffers to the storage thread (a transfer detaches them). The first ArrayBuffer
 * detached in a thread ends V8's assumption that none ever is, and with it every optimised function that reads a typed
 * array (the tokenizer, the rules) is thrown away and compiled again. Detaching one empty buffer while the parser
 * starts, before anything is optimised, has the code compiled once, for what it will meet.
 */
function detachOnce() {
  if (detached) return;
  detached = true;
  const b = new ArrayBuffer(0);
  structuredClone(b, { transfer: [b] });
}

/** The cache of `g.persons.holders(office, isoDay)` for one date, by office. */
function holdersCache(gi: GazetteerIndex, isoDay: string): Map<string, number[]> {
  let m = gi.holders.get(isoDay);
  if (!m) {
    if (gi.holders.size >= HOLDERS_CACHE_MAX) gi.holders.clear();
    m = new Map();
    gi.holders.set(isoDay, m);
  }
  return m;
}

/** `g.persons.holders(office, isoDay)`, cached (`cache`: `holdersCache(gi, isoDay)`). */
function holdersOn(cache: Map<string, number[]>, g: Gazetteer, office: string, isoDay: string): number[] {
  let h = cache.get(office);
  if (!h) {
    h = g.persons.holders(office, isoDay);
    cache.set(office, h);
  }
  return h;
}

// ── Characters and tokens ────────────────────────────────────────────────────────────────────────────────────────
// Tokens are what /(?:\p{L}\.){2,}|\p{L}[\p{L}\p{M}'’]*/gu matches, less a trailing possessive ('s or '), scanned by
// hand into typed arrays (no object per word); their normalised forms are made only when a rule asks for them.

const C_LETTER = 1; // \p{L}
const C_MARK = 2; // \p{M}
const C_CAP = 4; // the code unit differs from its lower case
const C_LU = 8; // \p{Lu}
const C_KNOWN = 128;

/** Classes of BMP code units, filled on first sight. */
const CLASS = new Uint8Array(0x10000);
const astralClass = new Map<number, number>();
const RE_L = /^\p{L}$/u;
const RE_M = /^\p{M}$/u;
const RE_LU = /^\p{Lu}$/u;

function classify(ch: string, cu: number): number {
  let c = C_KNOWN;
  if (RE_L.test(ch)) c |= C_LETTER;
  if (RE_M.test(ch)) c |= C_MARK;
  if (RE_LU.test(ch)) c |= C_LU;
  const first = String.fromCharCode(cu); // `cap` looks at the first code unit only, as `raw[0]` does
  if (first !== first.toLowerCase()) c |= C_CAP;
  return c;
}

function classOfUnit(cu: number): number {
  const c = CLASS[cu]!;
  if (c !== 0) return c;
  return (CLASS[cu] = classify(String.fromCharCode(cu), cu));
}

/** Class of the code point at i, and its width in code units (a lone surrogate is neither letter nor mark). */
let width = 1;
function classAt(text: string, i: number): number {
  const cu = text.charCodeAt(i);
  if (cu >= 0xd800 && cu <= 0xdbff && i + 1 < text.length) {
    const lo = text.charCodeAt(i + 1);
    if (lo >= 0xdc00 && lo <= 0xdfff) {
      width = 2;
      const cp = (cu - 0xd800) * 0x400 + (lo - 0xdc00) + 0x10000;
      let c = astralClass.get(cp);
      if (c === undefined) astralClass.set(cp, (c = classify(String.fromCodePoint(cp), cu)));
      return c;
    }
  }
  width = 1;
  return classOfUnit(cu);
}

/** A-Z or a-z (`| 32` lower-cases exactly those into a-z and moves nothing else there). */
const isAsciiLetter = (cu: number) => ((cu | 32) - 97) >>> 0 < 26;
const APOS = 39;
const RSQUO = 0x2019;

const F_CAP = 1; // first code unit is not lower case
const F_LU = 2; // starts with \p{Lu}
const F_ASCII = 4; // only A-Z a-z (normName is then just lower-casing)

/** Token arrays, reused from document to document (extraction is synchronous). */
let tStart = new Int32Array(1024);
let tEnd = new Int32Array(1024);
let tFlags = new Uint8Array(1024);
let tTaken = new Uint8Array(1024);
/** Normalised forms, made on first use (see `Extraction.norm`): valid where `tNormGen` is the current `tGen`. */
const tNorm: string[] = new Array<string>(1024).fill('');
let tNormGen = new Int32Array(1024);
let tGen = 0;
/** The norms' `wordFlags`, and the intern index of ASCII tokens' norms. */
let tWord = new Uint8Array(1024);
let tIntern = new Int32Array(1024);
/** Tokens long enough to hold a title keyword, and their count. */
let tLong = new Int32Array(1024);
let nLong = 0;

/** Room for n tokens (the arrays' contents need not be kept: they are filled per document). */
function reserve(n: number) {
  if (tStart.length >= n) return;
  let size = tStart.length;
  while (size < n) size *= 2;
  tStart = new Int32Array(size);
  tEnd = new Int32Array(size);
  tFlags = new Uint8Array(size);
  tTaken = new Uint8Array(size);
  tNormGen = new Int32Array(size);
  tWord = new Uint8Array(size);
  tIntern = new Int32Array(size);
  tLong = new Int32Array(size);
  while (tNorm.length < size) tNorm.push('');
}

/** Fills the token arrays; returns the token count. */
function tokenize(text: string): number {
  const len = text.length;
  // Tokens start at letters at least two code units apart, so there are at most len / 2 + 1 of them.
  reserve((len >> 1) + 2);
  if (++tGen === 0x7fffffff) {
    tGen = 1;
    tNormGen.fill(0);
  }
  const starts = tStart;
  const ends = tEnd;
  const flags = tFlags;
  const long = tLong;
  let nl = 0;
  let n = 0;
  let p = 0;
  while (p < len) {
    const cu = text.charCodeAt(p);
    let cls: number;
    let firstWidth = 1;
    if (cu < 128) {
      if (!isAsciiLetter(cu)) {
        p++;
        continue;
      }
      cls = cu <= 90 ? C_LETTER | C_CAP | C_LU : C_LETTER;
    } else {
      cls = classAt(text, p);
      firstWidth = width;
      if (!(cls & C_LETTER)) {
        p += firstWidth;
        continue;
      }
    }
    const start = p;
    let q = p;
    let end: number;
    let ascii = false;
    // (?:\p{L}\.){2,}: only where the first letter is followed by a period
    let reps = 0;
    if (p + firstWidth < len && text.charCodeAt(p + firstWidth) === 46) {
      for (;;) {
        if (q >= len) break;
        const c = text.charCodeAt(q);
        let w: number;
        if (c < 128) {
          if (!isAsciiLetter(c)) break;
          w = 1;
        } else {
          if (!(classAt(text, q) & C_LETTER)) break;
          w = width;
        }
        if (q + w >= len || text.charCodeAt(q + w) !== 46) break;
        q += w + 1;
        reps++;
      }
    }
    if (reps >= 2) {
      end = q;
    } else {
      // \p{L}[\p{L}\p{M}'’]*
      q = p + firstWidth;
      let firstOther = cu < 128 ? -1 : p; // first position that is not an ASCII letter
      while (q < len) {
        const c = text.charCodeAt(q);
        if (isAsciiLetter(c)) q++;
        else if (c === APOS || c === RSQUO) {
          if (firstOther < 0) firstOther = q;
          q++;
        } else if (c < 128) break;
        else {
          if (!(classAt(text, q) & (C_LETTER | C_MARK))) break;
          if (firstOther < 0) firstOther = q;
          q += width;
        }
      }
      // Possessive: "Sacasa’s" names Sacasa. (The cut is subtracted on every token, so the subtraction always has
      // type feedback: a rarely taken `end--` had none, and the optimised tokenizer was thrown away where it was reached.)
      const last = text.charCodeAt(q - 1);
      let cut = 0;
      if (last === APOS || last === RSQUO) cut = 1;
      else if (last === 115 && q - 2 > start) {
        const before = text.charCodeAt(q - 2);
        if (before === APOS || before === RSQUO) cut = 2;
      }
      end = q - cut;
      ascii = firstOther < 0 || firstOther >= end;
    }
    starts[n] = start;
    ends[n] = end;
    flags[n] = (cls & C_CAP ? F_CAP : 0) | (cls & C_LU ? F_LU : 0) | (ascii ? F_ASCII : 0);
    if (end - start >= KEYWORD_MIN) long[nl++] = n;
    n++;
    p = q;
  }
  tTaken.fill(0, 0, n);
  nLong = nl;
  return n;
}

const NORM_MEMO_MAX = 50_000;

/**
 * Normalised forms of plain ASCII words (their lower case), interned in an open-addressing table keyed by the
 * characters in the text: a word seen before costs no new string, and its string keeps its hash for the lookups.
 */
const INTERN_SLOTS = 1 << 16;
const INTERN_MAX = INTERN_SLOTS >> 1;
const internSlot = new Int32Array(INTERN_SLOTS); // index + 1 into internStr; 0 = empty
const internStr: string[] = [];
/** `wordFlags` of each interned string. */
const internFlags = new Uint8Array(INTERN_MAX);
/** The index of the string `internAscii` returned last. */
let internAt = 0;
/** `gazetteerFlags` of each interned string, for the gazetteer `internGazetteer` (its id) holds. */
const internGazetteerFlags = new Uint8Array(INTERN_MAX);
const internGazetteer = new Int32Array(INTERN_MAX);

const G_FIRST_WORD = 1;
const G_GIVEN = 2;
const G_PLACE = 4;
const G_PLACE_KEY = 8;

/** What the gazetteer knows of a normalised word. */
function gazetteerFlags(w: string, g: Gazetteer, gi: GazetteerIndex): number {
  const place = g.place(w);
  return (
    (gi.firstWords.has(w) ? G_FIRST_WORD : 0) | (g.givenNames.has(w) ? G_GIVEN : 0) | (place ? G_PLACE : 0) | (place?.key ? G_PLACE_KEY : 0)
  );
}

const W_STOP = 1;
const W_HONORIFIC = 2;
const W_CONNECTOR = 4;
const W_KNOWN = 128;

/** Which word lists a normalised word is in. */
const wordFlags = (w: string) =>
  W_KNOWN | (STOP.has(w) ? W_STOP : 0) | (HONORIFICS.has(w) ? W_HONORIFIC : 0) | (CONNECTORS.has(w) ? W_CONNECTOR : 0);

function internAscii(text: string, s: number, e: number): string {
  let h = 0x811c9dc5;
  for (let j = s; j < e; j++) h = Math.imul(h ^ (text.charCodeAt(j) | 32), 0x01000193);
  const len = e - s;
  let slot = (h ^ (h >>> 16)) & (INTERN_SLOTS - 1);
  for (;;) {
    const at = internSlot[slot]!;
    if (at === 0) break;
    const v = internStr[at - 1]!;
    if (v.length === len) {
      let j = 0;
      while (j < len && v.charCodeAt(j) === (text.charCodeAt(s + j) | 32)) j++;
      if (j === len) {
        internAt = at - 1;
        return v;
      }
    }
    slot = (slot + 1) & (INTERN_SLOTS - 1);
  }
  if (internStr.length >= INTERN_MAX) {
    internSlot.fill(0);
    internGazetteer.fill(0);
    internStr.length = 0;
    return internAscii(text, s, e);
  }
  const v = text.slice(s, e).toLowerCase();
  internAt = internStr.length;
  internFlags[internAt] = wordFlags(v);
  internStr.push(v);
  internSlot[slot] = internStr.length;
  return v;
}

/** A one-argument function memoised (its arguments are names, a bounded set in practice; the memo is capped). */
function memoised<T>(fn: (s: string) => T): (s: string) => T {
  const memo = new Map<string, T>();
  return (s) => {
    if (memo.has(s)) return memo.get(s)!;
    if (memo.size >= NORM_MEMO_MAX) memo.clear();
    const v = fn(s);
    memo.set(s, v);
    return v;
  };
}

/** The surname of a person as `remember` reads it (before a comma, if any). */
const surnameOf = memoised((name) => surnameKey(name.includes(',') ? name.split(',')[0]! : name));
const surnameKeyOf = memoised(surnameKey);
/** normName of tokens that are not plain ASCII words (names repeat across documents). */
const normMemoised = memoised(normName);

/** Whether the code units from..to of text are only `\s`, with at most one "(" among them. */
function onlySpaceParen(text: string, from: number, to: number): boolean {
  let i = from;
  while (i < to && isWhiteSpace(text.charCodeAt(i))) i++;
  if (i < to && text.charCodeAt(i) === 40) i++;
  while (i < to && isWhiteSpace(text.charCodeAt(i))) i++;
  return i >= to;
}

const isUpperLine = (text: string, at: number) => {
  const ls = text.lastIndexOf('\n', at) + 1;
  const le = text.indexOf('\n', at);
  const line = text.slice(ls, le === -1 ? text.length : le);
  return !/\p{Ll}/u.test(line);
};

/** Calendar year of an ISO date prefix. */
const yearOf = (date: string | null | undefined) => (date ? Number(date.slice(0, 4)) : NaN);

// ── Titles ───────────────────────────────────────────────────────────────────────────────────────────────────────

interface TitleRule {
  re: RegExp;
  /**
   * The keyword every match contains, with only ASCII letters, `\s` and periods before it in the match: a match can
   * only start in such a run of characters just before an occurrence of the keyword.
   */
  keyword: Keyword;
  /** At most this many runs of letters stand before the keyword in a match ("the Acting Under Secretary": 3). */
  before: number;
  /** The office id, and how many characters of the match are the title (default: all). */
  office: (m: RegExpExecArray, g: Gazetteer) => string | { office: string; length: number } | null;
}

const NOT_OTHER_DEPT = String.raw`(?!\s+(?:of\s+(?!State\b)|General\b)|-General\b)`;
const TITLE_RULES: TitleRule[] = [
  {
    re: new RegExp(String.raw`\b(?:the\s+)?(?:Acting\s+)?Deputy\s+Secretary(?:\s+of\s+State)?\b${NOT_OTHER_DEPT}`, 'gi'),
    keyword: 'secretary',
    before: 3,
    office: () => 'deputy-secretary',
  },
  {
    re: new RegExp(String.raw`\b(?:the\s+)?Under\s*Secretary\s+(?:of\s+State\s+)?for\s+Political\s+Affairs\b`, 'gi'),
    keyword: 'secretary',
    before: 2,
    office: () => 'under-secretary-for-political-affairs',
  },
  {
    re: new RegExp(String.raw`\b(?:the\s+)?(?:Acting\s+)?Under\s*Secretary(?:\s+of\s+State)?\b(?!\s+for\b)${NOT_OTHER_DEPT}`, 'gi'),
    keyword: 'secretary',
    before: 3,
    office: () => 'under-secretary',
  },
  { re: /\bSecretary\s+of\s+State\b/gi, keyword: 'secretary', before: 0, office: () => 'secretary' },
  { re: new RegExp(String.raw`\bthe\s+Secretary\b${NOT_OTHER_DEPT}`, 'gi'), keyword: 'secretary', before: 1, office: () => 'secretary' },
  { re: /\bthe\s+President\b(?!\s+of\b|-elect)/gi, keyword: 'president', before: 1, office: () => 'president' },
  { re: /\bMr\.?\s+President\b/gi, keyword: 'president', before: 1, office: () => 'president' },
  { re: /\bthe\s+Legal\s+Adviser\b/gi, keyword: 'adviser', before: 2, office: () => 'legal-adviser' },
  {
    re: /\b(?:the\s+)?(?:American\s+|U\.\s?S\.\s+|US\s+)?(?:Permanent\s+)?(?:Representative|Ambassador)\s+(?:to|at|on\s+the\s+Council\s+of)\s+(?:the\s+)?(NATO|North\s+Atlantic\s+Treaty\s+Organization|United\s+Nations|U\.\s?N\.|UN|Organization\s+of\s+American\s+States|OAS)\b/gi,
    keyword: 'representative|ambassador',
    before: 4, // the U. S. Permanent
    office: (m) =>
      /^(NATO|North)/i.test(m[1]!)
        ? 'org:representative-to-nato'
        : /^(Organization|OAS)/i.test(m[1]!)
          ? 'org:representative-to-oas'
          : 'org:representative-to-un',
  },
  {
    re: /\b(?:the\s+)?(?:American\s+)?(?:Ambassador|Minister)\s+(?:in|to|at)\s+(?:the\s+)?(\p{Lu}[\p{L}'’-]*(?:[ \t]+(?:of[ \t]+)?\p{Lu}[\p{L}'’-]*){0,3})/gu,
    keyword: 'Ambassador|Minister',
    before: 2,
    office: (m, g) => {
      // Longest country prefix of the captured words.
      const words = m[1]!.split(/[ \t]+/);
      const at = m[0].length - m[1]!.length;
      for (let n = words.length; n > 0; n--) {
        const country = words.slice(0, n).join(' ');
        const t = g.missionOf(normName(country));
        if (t) return { office: `mission:${t}`, length: at + m[1]!.indexOf(words[n - 1]!) + words[n - 1]!.length };
      }
      return null;
    },
  },
];

/** The keywords of the title rules ("Ambassador|Minister" is the case-sensitive one of the last rule). */
type Keyword = 'secretary' | 'president' | 'adviser' | 'representative|ambassador' | 'Ambassador|Minister';
const KEYWORD_MIN = 7;

/** Whether the lower-case ASCII word w is at i of text, ignoring ASCII case (as a non-Unicode /i regex does). */
function wordAt(text: string, i: number, w: string): boolean {
  for (let j = 1; j < w.length; j++) if ((text.charCodeAt(i + j) | 32) !== w.charCodeAt(j)) return false;
  return true;
}

/**
 * Where the title rules can match: the occurrences of their keywords (ignoring ASCII case, in order) that a rule can
 * use. Keywords are ASCII letters, so each lies inside a token. In a match, the keyword is at a word boundary, or
 * right after "Under" ("UnderSecretary"), itself at a word boundary: in a token of ASCII letters only, that is at
 * its start or after an initial "under"; in other tokens every position is looked at.
 */
function addAt(at: Map<Keyword, number[]>, k: Keyword, i: number) {
  const had = at.get(k);
  if (had) had.push(i);
  else at.set(k, [i]);
}

function keywordsIn(text: string): Map<Keyword, number[]> {
  const at = new Map<Keyword, number[]>();
  for (let l = 0; l < nLong; l++) {
    const t = tLong[l]!;
    const s = tStart[t]!;
    const e = tEnd[t]!;
    const ascii = (tFlags[t]! & F_ASCII) !== 0;
    for (let i = s; i + KEYWORD_MIN <= e; i++) {
      if (ascii && i !== s) {
        // Only right after an initial "under".
        if (i > s + 5 || (text.charCodeAt(s) | 32) !== 117 || !wordAt(text, s, 'under')) break;
        i = s + 5;
      }
      let w: string;
      switch (text.charCodeAt(i) | 32) {
        case 115: // s
          w = 'secretary';
          break;
        case 112: // p
          w = 'president';
          break;
        case 114: // r
          w = 'representative';
          break;
        case 109: // m
          w = 'minister';
          break;
        case 97: // a
          w = (text.charCodeAt(i + 1) | 32) === 100 ? 'adviser' : 'ambassador';
          break;
        default:
          continue;
      }
      if (i + w.length > e || !wordAt(text, i, w)) continue;
      if (w === 'secretary' || w === 'president' || w === 'adviser') addAt(at, w, i);
      else if (w === 'representative') addAt(at, 'representative|ambassador', i);
      else if (w === 'ambassador') {
        addAt(at, 'representative|ambassador', i);
        if (text.startsWith('Ambassador', i)) addAt(at, 'Ambassador|Minister', i);
      } else if (text.startsWith('Minister', i)) addAt(at, 'Ambassador|Minister', i);
      i += w.length - 1;
    }
  }
  return at;
}

const stickyRes = new Map<RegExp, RegExp>();
const sticky = (re: RegExp) => {
  let s = stickyRes.get(re);
  if (!s) stickyRes.set(re, (s = new RegExp(re.source, re.flags.replace('g', '') + 'y')));
  return s;
};
const isWordChar = (cu: number) => isAsciiLetter(cu) || (cu >= 48 && cu <= 57) || cu === 95;

const isAsciiLetterAt = (text: string, i: number) => isAsciiLetter(text.charCodeAt(i));

/**
 * The matches of a title rule, in order, as `rule.re.exec` in a loop from 0 finds them. The regex is tried (sticky)
 * only where a match can start: at a word start (every rule begins with \b and a letter) in the letters, spaces and
 * periods before a keyword occurrence, at most `rule.before` runs of letters back. Earlier positions cannot start a
 * match with this keyword, nor with a later one (the text between would hold a character no match has there, or
 * too many words).
 */
function titleMatches(rule: TitleRule, text: string, occurrences: readonly number[]): RegExpExecArray[] {
  const out: RegExpExecArray[] = [];
  const re = sticky(rule.re);
  let from = 0; // matches start here or later: after the last match, after the positions already tried
  for (const k of occurrences) {
    if (k < from) continue;
    let w = k;
    let runs = 0;
    while (w > from) {
      const c = text.charCodeAt(w - 1);
      if (isAsciiLetter(c)) {
        if ((w === k || !isAsciiLetterAt(text, w)) && ++runs > rule.before) break;
      } else if (c !== 46 && !isWhiteSpace(c)) break;
      w--;
    }
    from = k + 1;
    for (let p = w; p <= k; p++) {
      if (!isAsciiLetter(text.charCodeAt(p)) || (p > 0 && isWordChar(text.charCodeAt(p - 1)))) continue;
      re.lastIndex = p;
      const m = re.exec(text);
      if (m) {
        from = p + m[0].length;
        out.push(m);
        break;
      }
    }
  }
  return out;
}

// ── Extraction ───────────────────────────────────────────────────────────────────────────────────────────────────

export function extractEntities(text: string, ctx: EntityContext): EntityMention[] {
  return new Extraction(text, ctx).run();
}

const MAX = 6;
/** The span keys of the window at the current token (reused). */
const spanKeys: string[] = [];

/** One document's extraction: its state, and the rules as methods (no closures per document). */
class Extraction {
  private readonly g: Gazetteer;
  private readonly gi: GazetteerIndex;
  private readonly isoDay: string | null;
  private readonly year: number;
  private readonly out: EntityMention[] = [];
  private readonly nt: number;
  private readonly list: readonly PersonsListEntry[];
  private readonly li: PersonsListIndex;
  /** Surnames known in this text so far → person. */
  private readonly context = new Map<string, Person | null>();
  private readonly titleSpans: { start: number; end: number; holder: Person }[] = [];
  /** `distinctSurname` decisions for this text. */
  private readonly distinct = new Map<string, Person | null>();
  /** Office holders on the document date, by office (`holdersCache`), once asked for. */
  private holders: Map<string, number[]> | null = null;

  constructor(
    private readonly text: string,
    ctx: EntityContext,
  ) {
    this.g = ctx.gazetteer;
    this.gi = gazetteerIndex(this.g);
    const date = ctx.date && /^\d{4}/.test(ctx.date) ? ctx.date : null;
    this.isoDay = date ? (date.length >= 10 ? date.slice(0, 10) : date.length === 7 ? `${date}-15` : `${date.slice(0, 4)}-07-01`) : null;
    this.year = yearOf(date);
    this.nt = tokenize(text);
    // Persons list: full-name forms and surnames of the volume (indexed once per list, not per document).
    this.list = ctx.personsList ?? [];
    this.li = personsListIndex(this.list);
  }

  run(): EntityMention[] {
    this.titles();
    this.officeNames();
    this.names();
    return this.out.sort((x, y) => x.start - y.start);
  }

  /** The token's normalised form (`normName` of the token as written). */
  private norm(i: number): string {
    if (tNormGen[i] === tGen) return tNorm[i]!;
    let v: string;
    if (tFlags[i]! & F_ASCII) {
      v = internAscii(this.text, tStart[i]!, tEnd[i]!);
      tWord[i] = internFlags[internAt]!;
      tIntern[i] = internAt;
    } else {
      v = normMemoised(this.text.slice(tStart[i], tEnd[i]));
      tWord[i] = wordFlags(v);
    }
    tNorm[i] = v;
    tNormGen[i] = tGen;
    return v;
  }

  /** The token's `gazetteerFlags` (for a word without a space: its norm is a single word). */
  private gz(i: number): number {
    const v = this.norm(i);
    if (tFlags[i]! & F_ASCII) {
      const at = tIntern[i]!;
      if (internGazetteer[at] !== this.gi.id) {
        internGazetteerFlags[at] = gazetteerFlags(v, this.g, this.gi);
        internGazetteer[at] = this.gi.id;
      }
      return internGazetteerFlags[at]!;
    }
    return gazetteerFlags(v, this.g, this.gi);
  }

  /** The token's `wordFlags`. */
  private word(i: number): number {
    if (tNormGen[i] !== tGen) this.norm(i);
    return tWord[i]!;
  }

  private isConnector(i: number): boolean {
    return tFlags[i]! & F_ASCII && tEnd[i]! - tStart[i]! > CONNECTOR_MAX ? false : (this.word(i) & W_CONNECTOR) !== 0;
  }

  /** Whether tokens a and a + 1 may belong to one name: only spaces, a hyphen, or the period of an initial. */
  private joinable(a: number): boolean {
    const text = this.text;
    const from = tEnd[a]!;
    const to = tStart[a + 1]!;
    const gap = to - from;
    if (gap === 0) return false;
    let c = text.charCodeAt(from);
    if (c === 46) {
      // "." alone or followed by spaces/tabs/newlines: the period of an initial.
      for (let k = from + 1; k < to; k++) {
        c = text.charCodeAt(k);
        if (c !== 32 && c !== 9 && c !== 10) return false;
      }
      return tEnd[a]! - tStart[a]! <= 3 && isCap(a);
    }
    // [ \t]*-?[ \t]* (at most 3 long), or [ \t]*\n[ \t]*
    let hyphens = 0;
    let newlines = 0;
    for (let k = from; k < to; k++) {
      c = text.charCodeAt(k);
      if (c === 32 || c === 9) continue;
      if (c === 45) hyphens++;
      else if (c === 10) newlines++;
      else return false;
      if (hyphens + newlines > 1) return false;
    }
    if (newlines === 1) return true;
    return gap <= 3;
  }

  private listPerson(i: number): Person {
    return { name: this.list[i]!.name, key: this.list[i]!.authorityKey };
  }

  private remember(p: Person) {
    const s = surnameOf(p.name);
    if (!s) return;
    const had = this.context.get(s);
    if (had === undefined) this.context.set(s, p);
    else if (had && had.key !== p.key) this.context.set(s, null); // two people with one surname: ambiguous
  }

  private authPerson(idx: number): Person {
    const p = this.g.persons.persons[idx]!;
    return { name: p.name, key: p.key };
  }

  private alive(idx: number): boolean {
    const year = this.year;
    if (!Number.isFinite(year)) return true;
    const p = this.g.persons.persons[idx]!;
    // Old enough to be named, and alive (a record without a death year is taken to end 90 years after birth).
    return (p.born === null || p.born + 12 <= year) && (p.died !== null ? p.died >= year : p.born === null || p.born + 90 >= year);
  }

  /** Whether the person holds some office on the document date. */
  private holdsOffice(idx: number): boolean {
    const isoDay = this.isoDay;
    if (!isoDay) return false;
    const offices = this.gi.officesOf.get(idx);
    if (offices === undefined) return false;
    const cache = (this.holders ??= holdersCache(this.gi, isoDay));
    for (const o of offices) if (holdersOn(cache, this.g, o, isoDay).includes(idx)) return true;
    return false;
  }

  private emit(kind: EntityKind, a: number, b: number, name: string, key: string | null, via: MentionVia) {
    this.out.push({ kind, text: this.text.slice(a, b), name, authorityKey: key, start: a, end: b, via });
  }

  /** Marks the tokens inside a..b taken (they are consecutive). */
  private markTaken(a: number, b: number) {
    const nt = this.nt;
    let lo = 0;
    let hi = nt;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (tStart[mid]! < a) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < nt && tEnd[i]! <= b; i++) tTaken[i] = 1;
  }

  /** 1. Office titles (need a date). */
  private titles() {
    const { text, g, gi, isoDay } = this;
    if (!isoDay) return;
    const keywords = keywordsIn(text);
    const seen: { start: number; end: number }[] = [];
    for (const rule of TITLE_RULES) {
      const occurrences = keywords.get(rule.keyword);
      if (!occurrences) continue;
      for (const m of titleMatches(rule, text, occurrences)) {
        const s = m.index;
        let e = s + m[0].length;
        if (seen.some((x) => x.start < e && x.end > s)) continue;
        // The title word itself must be capitalised ("the Secretary", not "the secretary").
        const word = /(Secretary|President|Ambassador|Minister|Representative|Adviser|Under)/i.exec(m[0]);
        if (!word || word[0][0] !== word[0][0]!.toUpperCase()) continue;
        const found = rule.office(m, g);
        if (!found) continue;
        const office = typeof found === 'string' ? found : found.office;
        if (typeof found !== 'string') e = s + found.length;
        const holders = holdersOn((this.holders ??= holdersCache(gi, isoDay)), g, office, isoDay);
        if (holders.length === 0) continue;
        seen.push({ start: s, end: e });
        const holder = this.authPerson(holders[0]!);
        this.emit('person', s, e, holder.name, holder.key, 'title');
        this.titleSpans.push({ start: s, end: e, holder });
        this.markTaken(s, e);
        this.remember(holder);
      }
    }
  }

  /** 2. "(Surname)" after an office phrase: a person, linked when the title, the list or the text so far knows them. */
  private officeNames() {
    for (const h of findOfficeParenNames(this.text)) {
      if (this.out.some((m) => m.start < h.end && m.end > h.start)) continue;
      const key = normMemoised(h.text);
      const full = key.includes(' ') ? this.resolveFull(key)?.person : undefined;
      const surname = surnameKeyOf(h.text);
      const p = full ?? (surname ? this.resolveSurname(surname, h.start, false) : null);
      this.emit('person', h.start, h.end, p?.name ?? h.text, p?.key ?? null, p?.key ? 'surname' : 'office');
      this.markTaken(h.start, h.end);
      if (p) this.remember(p);
      else if (surname && !this.context.has(surname)) this.context.set(surname, { name: h.text, key: null });
    }
  }

  private titleBefore(at: number) {
    for (const t of this.titleSpans) if (t.end <= at && onlySpaceParen(this.text, t.end, at)) return t;
    return undefined;
  }

  /** 3. Names, places, organisations: longest match at each capitalised token. */
  private names() {
    const { text, g, gi, nt } = this;
    const listFirstWords = this.li.firstWords;
    const taken = tTaken;
    const start = tStart;
    const end = tEnd;
    for (let i = 0; i < nt; i++) {
      if (taken[i] || !isCap(i)) continue;
      const tn = this.norm(i);
      // Extend a window of joinable tokens, each capitalised or a connector (a span with any other token is no name).
      let n = 1;
      while (n < MAX && i + n < nt && !taken[i + n] && this.joinable(i + n - 1) && (isCap(i + n) || this.isConnector(i + n))) n++;
      // A multi-word key must start with a first word some multi-word form has.
      if (n > 1) {
        const sp = tn.indexOf(' ');
        const fw = sp < 0 ? tn : tn.slice(0, sp);
        if (!(sp < 0 ? this.gz(i) & G_FIRST_WORD : gi.firstWords.has(fw)) && !listFirstWords.has(fw)) n = 1;
      }
      spanKeys[1] = tn;
      for (let len = 2; len <= n; len++) spanKeys[len] = `${spanKeys[len - 1]!} ${this.norm(i + len - 1)}`;
      let matched = false;
      for (let len = n; len >= 1; len--) {
        const lastI = i + len - 1;
        if (!(tFlags[lastI]! & (F_CAP | F_LU))) continue;
        const key = spanKeys[len]!;
        const a = start[i]!;
        const b = end[lastI]!;

        // Curated places and organisations first, then persons, then dateline places.
        const place = len === 1 && tFlags[i]! & F_ASCII && !(this.gz(i) & G_PLACE) ? undefined : g.place(key);
        const curated = place && place.key !== null ? place : undefined;
        if (curated && placeAllowed(curated, text.slice(a, b), text, a)) {
          this.emit(curated.kind, a, b, curated.name, curated.key, 'gazetteer');
          matched = true;
          i += len - 1;
          break;
        }
        // A multi-word person name never ends in a common noun ("National Security Affairs" is an office).
        if (len >= 2 && !(this.word(i) & W_HONORIFIC) && !(this.word(lastI) & W_STOP)) {
          const person = this.resolveFull(key);
          if (person) {
            this.emit('person', a, b, person.person.name, person.person.key, person.via);
            this.remember(person.person);
            matched = true;
            i += len - 1;
            break;
          }
        }
        if (place && place.key === null && (len >= 2 || !(this.word(i) & W_STOP))) {
          this.emit('place', a, b, place.name, null, 'gazetteer');
          matched = true;
          i += len - 1;
          break;
        }
      }
      if (matched) continue;

      // Honorific + name ("Mr. Talbott", "Ambassador Vershbow").
      if (this.word(i) & W_HONORIFIC && i + 1 < nt && this.joinable(i) && !taken[i + 1]) {
        let k = i + 1;
        while (k < nt && this.word(k) & W_HONORIFIC && k + 1 < nt && this.joinable(k)) k++;
        // The name: tokens k .. k + count - 1.
        let count = 0;
        for (let j = k; j < nt && count < 4; j++) {
          if (taken[j] || !(isCap(j) || this.isConnector(j))) break;
          if (count && !this.joinable(j - 1)) break;
          const x = this.norm(j);
          if (this.word(j) & W_STOP || (x.includes(' ') ? g.place(x)?.key : this.gz(j) & G_PLACE_KEY)) break;
          count++;
        }
        while (count && this.isConnector(k + count - 1)) count--;
        if (count) {
          const lastI = k + count - 1;
          const a = start[k]!;
          const b = end[lastI]!;
          let p: Person | null | undefined;
          if (count >= 2) {
            let key = this.norm(k);
            for (let j = k + 1; j <= lastI; j++) key += ` ${this.norm(j)}`;
            p = this.resolveFull(key)?.person;
          }
          p ??= this.resolveSurname(this.norm(lastI), a, (this.word(lastI) & W_STOP) !== 0);
          this.emit('person', a, b, p?.name ?? text.slice(a, b), p?.key ?? null, 'honorific');
          if (p) this.remember(p);
          i = lastI;
          continue;
        }
      }

      // Surname alone, known in context; or a common given name followed by a surname.
      if (!(this.word(i) & (W_STOP | W_HONORIFIC))) {
        const p = this.resolveSurname(tn, start[i]!, false) ?? this.distinctSurname(i, tn);
        if (p) {
          this.emit('person', start[i]!, end[i]!, p.name, p.key, p.key && this.li.keys.has(p.key) ? 'list' : 'surname');
          continue;
        }
        if ((tn.includes(' ') ? g.givenNames.has(tn) : this.gz(i) & G_GIVEN) && i + 1 < nt) {
          let j = i + 1;
          while (j < nt - 1 && end[j]! - start[j]! === 1 && isCap(j) && this.joinable(j - 1)) j++;
          if (
            j <= i + 3 &&
            this.joinable(j - 1) &&
            isCap(j) &&
            end[j]! - start[j]! > 1 &&
            !taken[j] &&
            !(this.word(j) & (W_STOP | W_HONORIFIC)) &&
            !(this.norm(j).includes(' ') ? g.place(this.norm(j)) : this.gz(j) & G_PLACE) &&
            !isUpperLine(text, start[i]!)
          ) {
            const s = this.norm(j);
            this.emit('person', start[i]!, end[j]!, text.slice(start[i], end[j]), null, 'given-name');
            this.context.set(s, this.context.get(s) ?? { name: text.slice(start[i], end[j]), key: null });
            i = j;
          }
        }
      }
    }
  }

  /**
   * A surname alone that only one living person of the authority bears ("Shevardnadze", "Akhromeyev"): a person, when
   * the word is no given name, place or common word (never lower case in this text), and the text treats it as a
   * person at least once: on its own (no capitalised word before it) and followed by a possessive or a verb of saying
   * or doing ("Shevardnadze said", "Gorbachev’s proposal"). "German", "Powers" or "South" never pass that test.
   */
  private distinctSurname(i: number, tn: string): Person | null {
    if (tn.length < 4 || tn.includes(' ') || this.gz(i) & (G_GIVEN | G_PLACE)) return null;
    const known = this.distinct.get(tn);
    if (known !== undefined) return known;
    let found: Person | null = null;
    const only = this.onlyLiveWithSurname(tn);
    if (only >= 0 && this.usedAsName(i)) found = this.authPerson(only);
    this.distinct.set(tn, found);
    if (found) this.remember(found);
    return found;
  }

  /** The one person of the authority with surname key `tn` alive in the document's year, or -1 (none or several). */
  private onlyLiveWithSurname(tn: string): number {
    const byYear = this.gi.liveSurnames;
    let m = byYear.get(this.year);
    if (!m) byYear.set(this.year, (m = new Map<string, number>()));
    let only = m.get(tn);
    if (only === undefined) {
      only = -1;
      let count = 0;
      for (const c of this.gi.surnames.get(tn) ?? []) {
        if (!this.alive(c)) continue;
        only = c;
        if (++count > 1) {
          only = -1;
          break;
        }
      }
      if (m.size >= LIVE_SURNAMES_MAX) m.clear();
      m.set(tn, only);
    }
    return only;
  }

  /** See `distinctSurname`. */
  private usedAsName(i: number): boolean {
    const text = this.text;
    const word = text.slice(tStart[i], tEnd[i]);
    const lower = word.toLowerCase();
    if (lower === word) return false;
    // The word also written in lower case, as a word of its own: an ordinary word, not a name.
    for (let at = text.indexOf(lower); at >= 0; at = text.indexOf(lower, at + 1))
      if (!letterBefore(text, at) && !letterAt(text, at + lower.length)) return false;
    for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
      const before = text.slice(Math.max(0, at - 30), at);
      if (/\p{L}$/u.test(before)) continue;
      const prev = /(\p{Lu}[\p{L}.]*)[ \t]+$/u.exec(before);
      if (prev && !OPENERS.has(prev[1]!)) continue;
      if (PERSON_CUE.test(text.slice(at + word.length, at + word.length + 24))) return true;
    }
    return false;
  }

  private resolveFull(key: string): { person: Person; via: MentionVia } | null {
    const inList = this.li.listForms.get(key);
    if (inList && inList.length === 1) return { person: this.listPerson(inList[0]!), via: 'list' };
    const cands = this.g.persons.byForm(key);
    if (cands.length === 0) return null;
    let live = cands.filter((c) => this.alive(c));
    if (live.length === 0) live = [...cands];
    if (live.length > 1) {
      // Prefer someone holding an office on the date, then one already named in this text.
      const onDate = live.filter((c) => this.holdsOffice(c));
      if (onDate.length === 1) live = onDate;
    }
    if (live.length === 1) return { person: this.authPerson(live[0]!), via: 'name' };
    // A real name, but we cannot tell which person: keep it unlinked.
    return { person: { name: nameAsWritten(key), key: null }, via: 'name' };
  }

  /** stop: whether s is in STOP. */
  private resolveSurname(s: string, at: number, stop: boolean): Person | null {
    if (stop) return null;
    const c = this.context.get(s);
    if (c) return c;
    const title = this.titleBefore(at);
    if (title && surnameKeyOf(title.holder.name) === s) return title.holder;
    if (c === null) return null;
    const l = this.li.listSurnames.get(s);
    if (l && l.length === 1) return this.listPerson(l[0]!);
    return null;
  }
}

const isCap = (i: number) => (tFlags[i]! & F_CAP) !== 0;

// Capitalised words that open sentences and may stand before a name ("Then Gorbachev said").
const OPENERS = new Set(
  'Then When But And So Later Yesterday Today Also However Finally If As After Before While Since Now Here There Thus Moreover Instead Still Yet Meanwhile'.split(
    ' ',
  ),
);
// What follows a person's name and rarely a common word: a possessive, or a verb of saying or doing.
const PERSON_CUE =
  /^(?:['’]s\b|[ \t]+(?:said|says|stated|told|asked|replied|responded|noted|agreed|added|suggested|proposed|emphasi[sz]ed|stressed|explained|observed|remarked|commented|declared|insisted|argued|answered|thanked|welcomed|interjected|wrote|believes|believed|thinks|thought|wants|wanted|hoped|felt|expressed|urged|promised|recalled|pointed out|opened|concluded|indicated|reiterated|acknowledged|informed|reported|met|called|visited|arrived|left)\b)/;

function nameAsWritten(key: string): string {
  return key.replace(/\b\p{L}/gu, (c) => c.toUpperCase());
}

function placeAllowed(p: PlaceHit, raw: string, text: string, at: number): boolean {
  if (p.caseSensitive.length === 0) return true;
  const bare = raw.replace(/\s+/g, ' ');
  if (!p.caseSensitive.includes(bare)) return true;
  return !isUpperLine(text, at);
}

const LETTER = /\p{L}/u;

/** Whether a letter (a whole code point) starts at `at`. */
function letterAt(text: string, at: number): boolean {
  const cp = text.codePointAt(at);
  return cp !== undefined && LETTER.test(String.fromCodePoint(cp));
}

/** Whether the code point just before `at` is a letter. */
function letterBefore(text: string, at: number): boolean {
  if (at <= 0) return false;
  const low = text.charCodeAt(at - 1);
  const start = low >= 0xdc00 && low <= 0xdfff && at >= 2 ? at - 2 : at - 1;
  return letterAt(text, start);
}
