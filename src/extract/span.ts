/** Offsets into the text an extractor was given: `text.slice(start, end)` is the evidence. */
export interface Span {
  start: number;
  end: number;
}

/** An extracted value with the span it came from. */
export interface Extracted<T> {
  value: T;
  span: Span;
}

/** One line of a text with its offset, so line-oriented rules can still report spans. */
export interface Line {
  text: string;
  start: number;
}

export function splitLines(text: string): Line[] {
  const out: Line[] = [];
  let start = 0;
  for (const part of text.split('\n')) {
    out.push({ text: part, start });
    start += part.length + 1;
  }
  return out;
}

/** Span of `inner` inside `line`, trimmed of surrounding whitespace. */
export function lineSpan(line: Line, from = 0, to = line.text.length): Span {
  let s = from;
  let e = to;
  while (s < e && /\s/.test(line.text[s] ?? '')) s++;
  while (e > s && /\s/.test(line.text[e - 1] ?? '')) e--;
  return { start: line.start + s, end: line.start + e };
}
