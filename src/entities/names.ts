/**
 * Name normalisation shared by the authority builder and the extractor. Pure.
 */

/** Lower case, no diacritics, no periods, curly apostrophes made straight, single spaces. */
export function normName(s: string): string {
  // Fast path: most tokens are plain ASCII words, for which every step below is the identity but lower-casing.
  if (/^[A-Za-z]+$/.test(s)) return s.toLowerCase();
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[’‘`]/g, "'")
    .replace(/\./g, ' ')
    .replace(/[^\p{L}\p{N}' -]+/gu, ' ')
    .replace(/-/g, ' ')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** Words that prefix a name without being part of it (titles, ranks, honorifics), normalised. */
export const HONORIFICS = new Set([
  'mr',
  'mrs',
  'ms',
  'miss',
  'dr',
  'sir',
  'lord',
  'lady',
  'madame',
  'mme',
  'monsieur',
  'm',
  'herr',
  'senor',
  'senora',
  'don',
  'dona',
  'ambassador',
  'minister',
  'secretary',
  'president',
  'premier',
  'chancellor',
  'senator',
  'congressman',
  'representative',
  'governor',
  'general',
  'gen',
  'colonel',
  'col',
  'major',
  'maj',
  'captain',
  'capt',
  'lieutenant',
  'lt',
  'commander',
  'admiral',
  'adm',
  'marshal',
  'judge',
  'justice',
  'king',
  'queen',
  'prince',
  'princess',
  'emperor',
  'count',
  'countess',
  'baron',
  'baroness',
  'viscount',
  'earl',
  'duke',
  'chairman',
  'father',
  'bishop',
  'cardinal',
  'professor',
  'prof',
  'rev',
  'reverend',
  'consul',
  'counselor',
  'attache',
  'sheikh',
  'sheik',
  'shah',
  'sultan',
  'emir',
  'generalissimo',
]);

/** Generational and other suffixes kept out of surname keys. */
const SUFFIXES = new Set(['jr', 'sr', 'ii', 'iii', 'iv', 'v', 'junior', 'senior', 'esq']);

/**
 * "Christopher, Warren Minor" → "Warren Minor Christopher"; "Sonnino, Sidney, Baron" → "Sidney Sonnino";
 * a name without a comma is returned as written. Parenthesised parts are dropped.
 */
export function naturalOrder(name: string): string {
  const clean = name
    .replace(/\([^)]*\)/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const parts = clean
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length < 2) return clean;
  const [surname, given] = parts as [string, string];
  const rest = parts.slice(2).filter((p) => SUFFIXES.has(normName(p)));
  return [given, surname, ...rest].join(' ');
}

/** Tokens of a normalised name without leading honorifics/titles and trailing suffixes. */
export function coreTokens(name: string): string[] {
  const t = normName(name).split(' ').filter(Boolean);
  while (t.length > 1 && HONORIFICS.has(t[0]!)) t.shift();
  while (t.length > 1 && SUFFIXES.has(t[t.length - 1]!)) t.pop();
  return t;
}

/** The surname key of a name in natural order (last core token), or null. */
export function surnameKey(name: string): string | null {
  const t = coreTokens(name);
  return t.length ? t[t.length - 1]! : null;
}

/**
 * Lookup forms of a person name (normalised, at least two tokens): the full natural-order name, first + last,
 * first + middle initials + last. "Strobe (Nelson Strobridge) Talbott" also yields "strobe talbott".
 */
export function nameForms(name: string): string[] {
  const natural = naturalOrder(name);
  const t = coreTokens(natural);
  const out = new Set<string>();
  if (t.length < 2) return [];
  out.add(t.join(' '));
  const first = t[0]!;
  // Particles ("de", "van") stay with the surname.
  let s = t.length - 1;
  while (s > 1 && /^(de|da|di|del|della|van|von|der|den|la|le|du|bin|ibn|al|el|y|dos|das)$/.test(t[s - 1]!)) s--;
  const surname = t.slice(s).join(' ');
  out.add(`${first} ${surname}`);
  if (s > 1) {
    const middle = t.slice(1, s);
    out.add(`${first} ${middle.map((m) => m[0]).join(' ')} ${surname}`);
  }
  if (first.length === 1 && t.length > 2) out.add(t.slice(1).join(' ')); // "J. Lawton Collins" → "lawton collins"
  if (first.length > 1) out.add(`${first[0]} ${surname}`); // "W. Christopher"
  return [...out].filter((f) => f.includes(' '));
}
