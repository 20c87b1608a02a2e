import { positiveLeaves, type TextNode } from '../query.ast.js';

/**
 * Compiles the query tree into FTS5 MATCH syntax. Every user string becomes a
 * quoted FTS5 string (inner quotes doubled), so nothing typed is ever FTS5
 * syntax: operators come only from the tree.
 */
export const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;

export interface CompiledText {
  /** MATCH expression for the documents to find; null when the text part only excludes. */
  match: string | null;
  /** MATCH expression for documents to exclude when there is nothing positive to match. */
  exclude: string | null;
  /** OR of the positive words and phrases, to choose the best page and build its snippet. */
  snippet: string | null;
  /**
   * `match` without its top-level exclusions, for ranking documents already known to match: an excluded phrase
   * has no instance in them, so bm25 scores them the same, without a pass over the excluded phrases' doclists.
   */
  rank: string | null;
}

/**
 * Extra prefixes for a prefix term, because the index holds porter stems:
 * "negotiat*" must also find the stem "negoti" (of "negotiations"). Keys are lower-cased prefixes.
 */
export type PrefixStems = ReadonlyMap<string, readonly string[]>;

export function compileText(node: TextNode | null, stems: PrefixStems = new Map()): CompiledText {
  if (!node) return { match: null, exclude: null, snippet: null, rank: null };
  const compile = compiler(stems);
  const { pos, neg } = split(node);
  const leaves = positiveLeaves(node).filter((l) => l.field === null);
  const snippet = leaves.length ? leaves.map((l) => (l.prefix ? prefix(l.text, stems) : quote(l.text))).join(' OR ') : null;
  if (pos.length === 0) return { match: null, exclude: neg.map(compile).join(' OR '), snippet, rank: null };
  const match = compile(node);
  return { match, exclude: null, snippet, rank: neg.length ? positiveAnd(pos, compile) : match };
}

/** The prefix terms of a tree (lower-cased), for looking up their stems. */
export function prefixTerms(node: TextNode | null): string[] {
  if (!node) return [];
  switch (node.kind) {
    case 'term':
      return node.prefix ? [node.text.toLowerCase()] : [];
    case 'phrase':
    case 'near':
      return [];
    case 'and':
    case 'or':
      return node.children.flatMap(prefixTerms);
    case 'not':
      return prefixTerms(node.child);
  }
}

function prefix(text: string, stems: PrefixStems): string {
  const extra = stems.get(text.toLowerCase()) ?? [];
  const all = [`${quote(text)} *`, ...extra.map((s) => `${quote(s)} *`)];
  return all.length === 1 ? all[0]! : `(${all.join(' OR ')})`;
}

function split(node: TextNode): { pos: TextNode[]; neg: TextNode[] } {
  const children = node.kind === 'and' ? node.children : [node];
  const pos: TextNode[] = [];
  const neg: TextNode[] = [];
  for (const c of children) {
    if (c.kind === 'not') neg.push(c.child);
    else pos.push(c);
  }
  return { pos, neg };
}

const positiveAnd = (pos: TextNode[], compile: (n: TextNode) => string) => pos.map((p) => `(${compile(p)})`).join(' AND ');

const compiler = (stems: PrefixStems) =>
  function compile(node: TextNode): string {
    switch (node.kind) {
      case 'term': {
        const t = node.prefix ? prefix(node.text, stems) : quote(node.text);
        return node.field ? `${node.field} : ${t}` : t;
      }
      case 'phrase':
        return node.field ? `${node.field} : ${quote(node.text)}` : quote(node.text);
      case 'near':
        return `NEAR(${node.terms.map(quote).join(' ')}, ${node.distance})`;
      case 'or':
        return `(${node.children.map(compile).join(' OR ')})`;
      case 'not':
        // Only reachable inside an AND (the parser forbids a lone exclusion elsewhere): handled by `and`.
        return compile(node.child);
      case 'and': {
        const { pos, neg } = split(node);
        const positive = positiveAnd(pos, compile);
        if (neg.length === 0) return positive;
        if (pos.length === 0) throw new Error('compileText: an AND with exclusions only cannot be compiled on its own');
        return `(${positive}) NOT (${neg.map(compile).join(' OR ')})`;
      }
    }
  };
