import type { Topic } from './index-topics.js';

/** Words that carry no topic in index headings ("relations with", "attitude", "of the"). */
const STOP = new Set(
  'a an and the of to in on at by for with from as or is be not its their his her it this that into upon re see also'.split(' '),
);

const words = (s: string) => s.match(/[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu) ?? [];

/** The reference's query: every word of heading and sub-heading, as typed. */
export function plainWords(t: Topic): string[] {
  return [...new Set(words(`${t.heading} ${t.sub ?? ''}`).map((w) => w.toLowerCase()))];
}

/**
 * An index heading in the query language: content words OR-ed (an index topic
 * is a bag of aspects, not a conjunction), plus each multi-word segment of the
 * heading as a phrase, so documents naming the topic as a whole rank first
 * (BM25 adds up the clauses).
 */
export function headingQuery(t: Topic): string {
  const content = (s: string) => words(s).filter((w) => !STOP.has(w.toLowerCase()) && !/^\d+$/.test(w));
  const terms = [...new Set(content(`${t.heading} ${t.sub ?? ''}`).map((w) => w.toLowerCase()))];
  const phrases: string[] = [];
  for (const seg of `${t.heading}:${t.sub ?? ''}`.split(/[,:;()]/)) {
    const w = content(seg);
    if (w.length >= 2 && w.length <= 5) phrases.push(`"${w.join(' ')}"`);
  }
  return [...phrases, ...terms].join(' OR ');
}
