/**
 * Person authority from the Office of the Historian data (HistoryAtState `people`, `pocom`, presidents list):
 * a compact, JSON-serialisable build (`AuthorityData`) and the in-memory index over it (`PersonIndex`).
 * Pure: the builder takes XML strings, the loader (authority.loader.ts) does the file I/O and caching.
 */
import { nameForms, naturalOrder, normName } from './names.js';

/** Bump when the shape or the rules of the build change: cached builds of another version are rebuilt. */
export const AUTHORITY_VERSION = 3;

export interface AuthorityPerson {
  /** `hsg-people:<id>`, or `pocom:<id>` / `hsg-president:<id>` when the people data has no record. */
  key: string;
  /** Display name in natural order ("Warren Minor Christopher"). */
  name: string;
  /** Other names as the sources write them (deduplicated, natural order). */
  variants: string[];
  born: number | null;
  died: number | null;
}

/** Who held an office from `s` to `e` (ISO dates; `e` null = open or unknown). `p` indexes `persons`. */
export interface Tenure {
  p: number;
  s: string;
  e: string | null;
}

export interface OfficeRecord {
  /** "Secretary of State", "Chief of Mission to Russia", "President of the United States". */
  title: string;
  tenures: Tenure[];
}

export interface AuthorityData {
  version: number;
  persons: AuthorityPerson[];
  /**
   * Offices by id: principal positions by their pocom id ("secretary", "deputy-secretary"), `president`,
   * `mission:<territory-id>` (chiefs of mission to a country), `org:<mission-id>` (e.g. `org:representative-to-nato`).
   */
  offices: Record<string, OfficeRecord>;
}

// ── XML helpers (the records are small, flat and machine-written) ──────────────────────────────────────────────

function decodeXml(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&amp;/g, '&');
}

const clean = (s: string) => decodeXml(s).replace(/\s+/g, ' ').trim();

/** Text of every `<tag>…</tag>` (no nested tags of the same name). */
function all(xml: string, tag: string): string[] {
  const out: string[] = [];
  const re = new RegExp(`<${tag}(?:\\s[^>]*)?>([\\s\\S]*?)</${tag}>`, 'g');
  for (const m of xml.matchAll(re)) out.push(m[1]!);
  return out;
}

function first(xml: string, tag: string): string | null {
  const m = new RegExp(`<${tag}(?:\\s[^>]*)?>([\\s\\S]*?)</${tag}>`).exec(xml);
  return m ? clean(m[1]!) : null;
}

function year(s: string | null): number | null {
  const m = s ? /^\d{3,4}/.exec(s) : null;
  return m ? Number(m[0]) : null;
}

/** ISO date or the start of a partial one ("1995" → "1995-01-01"); null when empty. */
function isoStart(s: string | null): string | null {
  if (!s) return null;
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) return s;
  if (/^\d{4}-\d{2}$/.test(s)) return `${s}-01`;
  if (/^\d{4}$/.test(s)) return `${s}-01-01`;
  return null;
}

/** The date of `<started>` (or `<appointed>`, failing that) and of `<ended>` inside an appointment. */
function tenureDates(xml: string): { s: string | null; e: string | null } {
  const part = (tag: string) => {
    const block = all(xml, tag)[0];
    return block === undefined ? null : isoStart(first(block, 'date'));
  };
  return { s: part('started') ?? part('appointed'), e: part('ended') };
}

// ── Builder ────────────────────────────────────────────────────────────────────────────────────────────────────

interface PendingTenure {
  office: string;
  pocomId: string;
  s: string;
  e: string | null;
}

/** Collects records in any order, then links pocom ids and presidents to people records. */
export class AuthorityBuilder {
  private readonly persons: AuthorityPerson[] = [];
  private readonly byPocom = new Map<string, number>();
  private readonly byPresident = new Map<string, number>();
  private readonly pocomPeople = new Map<string, { name: string; variants: string[]; born: number | null; died: number | null }>();
  private readonly presidents = new Map<string, { name: string; born: number | null; died: number | null; s: string; e: string | null }>();
  private readonly tenures: PendingTenure[] = [];
  private readonly titles = new Map<string, string>();

  /** A HistoryAtState/people record (`data/…/<id>.xml`). */
  addPeopleRecord(xml: string): void {
    const id = first(xml, 'id');
    const names = all(xml, 'names')[0] ?? '';
    const preferred = first(all(names, 'preferred')[0] ?? '', 'name');
    if (!id || !preferred) return;
    const originals = all(all(names, 'originals')[0] ?? '', 'name').map(clean);
    const name = naturalOrder(preferred);
    const variants = dedupe([...originals.map(naturalOrder), ...originals], name);
    const idx = this.persons.length;
    this.persons.push({
      key: `hsg-people:${id}`,
      name,
      variants,
      born: year(first(xml, 'birth-year')),
      died: year(first(xml, 'death-year')),
    });
    for (const url of all(xml, 'source-url')) {
      const p = /departmenthistory\/people\/([a-z0-9-]+)/.exec(url);
      if (p) this.byPocom.set(p[1]!, idx);
      const pr = /presidents\.xml#([a-z0-9-]+)/.exec(url);
      if (pr) this.byPresident.set(pr[1]!, idx);
    }
  }

