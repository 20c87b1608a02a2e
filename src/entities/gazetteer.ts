/**
 * The in-memory gazetteer `extractEntities` reads: person authority (HistoryAtState) plus curated places and
 * organisations and the FRUS dateline place names. Built once per process; lookups only.
 */
import type { PersonIndex } from './authority.js';
import { normName } from './names.js';
import { CURATED } from './places.js';

export interface PlaceHit {
  kind: 'place' | 'organization';
  name: string;
  /** `declass-place:<slug>` / `declass-org:<slug>`; null for a dateline-list place. */
  key: string | null;
  /** pocom territory of the country, for "the Ambassador in …". */
  mission: string | null;
  /** The raw forms that count only in mixed-case text ("US"). */
  caseSensitive: readonly string[];
}

/** Given names seen at least this often in the authority become evidence that an unknown "Given Surname" is a person. */
const GIVEN_MIN = 4;

export class Gazetteer {
  private readonly placeForms = new Map<string, PlaceHit>();
  private readonly curatedByKey = new Map<string, { hit: PlaceHit; variants: readonly string[] }>();
  /** Normalised given names that are common in the authority and are not places or title words. */
  readonly givenNames = new Set<string>();

  constructor(
    readonly persons: PersonIndex,
    datelinePlaces: readonly string[] = [],
  ) {
    for (const e of CURATED) {
      const hit: PlaceHit = {
        kind: e.kind,
        name: e.name,
        key: `${e.kind === 'place' ? 'declass-place' : 'declass-org'}:${e.slug}`,
        mission: e.mission ?? null,
        caseSensitive: e.caseSensitive ?? [],
      };
      this.curatedByKey.set(hit.key!, { hit, variants: e.variants });
      for (const f of [e.name, ...e.variants]) {
        const k = normName(f.replace(/^the\s+/i, ''));
        if (k && !this.placeForms.has(k)) this.placeForms.set(k, hit);
      }
    }
    for (const p of datelinePlaces) {
      const k = normName(p);
      if (k && !this.placeForms.has(k)) this.placeForms.set(k, { kind: 'place', name: p, key: null, mission: null, caseSensitive: [] });
    }
    const counts = new Map<string, number>();
    for (const p of persons.persons) {
      const t = normName(p.name).split(' ');
      if (t.length >= 2 && t[0]!.length > 2) counts.set(t[0]!, (counts.get(t[0]!) ?? 0) + 1);
    }
    for (const [g, n] of counts) if (n >= GIVEN_MIN && !this.placeForms.has(g)) this.givenNames.add(g);
  }

  place(form: string): PlaceHit | undefined {
    return this.placeForms.get(form);
  }

  /** A curated place or organisation by its authority key, with its variants. */
  curated(key: string): { hit: PlaceHit; variants: readonly string[] } | undefined {
    return this.curatedByKey.get(key);
  }

  /** Territory of a country named in "Ambassador in <country>", or null. */
  missionOf(countryForm: string): string | null {
    return this.placeForms.get(countryForm)?.mission ?? null;
  }

  /** Every place and organisation form. */
  placeFormKeys(): IterableIterator<string> {
    return this.placeForms.keys();
  }

  get placeCount(): number {
    return this.placeForms.size;
  }
}
