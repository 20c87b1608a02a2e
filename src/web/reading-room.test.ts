import { describe, expect, it } from 'vitest';
import { essayOpening, renderEssay, scanCitations, type CitedDocument } from '../collections/essay.js';
import { atomFeed } from '../collections/feed.js';
import { bibtex, chicago, cslJson } from '../documents/citation.js';
import type { DocumentRecord } from '../documents/documents.presenter.js';
import { parseEditorDate } from '../documents/edits.usecases.js';
import { bucketize, parents, parseSpan } from '../timeline/timeline.js';
import { highlight, queryTerms } from './highlight.js';

const doc = (over: Partial<CitedDocument> = {}): CitedDocument => ({
  title: 'Memo <b>',
  date: null,
  collection: null,
  pages: new Map([[1, 'Page one <i>text</i>']]),
  image: () => null,
  ...over,
});

describe('briefing-book essays', () => {
  const md =
    'See doc:ex-1 p.2 and <script>alert(1)</script>[^1].\n\n!doc:ex-1 p.1\n\n[x](javascript:alert(1)) `doc:ex-1` doc:nope.\n\n[^1]: doc:ex-1 p.3, a note.\n';
  it('turns citations into numbered links into the viewer at the page', () => {
    const r = renderEssay(md, new Map([['ex-1', doc()]]));
    expect(r.html).toContain('<a href="/documents/ex-1#page-2" class="cite" title="Memo &lt;b&gt;">Document 1, p. 2</a>');
    expect(r.html).toContain('href="/documents/ex-1#page-3"');
    expect(r.html).toContain('<blockquote class="excerpt">Page one &lt;i&gt;text&lt;/i&gt;</blockquote>');
    expect(r.html).toContain('<code>doc:ex-1</code>'); // code stays code
    expect(r.cited).toEqual(['ex-1']);
    expect(r.missing).toEqual(['nope']);
  });
  it('never lets raw HTML or script URLs through', () => {
    const r = renderEssay(md, new Map());
    expect(r.html).not.toMatch(/<script|href="javascript:|<i>/);
  });
  it('finds citations and the opening paragraph', () => {
    expect(scanCitations(md).map((c) => [c.id, c.page, c.embed])).toEqual([
      ['ex-1', 2, false],
      ['ex-1', 1, true],
      ['ex-1', null, false],
      ['nope', null, false],
      ['ex-1', 3, false],
    ]);
    expect(essayOpening('!doc:a p.1\n\nThe *real* opening of the essay, long enough.')).toBe('The real opening of the essay, long enough.');
  });
  it('builds an Atom feed with escaped content and absolute links', () => {
    const xml = atomFeed(
      'https://x.org',
      [
        {
          slug: 'a',
          title: 'A & B',
          author: 'ed',
          summary: 's',
          html: '<a href="/documents/1">d</a>',
          published: '2024-01-01T00:00:00Z',
          updated: '2024-01-02T00:00:00Z',
        },
      ],
      'now',
    );
    expect(xml).toContain('<title>A &amp; B</title>');
    expect(xml).toContain('&lt;a href=&quot;https://x.org/documents/1&quot;&gt;');
    expect(xml).toContain('<updated>2024-01-02T00:00:00Z</updated>');
  });
});

describe('hit highlighting', () => {
  it('marks words, phrases, prefixes and simple inflections, not excluded words', () => {
    const terms = queryTerms('"north mole" dredg* lighthouse -keeper OR x');
    expect(terms.map((t) => t.text)).toEqual(['north mole', 'dredg', 'lighthouse', 'x']);
    const segs = highlight('The North  Mole lighthouses; dredging by the keeper', terms);
    expect(segs.filter((s) => s.hit).map((s) => s.text)).toEqual(['North  Mole', 'lighthouses', 'dredging']);
  });
});

describe('timeline spans', () => {
  it('drills from decades to days', () => {
    const docs = [
      { id: 'a', start: '1962-04-02' },
      { id: 'b', start: '1962-04-20' },
      { id: 'c', start: '1975-01-01' },
    ];
    expect(bucketize(docs, parseSpan('')).map((b) => [b.key, b.count])).toEqual([
      ['1960s', 2],
      ['1970s', 1],
    ]);
    expect(bucketize(docs, parseSpan('1960s')).find((b) => b.key === '1962')?.count).toBe(2);
    expect(bucketize(docs, parseSpan('1962')).find((b) => b.key === '1962-04')?.count).toBe(2);
    expect(bucketize(docs, parseSpan('1962-04'))).toHaveLength(30);
    expect(parents(parseSpan('1962-04-02')).map((s) => (s.level === 'all' ? '' : s.key))).toEqual([
      '',
      '1960s',
      '1962',
      '1962-04',
      '1962-04-02',
    ]);
    expect(parseSpan('1962-13').level).toBe('all');
  });
});

describe('editor dates', () => {
  it('parses ISO days, months, years and ranges, refusing impossible dates', () => {
    expect(parseEditorDate('1962-04-02')).toMatchObject({ start: '1962-04-02', end: '1962-04-02', precision: 'day' });
    expect(parseEditorDate('1962-02')).toMatchObject({ start: '1962-02-01', end: '1962-02-28', precision: 'month' });
    expect(parseEditorDate('1962/1963')).toMatchObject({ start: '1962-01-01', end: '1963-12-31', precision: 'range' });
    expect(parseEditorDate('1962-02-30')).toBeNull();
    expect(parseEditorDate('1963/1962')).toBeNull();
    expect(parseEditorDate('April 1962')).toBeNull();
  });
});

describe('citations', () => {
  const record: DocumentRecord = {
    id: 'abc',
    title: 'Harbor survey',
    date: { start: '1962-03-14', end: '1962-03-14', precision: 'day', text: '14 March 1962' },
    type: 'memorandum',
    from: [{ name: 'A. Author' }],
    to: [{ name: 'B. Recipient' }],
    subject: 'Harbor survey',
    sections: [],
    classification: { level: 'SECRET', caveats: [] },
    declassification: null,
    exemptions: [],
    redactions: { count: 0 },
    people: [],
    organizations: [],
    places: [],
    pages: 1,
    status: 'ready',
    collection: { slug: 'r', title: 'Release R' },
    source: { path: 'x', sha256: 'y', format: 'text', media_type: 'text/plain', id: null, notes: [] },
    provenance: {},
  };
  const ctx = { url: 'https://x.org/documents/abc', caseNumber: 'F-1', accessed: '2024-05-01' };
  it('writes Chicago, BibTeX and CSL-JSON', () => {
    expect(chicago(record, ctx)).toBe(
      'Memorandum, A. Author to B. Recipient, “Harbor survey,” March 14, 1962, Release R, F-1. Declass, https://x.org/documents/abc (accessed 2024-05-01).',
    );
    expect(bibtex(record, ctx)).toContain('@misc{declass:abc,');
    expect(bibtex(record, ctx)).toContain('date = {1962-03-14}');
    expect(cslJson(record, ctx)[0]).toMatchObject({ type: 'document', issued: { 'date-parts': [[1962, 3, 14]] }, archive: 'Release R' });
  });
});