  /** A pocom `people/<letter>/<id>.xml` record. */
  addPocomPerson(xml: string): void {
    const id = first(xml, 'id');
    const pn = all(xml, 'persName')[0];
    if (!id || pn === undefined) return;
    const surname = first(pn, 'surname') ?? '';
    const forename = (first(pn, 'forename') ?? '').replace(/\([^)]*\)/g, ' ');
    const gen = first(pn, 'genName');
    const name = [forename, surname, gen ?? ''].join(' ').replace(/\s+/g, ' ').trim();
    if (!name) return;
    this.pocomPeople.set(id, {
      name,
      variants: all(pn, 'altname').map(clean),
      born: year(first(xml, 'birth')),
      died: year(first(xml, 'death')),
    });
  }

  /** A pocom `positions-principals/<id>.xml` file. */
  addPrincipalPosition(xml: string): void {
    const id = first(xml, 'id');
    const title = first(all(xml, 'names')[0] ?? '', 'singular');
    if (!id || !title) return;
    this.titles.set(id, title);
    for (const p of all(xml, 'principal')) this.addTenure(id, p);
  }

  /** A pocom `missions-countries/<territory>.xml` file. */
  addCountryMission(xml: string): void {
    const territory = first(xml, 'territory-id');
    if (!territory) return;
    const office = `mission:${territory}`;
    this.titles.set(office, `Chief of Mission to ${territory.replace(/-/g, ' ').replace(/\b\w/g, (c) => c.toUpperCase())}`);
    for (const c of all(xml, 'chief')) this.addTenure(office, c);
  }

  /** A pocom `missions-orgs/<id>.xml` file (NATO, UN, OAS, …). */
  addOrgMission(xml: string): void {
    const id = first(xml, 'id');
    const title = first(all(xml, 'names')[0] ?? '', 'singular');
    if (!id || !title) return;
    const office = `org:${id}`;
    this.titles.set(office, title);
    for (const c of all(xml, 'chief')) this.addTenure(office, c);
  }

  /** HistoryAtState/travels `presidents/presidents.xml`. */
  addPresidents(xml: string): void {
    this.titles.set('president', 'President of the United States');
    for (const p of all(xml, 'president')) {
      const id = first(p, 'id');
      const name = first(p, 'name');
      const s = isoStart(first(p, 'took-office-date'));
      if (!id || !name || !s) continue;
      this.presidents.set(id, {
        name,
        born: year(first(p, 'birth-year')),
        died: year(first(p, 'death-year')),
        s,
        e: isoStart(first(p, 'left-office-date')),
      });
    }
  }

  private addTenure(office: string, xml: string) {
    const pocomId = first(xml, 'person-id');
    const { s, e } = tenureDates(xml);
    if (pocomId && s) this.tenures.push({ office, pocomId, s, e });
  }

  build(): AuthorityData {
    const persons = this.persons.map((p) => ({ ...p, variants: [...p.variants] }));
    const index = new Map<string, number>();
    const link = (id: string, src: Map<string, number>, make: () => AuthorityPerson | null, extra: string[]): number | null => {
      const cacheKey = `${src === this.byPocom ? 'pocom' : 'president'}|${id}`;
      const cached = index.get(cacheKey);
      if (cached !== undefined) return cached;
      let i = src.get(id);
      if (i === undefined) {
        const made = make();
        if (!made) return null;
        i = persons.length;
        persons.push(made);
      }
      const person = persons[i]!;
      person.variants = dedupe([...person.variants, ...extra], person.name);
      index.set(cacheKey, i);
      return i;
    };
    const pocomIdx = (id: string) => {
      const rec = this.pocomPeople.get(id);
      return link(
        id,
        this.byPocom,
        () =>
          rec ? { key: `pocom:${id}`, name: rec.name, variants: dedupe(rec.variants, rec.name), born: rec.born, died: rec.died } : null,
        rec ? [rec.name, ...rec.variants] : [],
      );
    };
    const offices: Record<string, OfficeRecord> = {};
    const office = (id: string) => (offices[id] ??= { title: this.titles.get(id) ?? id, tenures: [] });
    for (const t of this.tenures) {
      const p = pocomIdx(t.pocomId);
      if (p !== null) office(t.office).tenures.push({ p, s: t.s, e: t.e });
    }
    for (const [id, pr] of this.presidents) {
      const p = link(
        id,
        this.byPresident,
        () => ({ key: `hsg-president:${id}`, name: pr.name, variants: [], born: pr.born, died: pr.died }),
        [pr.name],
      );
      if (p !== null) office('president').tenures.push({ p, s: pr.s, e: pr.e });
    }
    for (const o of Object.values(offices)) o.tenures.sort((a, b) => a.s.localeCompare(b.s));
    return { version: AUTHORITY_VERSION, persons, offices };
  }
}

