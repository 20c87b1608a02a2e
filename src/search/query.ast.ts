/**
 * The parsed query: a pure data structure every search provider compiles into
 * its own engine's syntax. The user's string never reaches an engine as-is.
 * Language reference: docs/search.md.
 */

/** A text condition. `field: 'title'` restricts it to the title. `pos` is the 0-based offset in the query string. */
export type TextNode =
  | { kind: 'term'; text: string; prefix: boolean; field: TextField | null; pos: number }
  | { kind: 'phrase'; text: string; field: TextField | null; pos: number }
  /** Words within `distance` words of one another, in any order. */
  | { kind: 'near'; terms: string[]; distance: number; pos: number }
  | { kind: 'and'; children: TextNode[] }
  | { kind: 'or'; children: TextNode[] }
  | { kind: 'not'; child: TextNode };

export type TextField = 'title';

/** Metadata filters; each is indexed (document_facets), and each can be a facet. */
export const FILTER_FIELDS = [
  'from',
  'to',
  'type',
  'classification',
  'caveat',
  'exemption',
  'person',
  'place',
  'org',
  'collection',
  'release',
] as const;
export type FilterField = (typeof FILTER_FIELDS)[number];

export interface Filter {
  field: FilterField;
  value: string;
  negated: boolean;
  pos: number;
}

/** Documents whose date range overlaps [from, to] (ISO days, inclusive; null = open). */
export interface DateFilter {
  from: string | null;
  to: string | null;
  pos: number;
  /**
   * 'start': documents whose start date lies in [from, to] instead (undated ones never do). Not written in the query
   * language: the timeline counts documents by the day they start.
   */
  on?: 'start';
}

export type SortOrder = 'relevance' | 'date_asc' | 'date_desc';

export interface Query {
  /** Null when the query is filters only (browse). */
  text: TextNode | null;
  filters: Filter[];
  dates: DateFilter[];
  /** Set by `sort:`; null leaves the choice to the caller (relevance for text, date otherwise). */
  sort: SortOrder | null;
}

/** The positive words and phrases of a text tree (not under `-`), for snippets and boosts. */
export function positiveLeaves(node: TextNode | null): { text: string; prefix: boolean; phrase: boolean; field: TextField | null }[] {
  if (!node) return [];
  switch (node.kind) {
    case 'term':
      return [{ text: node.text, prefix: node.prefix, phrase: false, field: node.field }];
    case 'phrase':
      return [{ text: node.text, prefix: false, phrase: true, field: node.field }];
    case 'near':
      return node.terms.map((t) => ({ text: t, prefix: false, phrase: false, field: null }));
    case 'and':
    case 'or':
      return node.children.flatMap(positiveLeaves);
    case 'not':
      return [];
  }
}
