import type { Topic } from './index-topics.js';

/** Words that carry no topic in index headings ("relations with", "attitude", "of the"). */
const STOP = new Set(
  'a an and the of to in on at by for with from as or is be not its their his her it this that into upon re see also'.split(' '),
);

/** A few long sub-headings list dozens of aspects; both systems get at most this many clauses. */
const MAX_CLAUSES = 40;

const words = (s: string) => s.match(/[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu) ?? [];

/** The reference's query: every word of heading and sub-heading, as typed. */
export function plainWords(t: Topic): string[] {
  return [...new Set(words(`${t.heading} ${t.sub ?? ''}`).map((w) => w.toLowerCase()))].slice(0, MAX_CLAUSES);
}

/**
 * An index heading in the query language: content words OR-ed (an index topic
 * is a bag of aspects, not a conjunction), plus each multi-word segment of the
 * heading as a phrase, so documents naming the topic as a whole rank first
 * (BM25 adds up the clauses), and the sub-heading's words once more.
 */
export function headingQuery(t: Topic): string {
  const content = (s: string) => words(s).filter((w) => !STOP.has(w.toLowerCase()) && !/^\d+$/.test(w));
  const terms = [...new Set(content(`${t.heading} ${t.sub ?? ''}`).map((w) => w.toLowerCase()))];
  const phrases: string[] = [];
  for (const seg of `${t.heading}:${t.sub ?? ''}`.split(/[,:;()]/)) {
    const w = content(seg);
    if (w.length >= 2 && w.length <= 5) phrases.push(`"${w.join(' ')}"`);
  }
  // The sub-heading is the specific aspect: its words count twice (FTS5 BM25 sums repeated clauses). Chosen on the tuning volume.
  const subTerms = [...new Set(content(t.sub ?? '').map((w) => w.toLowerCase()))];
  // Long sub-headings (a list of aspects) are cut to stay under the query length limit.
  return [...phrases, ...terms, ...subTerms].slice(0, MAX_CLAUSES).join(' OR ');
}
