import { sql, type RawBuilder } from 'kysely';
import { positiveLeaves, type TextNode } from '../query.ast.js';

/**
 * Compiles the query tree into a PostgreSQL tsquery expression. User text is
 * either passed as a bound string to PostgreSQL's own parsers
 * (plainto_tsquery, phraseto_tsquery) or reduced to letters and digits before
 * it is written into a to_tsquery string, so nothing typed is tsquery syntax.
 */
const CONFIG = sql.lit('english');

/** Letters-and-digits words of a string: safe inside a to_tsquery string. */
export const lexemes = (s: string) =>
  s
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);

/** The largest NEAR distance expanded (each distance is one alternative). */
const MAX_NEAR = 20;

/**
 * Extra prefixes for a prefix term, because the index holds stems: "negotiat*"
 * must also find the stem "negoti" (of "negotiations"). Keys are lower-cased prefixes.
 */
export type PrefixStems = ReadonlyMap<string, readonly string[]>;

function term(node: Extract<TextNode, { kind: 'term' }>, stems: PrefixStems): RawBuilder<unknown> {
  const words = lexemes(node.text);
  const weight = node.field === 'title' ? 'A' : '';
  if (node.prefix && words.length > 0) {
    const last = words.pop()!;
    const lastAlts = [last, ...(stems.get(last) ?? [])].map((w) => `${w}:*${weight}`);
    const tail = lastAlts.length === 1 ? lastAlts[0]! : `(${lastAlts.join(' | ')})`;
    const q = [...words.map((w) => `${w}${weight ? `:${weight}` : ''}`), tail].join(' <-> ');
    return sql`to_tsquery(${CONFIG}, ${q})`;
  }
  if (weight && words.length > 0) return sql`to_tsquery(${CONFIG}, ${words.map((w) => `${w}:A`).join(' <-> ')})`;
  return sql`plainto_tsquery(${CONFIG}, ${node.text})`;
}

function near(terms: string[], distance: number): RawBuilder<unknown> {
  const d = Math.max(1, Math.min(distance, MAX_NEAR));
  const words = terms.map((t) => lexemes(t).join(' <-> ')).filter(Boolean);
  if (words.length < 2) return sql`plainto_tsquery(${CONFIG}, ${terms.join(' ')})`;
  // PostgreSQL's <N> is "exactly N apart, in order": "within d, either order" is the OR of both orders at 1..d.
  const pairs: string[] = [];
  for (let i = 0; i + 1 < words.length; i++) {
    const alts: string[] = [];
    for (let k = 1; k <= d; k++) alts.push(`(${words[i]}) <${k}> (${words[i + 1]})`, `(${words[i + 1]}) <${k}> (${words[i]})`);
    pairs.push(`(${alts.join(' | ')})`);
  }
  return sql`to_tsquery(${CONFIG}, ${pairs.join(' & ')})`;
}

function split(node: TextNode): { pos: TextNode[]; neg: TextNode[] } {
  const children = node.kind === 'and' ? node.children : [node];
  const pos: TextNode[] = [];
  const neg: TextNode[] = [];
  for (const c of children) (c.kind === 'not' ? neg : pos).push(c.kind === 'not' ? c.child : c);
  return { pos, neg };
}

export const compiler = (stems: PrefixStems) =>
  function compileNode(node: TextNode): RawBuilder<unknown> {
    switch (node.kind) {
      case 'term':
        return term(node, stems);
      case 'phrase':
        return node.field === 'title'
          ? sql`to_tsquery(${CONFIG}, ${lexemes(node.text)
              .map((w) => `${w}:A`)
              .join(' <-> ')})`
          : sql`phraseto_tsquery(${CONFIG}, ${node.text})`;
      case 'near':
        return near(node.terms, node.distance);
      case 'or':
        return sql`(${sql.join(node.children.map(compileNode), sql` || `)})`;
      case 'not':
        return sql`!!(${compileNode(node.child)})`;
      case 'and': {
        const { pos, neg } = split(node);
        const parts = [...pos.map(compileNode), ...neg.map((n) => sql`!!(${compileNode(n)})`)];
        return sql`(${sql.join(parts, sql` && `)})`;
      }
    }
  };

export interface CompiledTsquery {
  match: RawBuilder<unknown> | null;
  exclude: RawBuilder<unknown> | null;
  /** OR of the positive words and phrases, to choose the best page and highlight it. */
  snippet: RawBuilder<unknown> | null;
}

/** The prefix terms of a tree (their last word, lower-cased), for looking up their stems. */
export function prefixWords(node: TextNode | null): string[] {
  if (!node) return [];
  switch (node.kind) {
    case 'term':
      return node.prefix ? lexemes(node.text).slice(-1) : [];
    case 'phrase':
    case 'near':
      return [];
    case 'and':
    case 'or':
      return node.children.flatMap(prefixWords);
    case 'not':
      return prefixWords(node.child);
  }
}

export function compileTsquery(node: TextNode | null, prefixStems: PrefixStems = new Map()): CompiledTsquery {
  if (!node) return { match: null, exclude: null, snippet: null };
  const compileNode = compiler(prefixStems);
  const { pos, neg } = split(node);
  const leaves = positiveLeaves(node).filter((l) => l.field === null);
  const snippet = leaves.length
    ? sql`(${sql.join(
        leaves.map((l) =>
          compileNode(
            l.phrase
              ? { kind: 'phrase', text: l.text, field: null, pos: 0 }
              : { kind: 'term', text: l.text, prefix: l.prefix, field: null, pos: 0 },
          ),
        ),
        sql` || `,
      )})`
    : null;
  if (pos.length === 0) return { match: null, exclude: sql`(${sql.join(neg.map(compileNode), sql` || `)})`, snippet };
  return { match: compileNode(node), exclude: null, snippet };
}
