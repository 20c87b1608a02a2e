import { searchErrors } from './search.errors.js';

/**
 * A first query language: words, "phrases", prefix*, -exclusion and OR.
 * Parsed into a small tree; engines translate the tree, never the raw string.
 */
export type QueryTerm = { kind: 'word'; text: string; prefix: boolean } | { kind: 'phrase'; text: string };

export interface QueryClause {
  /** Alternatives joined by OR (one element when there is no OR). */
  any: QueryTerm[];
}

export interface ParsedQuery {
  must: QueryClause[];
  not: QueryTerm[];
}

const MAX_QUERY_LENGTH = 1000;

export function parseQuery(input: string): ParsedQuery {
  if (input.length > MAX_QUERY_LENGTH)
    throw searchErrors.invalidQuery(`The query is too long (${input.length} characters; at most ${MAX_QUERY_LENGTH}).`);
  const tokens: { term: QueryTerm; negated: boolean; or: boolean }[] = [];
  let i = 0;
  let pendingOr = false;
  while (i < input.length) {
    const ch = input[i] ?? '';
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    let negated = false;
    if (ch === '-' && i + 1 < input.length && !/\s/.test(input[i + 1] ?? '')) {
      negated = true;
      i++;
    }
    if (input[i] === '"') {
      const end = input.indexOf('"', i + 1);
      if (end === -1) throw searchErrors.invalidQuery(`Unclosed quote at character ${i + 1}: add a closing " to end the phrase.`);
      const text = input.slice(i + 1, end).trim();
      i = end + 1;
      if (text) tokens.push({ term: { kind: 'phrase', text }, negated, or: pendingOr });
      pendingOr = false;
      continue;
    }
    let j = i;
    while (j < input.length && !/\s/.test(input[j] ?? '') && input[j] !== '"') j++;
    const raw = input.slice(i, j);
    i = j;
    if (raw === 'OR' && !negated) {
      if (tokens.length === 0) throw searchErrors.invalidQuery('OR needs a word on each side.');
      pendingOr = true;
      continue;
    }
    const prefix = raw.endsWith('*');
    const text = raw.replace(/\*+$/, '');
    if (!/[\p{L}\p{N}]/u.test(text)) continue;
    tokens.push({ term: { kind: 'word', text, prefix }, negated, or: pendingOr });
    pendingOr = false;
  }
  if (pendingOr) throw searchErrors.invalidQuery('OR needs a word on each side.');
  const must: QueryClause[] = [];
  const not: QueryTerm[] = [];
  for (const t of tokens) {
    if (t.negated) {
      not.push(t.term);
      continue;
    }
    const last = must[must.length - 1];
    if (t.or && last) last.any.push(t.term);
    else must.push({ any: [t.term] });
  }
  if (must.length === 0) {
    throw searchErrors.invalidQuery(
      not.length ? 'Add at least one word to search for; exclusions (-word) alone match nothing.' : 'Type at least one word to search for.',
    );
  }
  return { must, not };
}

/** The words of a parsed query, for highlighting. */
export function queryWords(q: ParsedQuery): string[] {
  const out: string[] = [];
  for (const c of q.must) for (const t of c.any) out.push(...t.text.split(/\s+/));
  return out;
}
