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
}

export function compileText(node: TextNode | null): CompiledText {
  if (!node) return { match: null, exclude: null, snippet: null };
  const { pos, neg } = split(node);
  const leaves = positiveLeaves(node).filter((l) => l.field === null);
  const snippet = leaves.length ? leaves.map((l) => (l.prefix ? `${quote(l.text)} *` : quote(l.text))).join(' OR ') : null;
  if (pos.length === 0) return { match: null, exclude: neg.map(compile).join(' OR '), snippet };
  return { match: compile(node), exclude: null, snippet };
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

function compile(node: TextNode): string {
  switch (node.kind) {
    case 'term': {
      const t = node.prefix ? `${quote(node.text)} *` : quote(node.text);
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
      const positive = pos.map((p) => `(${compile(p)})`).join(' AND ');
      if (neg.length === 0) return positive;
      if (pos.length === 0) throw new Error('compileText: an AND with exclusions only cannot be compiled on its own');
      return `(${positive}) NOT (${neg.map(compile).join(' OR ')})`;
    }
  }
}
