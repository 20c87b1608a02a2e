import { FILTER_FIELDS, type DateFilter, type Filter, type FilterField, type Query, type SortOrder, type TextNode } from './query.ast.js';
import { at, invalid, tokenize, type Token } from './query.lexer.js';
import { parseDateRange } from './query.dates.js';

/**
 * Parses the query language (docs/search.md) into a `Query`. Pure; throws
 * `search.invalid_query` with the 1-based position of the problem.
 *
 *   query   := or EOF
 *   or      := and ('OR' and)*
 *   and     := unary (['AND'] unary)*
 *   unary   := '-' primary | primary
 *   primary := '(' or ')' | "phrase" | word['*'] | NEAR(words [, n]) | field:value
 *
 * Metadata filters (`type:`, `date:`, …) and `sort:` apply to the whole query
 * wherever they stand (`lake OR dam type:telegram` = telegrams about either), so
 * they may not appear inside parentheses, where they would suggest otherwise.
 */
export function parseQuery(input: string): Query {
  return new Parser(tokenize(input)).parse();
}

const NEAR_DEFAULT = 10;
const NEAR_MAX = 100;
const FIELD_LIST = ['title', ...FILTER_FIELDS, 'date', 'before', 'after', 'sort'].map((f) => `${f}:`).join(', ');
const hasText = (s: string) => /[\p{L}\p{N}]/u.test(s);
/** Surrounding punctuation ("war," "(1918)") is not part of a word. */
const trimWord = (s: string) => s.replace(/^[^\p{L}\p{N}]+/u, '').replace(/[^\p{L}\p{N}*]+$/u, '');

const SORTS: Record<string, SortOrder> = {
  relevance: 'relevance',
  date: 'date_asc',
  'date-asc': 'date_asc',
  date_asc: 'date_asc',
  '-date': 'date_desc',
  'date-desc': 'date_desc',
  date_desc: 'date_desc',
};