function dedupe(names: string[], except: string): string[] {
  const seen = new Set([normName(except)]);
  const out: string[] = [];
  for (const n of names) {
    const k = normName(n);
    if (!k || seen.has(k)) continue;
    seen.add(k);
    out.push(n);
  }
  return out;
}

// ── Index ──────────────────────────────────────────────────────────────────────────────────────────────────────

interface TenureIndex {
  starts: string[];
  latestEnd: (string | null)[];
}

/** Lookups over an `AuthorityData`: name forms → persons, office + date → holders. */
export class PersonIndex {
  readonly persons: readonly AuthorityPerson[];
  readonly offices: Readonly<Record<string, OfficeRecord>>;
  private readonly forms = new Map<string, number | number[]>();
  private readonly byKey = new Map<string, number>();
  private readonly tenureIndexes = new Map<string, TenureIndex | null>();

  constructor(data: AuthorityData) {
    this.persons = data.persons;
    this.offices = data.offices;
    data.persons.forEach((p, i) => {
      this.byKey.set(p.key, i);
      const seen = new Set<string>();
      for (const n of [p.name, ...p.variants]) {
        for (const f of nameForms(n)) {
          if (seen.has(f)) continue;
          seen.add(f);
          const had = this.forms.get(f);
          if (had === undefined) this.forms.set(f, i);
          else if (typeof had === 'number') this.forms.set(f, [had, i]);
          else had.push(i);
        }
      }
    });
  }

  /** Persons with this lookup form (normalised, e.g. "warren christopher"). */
  byForm(form: string): readonly number[] {
    const v = this.forms.get(form);
    return v === undefined ? [] : typeof v === 'number' ? [v] : v;
  }

  indexOfKey(key: string): number | undefined {
    return this.byKey.get(key);
  }

  /** Holders of an office on an ISO date, latest-started first (several when terms overlap on a handover day). */
  holders(officeId: string, date: string): number[] {
    const o = this.offices[officeId];
    if (!o) return [];
    const x = this.tenureIndex(officeId, o);
    if (x) {
      // The same as the scan below: the terms started by the date are the first k; of those, only terms up to the last
      // whose running latest end is still on or after the date can hold it.
      const { starts, latestEnd } = x;
      let lo = 0;
      let hi = starts.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (starts[mid]! > date) hi = mid;
        else lo = mid + 1;
      }
      const held: number[] = [];
      for (let j = lo - 1; j >= 0; j--) {
        const latest = latestEnd[j]!;
        if (latest === null || latest < date) break;
        const t = o.tenures[j]!;
        if (t.e !== null && t.e >= date) held.push(t.p);
      }
      if (held.length === 0 && lo > 0 && o.tenures[lo - 1]!.e === null) held.push(o.tenures[lo - 1]!.p);
      return held;
    }
    const out: number[] = [];
    let lastBefore: Tenure | null = null;
    for (const t of o.tenures) {
      if (t.s > date) break;
      lastBefore = t;
      if (t.e !== null && t.e >= date) out.push(t.p);
    }
    // An open-ended last term counts only if it is the latest to have started.
    if (out.length === 0 && lastBefore && lastBefore.e === null) out.push(lastBefore.p);
    return out.reverse();
  }

  /**
   * An office's term starts in order and, for each term, the latest end of it and the terms before (null: none has an
   * end); made on the office's first lookup. Null where the terms are not in start order (then `holders` scans them).
   */
  private tenureIndex(officeId: string, o: OfficeRecord): TenureIndex | null {
    let x = this.tenureIndexes.get(officeId);
    if (x === undefined) {
      const ts = o.tenures;
      x = { starts: [], latestEnd: [] };
      let latest: string | null = null;
      for (let i = 0; i < ts.length; i++) {
        const t = ts[i]!;
        if (i > 0 && ts[i - 1]!.s > t.s) {
          x = null;
          break;
        }
        if (t.e !== null && (latest === null || t.e > latest)) latest = t.e;
        x.starts.push(t.s);
        x.latestEnd.push(latest);
      }
      this.tenureIndexes.set(officeId, x);
    }
    return x;
  }

  /** Every lookup form. */
  formKeys(): IterableIterator<string> {
    return this.forms.keys();
  }

  get formCount(): number {
    return this.forms.size;
  }
}
