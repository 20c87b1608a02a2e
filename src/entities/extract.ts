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
 *  - a common given name plus a capitalised surname ("Langdon Warner"), unlinked;
 *  - an office title with a date ("the Secretary" on 1995-07-19 → Warren Christopher; "the Ambassador in Russia");
 *  - a place or organisation of the curated gazetteer or the dateline place list ("U.S." = "US" = "United States").
 * Never: pronouns, month and day names, honorifics or title words alone ("Mr.", "Sir", "Excellency").
 */
import type { Gazetteer, PlaceHit } from './gazetteer.js';
import { HONORIFICS, nameForms, normName, surnameKey } from './names.js';

export type EntityKind = 'person' | 'organization' | 'place';
export type MentionVia = 'name' | 'list' | 'surname' | 'honorific' | 'given-name' | 'title' | 'gazetteer';

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

interface Tok {
  start: number;
  end: number;
  raw: string;
  norm: string;
  cap: boolean;
}

interface Person {
  name: string;
  key: string | null;
}

const TOKEN = /(?:\p{L}\.){2,}|\p{L}[\p{L}\p{M}'’]*/gu;

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

interface PersonsListIndex {
  listForms: Map<string, number[]>;
  listSurnames: Map<string, number[]>;
}

const listIndexes = new WeakMap<readonly PersonsListEntry[], PersonsListIndex>();

/** Name forms and surnames of a persons list → entry indexes; cached per list (a volume's documents share one). */
function personsListIndex(list: readonly PersonsListEntry[]): PersonsListIndex {
  const cached = listIndexes.get(list);
  if (cached) return cached;
  const listForms = new Map<string, number[]>();
  const listSurnames = new Map<string, number[]>();
  list.forEach((p, i) => {
    for (const n of [p.name, ...(p.variants ?? [])]) {
      for (const f of nameForms(n)) listForms.set(f, [...new Set([...(listForms.get(f) ?? []), i])]);
      const s = surnameKey(n.includes(',') ? n.split(',')[0]! : n);
      if (s && !STOP.has(s)) listSurnames.set(s, [...new Set([...(listSurnames.get(s) ?? []), i])]);
    }
  });
  const index = { listForms, listSurnames };
  listIndexes.set(list, index);
  return index;
}

function tokenize(text: string): Tok[] {
  const out: Tok[] = [];
  for (const m of text.matchAll(TOKEN)) {
    const raw = m[0].replace(/['’]s?$/, ''); // possessive: "Sacasa’s" names Sacasa
    if (!raw) continue;
    const c = raw[0]!;
    out.push({ start: m.index, end: m.index + raw.length, raw, norm: normName(raw), cap: c !== c.toLowerCase() });
  }
  return out;
}

/** Whether tokens a and b (a before b) may belong to one name: only spaces, a hyphen, or the period of an initial. */
function joinable(text: string, a: Tok, b: Tok): boolean {
  const gap = text.slice(a.end, b.start);
  if (/^[ \t]*-?[ \t]*$/.test(gap) && gap.length <= 3) return gap.length > 0;
  if (/^[ \t]*\n[ \t]*$/.test(gap)) return true;
  if (/^\.[ \t\n]+$/.test(gap) || gap === '.') return a.raw.length <= 3 && a.cap;
  return false;
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
  /** The office id, and how many characters of the match are the title (default: all). */
  office: (m: RegExpExecArray, g: Gazetteer) => string | { office: string; length: number } | null;
}

const NOT_OTHER_DEPT = String.raw`(?!\s+(?:of\s+(?!State\b)|General\b)|-General\b)`;
const TITLE_RULES: TitleRule[] = [
  {
    re: new RegExp(String.raw`\b(?:the\s+)?(?:Acting\s+)?Deputy\s+Secretary(?:\s+of\s+State)?\b${NOT_OTHER_DEPT}`, 'gi'),
    office: () => 'deputy-secretary',
  },
  {
    re: new RegExp(String.raw`\b(?:the\s+)?Under\s*Secretary\s+(?:of\s+State\s+)?for\s+Political\s+Affairs\b`, 'gi'),
    office: () => 'under-secretary-for-political-affairs',
  },
  {
    re: new RegExp(String.raw`\b(?:the\s+)?(?:Acting\s+)?Under\s*Secretary(?:\s+of\s+State)?\b(?!\s+for\b)${NOT_OTHER_DEPT}`, 'gi'),
    office: () => 'under-secretary',
  },
  { re: /\bSecretary\s+of\s+State\b/gi, office: () => 'secretary' },
  { re: new RegExp(String.raw`\bthe\s+Secretary\b${NOT_OTHER_DEPT}`, 'gi'), office: () => 'secretary' },
  { re: /\bthe\s+President\b(?!\s+of\b|-elect)/gi, office: () => 'president' },
  { re: /\bMr\.?\s+President\b/gi, office: () => 'president' },
  { re: /\bthe\s+Legal\s+Adviser\b/gi, office: () => 'legal-adviser' },
  {
    re: /\b(?:the\s+)?(?:American\s+|U\.\s?S\.\s+|US\s+)?(?:Permanent\s+)?(?:Representative|Ambassador)\s+(?:to|at|on\s+the\s+Council\s+of)\s+(?:the\s+)?(NATO|North\s+Atlantic\s+Treaty\s+Organization|United\s+Nations|U\.\s?N\.|UN|Organization\s+of\s+American\s+States|OAS)\b/gi,
    office: (m) =>
      /^(NATO|North)/i.test(m[1]!)
        ? 'org:representative-to-nato'
        : /^(Organization|OAS)/i.test(m[1]!)
          ? 'org:representative-to-oas'
          : 'org:representative-to-un',
  },
  {
    re: /\b(?:the\s+)?(?:American\s+)?(?:Ambassador|Minister)\s+(?:in|to|at)\s+(?:the\s+)?(\p{Lu}[\p{L}'’-]*(?:[ \t]+(?:of[ \t]+)?\p{Lu}[\p{L}'’-]*){0,3})/gu,
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

// ── Extraction ───────────────────────────────────────────────────────────────────────────────────────────────────

export function extractEntities(text: string, ctx: EntityContext): EntityMention[] {
  const g = ctx.gazetteer;
  const date = ctx.date && /^\d{4}/.test(ctx.date) ? ctx.date : null;
  const isoDay = date ? (date.length >= 10 ? date.slice(0, 10) : date.length === 7 ? `${date}-15` : `${date.slice(0, 4)}-07-01`) : null;
  const year = yearOf(date);
  const out: EntityMention[] = [];
  const taken: boolean[] = [];
  const toks = tokenize(text);
  const tokAt = new Map<number, number>();
  toks.forEach((t, i) => tokAt.set(t.start, i));

  // Persons list: full-name forms and surnames of the volume (indexed once per list, not per document).
  const list = ctx.personsList ?? [];
  const { listForms, listSurnames } = personsListIndex(list);
  const listPerson = (i: number): Person => ({ name: list[i]!.name, key: list[i]!.authorityKey });

  // Surnames known in this text so far → person.
  const context = new Map<string, Person | null>();
  const remember = (p: Person) => {
    const s = surnameKey(p.name.includes(',') ? p.name.split(',')[0]! : p.name);
    if (!s) return;
    const had = context.get(s);
    if (had === undefined) context.set(s, p);
    else if (had && had.key !== p.key) context.set(s, null); // two people with one surname: ambiguous
  };

  const authPerson = (idx: number): Person => ({ name: g.persons.persons[idx]!.name, key: g.persons.persons[idx]!.key });
  const alive = (idx: number) => {
    if (!Number.isFinite(year)) return true;
    const p = g.persons.persons[idx]!;
    // Old enough to be named, and alive (a record without a death year is taken to end 90 years after birth).
    return (p.born === null || p.born + 12 <= year) && (p.died !== null ? p.died >= year : p.born === null || p.born + 90 >= year);
  };

  const emit = (kind: EntityKind, a: number, b: number, name: string, key: string | null, via: MentionVia) => {
    out.push({ kind, text: text.slice(a, b), name, authorityKey: key, start: a, end: b, via });
  };
  const markTaken = (a: number, b: number) => {
    toks.forEach((t, i) => {
      if (t.start >= a && t.end <= b) taken[i] = true;
    });
  };

  let holdersOnDate: Set<number> | null = null;

  // 1. Office titles (need a date).
  const titleSpans: { start: number; end: number; holder: Person }[] = [];
  if (isoDay) {
    const seen: { start: number; end: number }[] = [];
    for (const rule of TITLE_RULES) {
      rule.re.lastIndex = 0;
      for (let m = rule.re.exec(text); m; m = rule.re.exec(text)) {
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
        const holders = g.persons.holders(office, isoDay);
        if (holders.length === 0) continue;
        seen.push({ start: s, end: e });
        const holder = authPerson(holders[0]!);
        emit('person', s, e, holder.name, holder.key, 'title');
        titleSpans.push({ start: s, end: e, holder });
        markTaken(s, e);
        remember(holder);
      }
    }
  }
  const titleBefore = (at: number) => titleSpans.find((t) => /^\s*\(?\s*$/.test(text.slice(t.end, at)) && t.end <= at);

  // 2. Names, places, organisations: longest match at each capitalised token.
  const MAX = 6;
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    if (taken[i] || !t.cap) continue;
    // Extend a window of joinable tokens.
    let n = 1;
    while (n < MAX && i + n < toks.length && !taken[i + n] && joinable(text, toks[i + n - 1]!, toks[i + n]!)) n++;
    let matched = false;
    for (let len = n; len >= 1 && !matched; len--) {
      const last = toks[i + len - 1]!;
      if (!last.cap && !/^\p{Lu}/u.test(last.raw)) continue;
      const span = toks.slice(i, i + len);
      if (span.some((x) => !x.cap && !CONNECTORS.has(x.norm))) continue;
      const key = span.map((x) => x.norm).join(' ');
      const a = t.start;
      const b = last.end;
      const raw = text.slice(a, b);

      // Curated places and organisations first, then persons, then dateline places.
      const place = g.place(key);
      const curated = place && place.key !== null ? place : undefined;
      if (curated && placeAllowed(curated, raw, text, a)) {
        emit(curated.kind, a, b, curated.name, curated.key, 'gazetteer');
        matched = true;
        i += len - 1;
        break;
      }
      if (len >= 2 && !HONORIFICS.has(span[0]!.norm)) {
        const person = resolveFull(key);
        if (person) {
          emit('person', a, b, person.person.name, person.person.key, person.via);
          remember(person.person);
          matched = true;
          i += len - 1;
          break;
        }
      }
      if (place && place.key === null && (len >= 2 || !STOP.has(key))) {
        emit('place', a, b, place.name, null, 'gazetteer');
        matched = true;
        i += len - 1;
        break;
      }
    }
    if (matched) continue;

    // Honorific + name ("Mr. Talbott", "Ambassador Vershbow").
    if (HONORIFICS.has(t.norm) && i + 1 < toks.length && joinable(text, t, toks[i + 1]!) && !taken[i + 1]) {
      let k = i + 1;
      while (k < toks.length && HONORIFICS.has(toks[k]!.norm) && k + 1 < toks.length && joinable(text, toks[k]!, toks[k + 1]!)) k++;
      const nameToks: Tok[] = [];
      for (let j = k; j < toks.length && nameToks.length < 4; j++) {
        const x = toks[j]!;
        if (taken[j] || !(x.cap || CONNECTORS.has(x.norm))) break;
        if (nameToks.length && !joinable(text, nameToks[nameToks.length - 1]!, x)) break;
        if (STOP.has(x.norm) || g.place(x.norm)?.key) break;
        nameToks.push(x);
      }
      while (nameToks.length && CONNECTORS.has(nameToks[nameToks.length - 1]!.norm)) nameToks.pop();
      if (nameToks.length) {
        const a = nameToks[0]!.start;
        const b = nameToks[nameToks.length - 1]!.end;
        const key = nameToks.map((x) => x.norm).join(' ');
        const p = (nameToks.length >= 2 ? resolveFull(key)?.person : undefined) ?? resolveSurname(nameToks[nameToks.length - 1]!.norm, a);
        emit('person', a, b, p?.name ?? text.slice(a, b), p?.key ?? null, 'honorific');
        if (p) remember(p);
        i = tokAt.get(nameToks[nameToks.length - 1]!.start) ?? i;
        continue;
      }
    }

    // Surname alone, known in context; or a common given name followed by a surname.
    if (!STOP.has(t.norm) && !HONORIFICS.has(t.norm)) {
      const p = resolveSurname(t.norm, t.start);
      if (p) {
        emit('person', t.start, t.end, p.name, p.key, p.key && list.some((x) => x.authorityKey === p.key) ? 'list' : 'surname');
        continue;
      }
      if (g.givenNames.has(t.norm) && i + 1 < toks.length) {
        let j = i + 1;
        while (j < toks.length - 1 && toks[j]!.raw.length === 1 && toks[j]!.cap && joinable(text, toks[j - 1]!, toks[j]!)) j++;
        const s = toks[j]!;
        if (
          j <= i + 3 &&
          joinable(text, toks[j - 1]!, s) &&
          s.cap &&
          s.raw.length > 1 &&
          !taken[j] &&
          !STOP.has(s.norm) &&
          !HONORIFICS.has(s.norm) &&
          !g.place(s.norm) &&
          !isUpperLine(text, t.start)
        ) {
          emit('person', t.start, s.end, text.slice(t.start, s.end), null, 'given-name');
          context.set(s.norm, context.get(s.norm) ?? { name: text.slice(t.start, s.end), key: null });
          i = j;
        }
      }
    }
  }

  return out.sort((x, y) => x.start - y.start);

  function officeHolders(): Set<number> {
    if (holdersOnDate) return holdersOnDate;
    holdersOnDate = new Set();
    if (isoDay) for (const o of Object.keys(g.persons.offices)) for (const h of g.persons.holders(o, isoDay)) holdersOnDate.add(h);
    return holdersOnDate;
  }

  function resolveFull(key: string): { person: Person; via: MentionVia } | null {
    const inList = listForms.get(key);
    if (inList && inList.length === 1) return { person: listPerson(inList[0]!), via: 'list' };
    const cands = g.persons.byForm(key);
    if (cands.length === 0) return null;
    let live = cands.filter(alive);
    if (live.length === 0) live = [...cands];
    if (live.length > 1) {
      // Prefer someone holding an office on the date, then one already named in this text.
      const onDate = live.filter((c) => officeHolders().has(c));
      if (onDate.length === 1) live = onDate;
    }
    if (live.length === 1) return { person: authPerson(live[0]!), via: 'name' };
    // A real name, but we cannot tell which person: keep it unlinked.
    return { person: { name: nameAsWritten(key), key: null }, via: 'name' };
  }

  function resolveSurname(s: string, at: number): Person | null {
    if (STOP.has(s)) return null;
    const c = context.get(s);
    if (c) return c;
    const title = titleBefore(at);
    if (title && surnameKey(title.holder.name) === s) return title.holder;
    if (c === null) return null;
    const l = listSurnames.get(s);
    if (l && l.length === 1) return listPerson(l[0]!);
    return null;
  }
}

function nameAsWritten(key: string): string {
  return key.replace(/\b\p{L}/gu, (c) => c.toUpperCase());
}

function placeAllowed(p: PlaceHit, raw: string, text: string, at: number): boolean {
  if (p.caseSensitive.length === 0) return true;
  const bare = raw.replace(/\s+/g, ' ');
  if (!p.caseSensitive.includes(bare)) return true;
  return !isUpperLine(text, at);
}