class Parser {
  private i = 0;
  private depth = 0;
  private readonly filters: Filter[] = [];
  private readonly dates: DateFilter[] = [];
  private sort: SortOrder | null = null;

  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    return this.tokens[this.i]!;
  }
  private next(): Token {
    return this.tokens[this.i++]!;
  }

  parse(): Query {
    const text = this.or(true);
    const end = this.peek();
    if (end.t === 'rparen') throw invalid(`Unexpected ")" at ${at(end.pos)}: there is no "(" for it to close.`, end.pos);
    if (end.t !== 'eof') throw invalid(`Unexpected ${this.describe(end)} at ${at(end.pos)}.`, end.pos);
    if (!text && this.filters.length === 0 && this.dates.length === 0)
      throw invalid('Type at least one word to search for, or a filter such as type:telegram.', 0);
    if (text && onlyNegative(text) && this.filters.length === 0 && this.dates.length === 0)
      throw invalid('Add at least one word or filter to search for: exclusions (-word) alone match nothing.', 0);
    return { text, filters: this.filters, dates: this.dates, sort: this.sort };
  }

  private describe(tok: Token): string {
    switch (tok.t) {
      case 'eof':
        return 'end of query';
      case 'word':
        return `"${tok.text}"`;
      case 'phrase':
        return 'phrase';
      case 'field':
        return `"${tok.name}:"`;
      case 'near':
        return 'NEAR';
      case 'or':
        return 'OR';
      case 'and':
        return 'AND';
      case 'minus':
        return '"-"';
      case 'comma':
        return '","';
      case 'lparen':
        return '"("';
      case 'rparen':
        return '")"';
    }
  }

  /** `top` is true outside parentheses, where filters may appear. */
  private or(top: boolean): TextNode | null {
    const first = this.peek();
    if (first.t === 'or') throw invalid(`OR at ${at(first.pos)} needs something to search for on its left.`, first.pos);
    const parts: TextNode[] = [];
    let sawOr = false;
    let left = this.and(top);
    for (;;) {
      const tok = this.peek();
      if (tok.t !== 'or') break;
      this.next();
      const after = this.peek();
      if (after.t === 'eof' || after.t === 'rparen' || after.t === 'or')
        throw invalid(`OR at ${at(tok.pos)} needs something to search for on its right.`, tok.pos);
      sawOr = true;
      if (!left) throw invalid(`OR at ${at(tok.pos)} needs words on its left, not only filters.`, tok.pos);
      parts.push(left);
      left = this.and(top);
      if (!left) throw invalid(`OR at ${at(tok.pos)} needs words on its right.`, tok.pos);
    }
    if (!sawOr) return left;
    if (left) parts.push(left);
    if (parts.some(onlyNegative))
      throw invalid(`An exclusion (-word) cannot be an alternative of OR (near ${at(first.pos)}); exclude it outside the OR.`, first.pos);
    return { kind: 'or', children: parts };
  }

  private and(top: boolean): TextNode | null {
    const children: TextNode[] = [];
    for (;;) {
      const tok = this.peek();
      if (tok.t === 'eof' || tok.t === 'rparen' || tok.t === 'or') break;
      if (tok.t === 'and') {
        this.next();
        const after = this.peek();
        if (children.length === 0 && this.filters.length === 0 && this.dates.length === 0)
          throw invalid(`AND at ${at(tok.pos)} needs something to search for on its left.`, tok.pos);
        if (after.t === 'eof' || after.t === 'rparen' || after.t === 'or' || after.t === 'and')
          throw invalid(`AND at ${at(tok.pos)} needs something to search for on its right.`, tok.pos);
        continue;
      }
      const node = this.unary(top);
      // (a b) c is a AND b AND c: flattening keeps exclusions next to what they exclude from.
      if (node?.kind === 'and') children.push(...node.children);
      else if (node) children.push(node);
    }
    if (children.length === 0) return null;
    return children.length === 1 ? children[0]! : { kind: 'and', children };
  }

  private unary(top: boolean): TextNode | null {
    const tok = this.peek();
    if (tok.t !== 'minus') return this.primary(top, false);
    this.next();
    const target = this.peek();
    if (target.t === 'eof' || target.t === 'or' || target.t === 'and' || target.t === 'comma')
      throw invalid(`"-" at ${at(tok.pos)} must be followed by a word, phrase or filter to exclude.`, tok.pos);
    const node = this.primary(top, true);
    return node ? { kind: 'not', child: node } : null;
  }

  private primary(top: boolean, negated: boolean): TextNode | null {
    const tok = this.next();
    switch (tok.t) {
      case 'lparen': {
        this.depth++;
        if (this.depth > 20) throw invalid(`Too many nested parentheses at ${at(tok.pos)}.`, tok.pos);
        const inner = this.or(false);
        const close = this.next();
        this.depth--;
        if (close.t !== 'rparen')
          throw invalid(`The "(" at ${at(tok.pos)} is never closed: add a ")" (reached ${this.describe(close)}).`, tok.pos);
        if (!inner) throw invalid(`Empty parentheses at ${at(tok.pos)}: put words inside or remove them.`, tok.pos);
        return inner;
      }
      case 'phrase':
        return hasText(tok.text) ? { kind: 'phrase', text: tok.text.trim(), field: null, pos: tok.pos } : null;
      case 'word':
        return this.word(tok.text, tok.pos, null);
      case 'near':
        return this.near(tok.pos);
      case 'field':
        return this.field(tok, top, negated);
      case 'rparen':
        throw invalid(`Unexpected ")" at ${at(tok.pos)}: there is no "(" for it to close.`, tok.pos);
      case 'comma':
        return null; // a stray comma between words is punctuation
      case 'or':
      case 'and':
      case 'minus':
      case 'eof':
        throw invalid(`Unexpected ${this.describe(tok)} at ${at(tok.pos)}.`, tok.pos);
    }
  }

  private word(raw: string, pos: number, field: 'title' | null): TextNode | null {
    const text = trimWord(raw);
    if (!hasText(text)) {
      if (raw.includes('*')) throw invalid(`"*" at ${at(pos)} must follow the start of a word, as in negotiat*.`, pos);
      return null; // punctuation only
    }
    const star = text.indexOf('*');
    if (star !== -1 && star !== text.length - 1)
      throw invalid(`"*" at ${at(pos + raw.indexOf('*'))} can only end a word (prefix search, e.g. negotiat*).`, pos + raw.indexOf('*'));
    const prefix = star !== -1;
    return { kind: 'term', text: prefix ? text.slice(0, -1) : text, prefix, field, pos };
  }

  private near(pos: number): TextNode {
    const open = this.next();
    if (open.t !== 'lparen') throw invalid(`NEAR at ${at(pos)} must be followed by "(", as in NEAR(lake enlargement, 10).`, pos);
    const terms: string[] = [];
    let distance = NEAR_DEFAULT;
    for (;;) {
      const tok = this.next();
      if (tok.t === 'rparen') break;
      if (tok.t === 'word') {
        const w = trimWord(tok.text);
        if (w.includes('*')) throw invalid(`Prefixes (*) are not allowed inside NEAR (${at(tok.pos)}).`, tok.pos);
        if (hasText(w)) terms.push(w);
      } else if (tok.t === 'phrase') {
        if (hasText(tok.text)) terms.push(tok.text.trim());
      } else if (tok.t === 'comma') {
        const n = this.next();
        if (n.t !== 'word' || !/^\d+$/.test(n.text))
          throw invalid(`NEAR at ${at(pos)}: after "," give the greatest distance in words, as in NEAR(lake enlargement, 10).`, n.pos);
        distance = Number(n.text);
        if (distance > NEAR_MAX) throw invalid(`NEAR distance ${distance} at ${at(n.pos)} is too large (at most ${NEAR_MAX}).`, n.pos);
        const close = this.next();
        if (close.t !== 'rparen') throw invalid(`NEAR at ${at(pos)} is not closed: add ")" after the distance.`, close.pos);
        break;
      } else if (tok.t === 'eof') {
        throw invalid(`NEAR( at ${at(pos)} is never closed: add a ")".`, pos);
      } else {
        throw invalid(`Only words and phrases can go inside NEAR(…) (found ${this.describe(tok)} at ${at(tok.pos)}).`, tok.pos);
      }
    }
    if (terms.length < 2) throw invalid(`NEAR at ${at(pos)} needs at least two words, as in NEAR(lake enlargement, 10).`, pos);
    return { kind: 'near', terms, distance, pos };
  }

  private field(tok: Extract<Token, { t: 'field' }>, top: boolean, negated: boolean): TextNode | null {
    const valueTok = this.peek();
    const adjacent = valueTok.pos === tok.pos + tok.name.length + 1;
    const known = ['title', 'sort', 'date', 'before', 'after', ...FILTER_FIELDS].includes(tok.name);
    // "with:" followed by a space is a word (as in index headings), not a field.
    if (!known && !adjacent) return this.word(tok.name, tok.pos, null);
    if (!adjacent || (valueTok.t !== 'word' && valueTok.t !== 'phrase'))
      throw invalid(
        `"${tok.name}:" at ${at(tok.pos)} needs a value right after the colon, as in ${tok.name}:value or ${tok.name}:"two words".`,
        tok.pos,
      );
    this.next();
    const value = valueTok.text.trim();
    if (tok.name === 'title') {
      if (valueTok.t === 'phrase') return hasText(value) ? { kind: 'phrase', text: value, field: 'title', pos: valueTok.pos } : null;
      return this.word(value, valueTok.pos, 'title');
    }
    if (!top)
      throw invalid(
        `The filter "${tok.name}:" at ${at(tok.pos)} cannot go inside parentheses: filters apply to the whole query, so put it outside.`,
        tok.pos,
      );
    if (tok.name === 'sort') {
      const sort = SORTS[value.toLowerCase()];
      if (!sort || negated)
        throw invalid(`Unknown sort "${value}" at ${at(valueTok.pos)}: use sort:relevance, sort:date or sort:-date.`, valueTok.pos);
      this.sort = sort;
      return null;
    }
    if (tok.name === 'date' || tok.name === 'before' || tok.name === 'after') {
      if (negated) throw invalid(`Dates cannot be excluded with "-" (${at(tok.pos)}); use before: or after:.`, tok.pos);
      this.dates.push(parseDateRange(tok.name, value, valueTok.pos));
      return null;
    }
    if (!(FILTER_FIELDS as readonly string[]).includes(tok.name))
      throw invalid(
        `Unknown field "${tok.name}:" at ${at(tok.pos)}. Known fields: ${FIELD_LIST}. To search for the word, put it in quotes.`,
        tok.pos,
      );
    if (!hasText(value)) throw invalid(`"${tok.name}:" at ${at(tok.pos)} needs a value with letters or digits.`, tok.pos);
    this.filters.push({ field: tok.name as FilterField, value, negated, pos: tok.pos });
    return null;
  }
}

function onlyNegative(node: TextNode): boolean {
  if (node.kind === 'not') return true;
  if (node.kind === 'and') return node.children.every(onlyNegative);
  return false;
}
