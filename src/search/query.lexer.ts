import { searchErrors } from './search.errors.js';

/** Tokens of the query language; `pos` is the 0-based offset of the token in the input. */
export type Token =
  | { t: 'lparen'; pos: number }
  | { t: 'rparen'; pos: number }
  | { t: 'minus'; pos: number }
  | { t: 'comma'; pos: number }
  | { t: 'near'; pos: number }
  | { t: 'or'; pos: number }
  | { t: 'and'; pos: number }
  | { t: 'phrase'; text: string; pos: number }
  /** A bare word; `field` is set for `name:` (the value is the next token when it is a phrase). */
  | { t: 'word'; text: string; pos: number }
  | { t: 'field'; name: string; pos: number }
  | { t: 'eof'; pos: number };

export const MAX_QUERY_LENGTH = 1000;

/** Offsets are reported 1-based to people ("character 12"). */
export const at = (pos: number) => `character ${pos + 1}`;

export function invalid(message: string, pos: number) {
  return searchErrors.invalidQuery(message, { details: { position: pos + 1 } });
}

const count = (s: string, c: string) => s.split(c).length - 1;
const isSpace = (c: string | undefined) => c !== undefined && /\s/.test(c);
const WORD_END = /[\s()",“”]/;

export function tokenize(input: string): Token[] {
  if (input.length > MAX_QUERY_LENGTH)
    throw invalid(`The query is too long (${input.length} characters; at most ${MAX_QUERY_LENGTH}).`, MAX_QUERY_LENGTH);
  const out: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i]!;
    if (isSpace(c)) {
      i++;
    } else if (c === '(') {
      out.push({ t: 'lparen', pos: i++ });
    } else if (c === ')') {
      out.push({ t: 'rparen', pos: i++ });
    } else if (c === ',') {
      out.push({ t: 'comma', pos: i++ });
    } else if (c === '-' && i + 1 < input.length && !isSpace(input[i + 1]) && input[i + 1] !== ')') {
      // A minus right before a word, phrase, field or group excludes it; elsewhere it is punctuation.
      const prev = input[i - 1];
      if (i === 0 || isSpace(prev) || prev === '(') out.push({ t: 'minus', pos: i });
      i++;
    } else if (c === '"' || c === '“' || c === '”') {
      const close = input.slice(i + 1).search(/["“”]/);
      if (close === -1) throw invalid(`Unclosed quote at ${at(i)}: add a closing " to end the phrase.`, i);
      out.push({ t: 'phrase', text: input.slice(i + 1, i + 1 + close), pos: i });
      i += close + 2;
    } else {
      let j = i;
      while (j < input.length && !WORD_END.test(input[j]!)) j++;
      let raw = input.slice(i, j);
      const field = /^([A-Za-z]+):/.exec(raw);
      if (field) {
        // A field's bare value runs to the next space ("exemption:(b)(1)", "date:1994..1995"), leaving unbalanced ")" to close a group.
        while (j < input.length && !isSpace(input[j]) && input[j] !== '"') j++;
        while (input[j - 1] === ')' && count(input.slice(i, j), '(') < count(input.slice(i, j), ')')) j--;
        raw = input.slice(i, j);
      }
      if (raw === 'NEAR' && input[j] === '(') {
        out.push({ t: 'near', pos: i });
      } else if (raw === 'OR' || raw === '|') {
        out.push({ t: 'or', pos: i });
      } else if (raw === 'AND') {
        out.push({ t: 'and', pos: i });
      } else if (field) {
        out.push({ t: 'field', name: field[1]!.toLowerCase(), pos: i });
        const rest = raw.slice(field[0].length);
        if (rest) out.push({ t: 'word', text: rest, pos: i + field[0].length });
      } else {
        out.push({ t: 'word', text: raw, pos: i });
      }
      i = j;
    }
  }
  out.push({ t: 'eof', pos: input.length });
  return out;
}
