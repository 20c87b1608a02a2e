import MarkdownIt from 'markdown-it';
import type { StateCore, Token } from 'markdown-it';
import footnote from 'markdown-it-footnote';
import sanitizeHtml from 'sanitize-html';

/**
 * Briefing-book essays: Markdown (CommonMark + footnotes) with document
 * citations, rendered by markdown-it with raw HTML disabled and the output
 * sanitised again by an allowlist. Syntax: docs/briefing-books.md.
 *
 *   `doc:ID` or `doc:ID p.2`        a citation: a link into the viewer at that page
 *   `[^3]: doc:ID p.2, the margin note`   a footnote that cites a document
 *   a paragraph of only `!doc:ID p.2`     an embedded excerpt of that page
 */

/** A citation found in an essay. */
export interface Citation {
  id: string;
  page: number | null;
  embed: boolean;
}

/** What the renderer knows about the cited documents (loaded by the caller before rendering). */
export interface CitedDocument {
  title: string;
  date: string | null;
  collection: string | null;
  /** Text of the embedded pages, by page number. */
  pages: Map<number, string>;
  /** URL of the page image, when page images exist (see web/page-images.ts). */
  /** The page image (URL and pixel size), or null when the page has none. */
  image: (page: number) => { url: string; width: number; height: number } | null;
}

export interface EssayRender {
  html: string;
  /** Cited documents in order of first citation: "Document 1", "Document 2"… */
  cited: string[];
  /** Ids cited that the archive does not hold. */
  missing: string[];
}

const ID = '[A-Za-z0-9](?:[A-Za-z0-9_.:-]*[A-Za-z0-9])?';
const CITE = new RegExp(`(!?)doc:(${ID})(?:\\s+p\\.\\s?(\\d{1,5}))?`, 'g');
const EMBED_ONLY = new RegExp(`^!doc:(${ID})(?:\\s+p\\.\\s?(\\d{1,5}))?$`);

/** Every citation in an essay, in order (pure; used to load the cited documents before rendering). */
export function scanCitations(markdown: string): Citation[] {
  const out: Citation[] = [];
  for (const m of markdown.matchAll(CITE)) {
    const before = m.index > 0 ? markdown[m.index - 1] : ' ';
    if (before && /[\p{L}\p{N}_/]/u.test(before)) continue;
    out.push({ id: m[2]!, page: m[3] ? Number(m[3]) : null, embed: m[1] === '!' });
  }
  return out;
}

interface Env extends Record<string, unknown> {
  docs: ReadonlyMap<string, CitedDocument>;
  numbers: Map<string, number>;
  missing: Set<string>;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const href = (id: string, page: number | null) => `/documents/${encodeURIComponent(id)}${page ? `#page-${page}` : ''}`;

function numberOf(env: Env, id: string): number {
  let n = env.numbers.get(id);
  if (n === undefined) {
    n = env.numbers.size + 1;
    env.numbers.set(id, n);
  }
  return n;
}

/** A paragraph holding only `!doc:ID p.N` becomes an excerpt of that page (and its image, once images exist). */
function embedRule(state: StateCore): void {
  const env = state.env as unknown as Env;
  const tokens = state.tokens;
  for (let i = 0; i + 2 < tokens.length; i++) {
    const [open, inline, close] = [tokens[i]!, tokens[i + 1]!, tokens[i + 2]!];
    if (open.type !== 'paragraph_open' || inline.type !== 'inline' || close.type !== 'paragraph_close') continue;
    const m = EMBED_ONLY.exec(inline.content.trim());
    if (!m) continue;
    const id = m[1]!;
    const page = m[2] ? Number(m[2]) : 1;
    const doc = env.docs.get(id);
    const block = new state.Token('html_block', '', 0);
    if (!doc) {
      env.missing.add(id);
      block.content = `<p class="cite-missing">doc:${esc(id)} (not in the archive)</p>\n`;
    } else {
      const n = numberOf(env, id);
      const text = (doc.pages.get(page) ?? '').trim();
      const excerpt = text.length > 700 ? `${text.slice(0, 700).replace(/\s+\S*$/, '')} …` : text;
      const img = doc.image(page);
      block.content =
        `<figure class="embed">` +
        (img
          ? `<img src="${esc(img.url)}" width="${img.width}" height="${img.height}" alt="Page ${page} of ${esc(doc.title)}" loading="lazy">`
          : '') +
        (excerpt ? `<blockquote class="excerpt">${esc(excerpt)}</blockquote>` : '') +
        `<figcaption><a class="cite" href="${esc(href(id, page))}">Document ${n}</a>, ${esc(doc.title)}, p. ${page}</figcaption></figure>\n`;
    }
    tokens.splice(i, 3, block);
  }
}

/** `doc:ID p.N` anywhere in running text (outside links and code) becomes a link into the viewer. */
function citationRule(state: StateCore): void {
  const env = state.env as unknown as Env;
  for (const block of state.tokens) {
    if (block.type !== 'inline' || !block.children) continue;
    const out: Token[] = [];
    let inLink = 0;
    for (const t of block.children) {
      if (t.type === 'link_open') inLink++;
      if (t.type === 'link_close') inLink--;
      if (t.type !== 'text' || inLink > 0 || !t.content.includes('doc:')) {
        out.push(t);
        continue;
      }
      let last = 0;
      for (const m of t.content.matchAll(CITE)) {
        const prev = m.index > 0 ? t.content[m.index - 1] : ' ';
        if (m[1] === '!' || (prev && /[\p{L}\p{N}_/]/u.test(prev))) continue;
        const text = (s: string) => Object.assign(new state.Token('text', '', 0), { content: s });
        if (m.index > last) out.push(text(t.content.slice(last, m.index)));
        const id = m[2]!;
        const page = m[3] ? Number(m[3]) : null;
        const doc = env.docs.get(id);
        if (!doc) {
          env.missing.add(id);
          out.push(text(`doc:${id}${page ? ` p.${page}` : ''} (not in the archive)`));
        } else {
          const open = new state.Token('link_open', 'a', 1);
          open.attrs = [
            ['href', href(id, page)],
            ['class', 'cite'],
            ['title', doc.title],
          ];
          out.push(open, text(`Document ${numberOf(env, id)}${page ? `, p. ${page}` : ''}`), new state.Token('link_close', 'a', -1));
        }
        last = m.index + m[0].length;
      }
      if (last < t.content.length) out.push(Object.assign(new state.Token('text', '', 0), { content: t.content.slice(last) }));
    }
    block.children = out;
  }
}

const md = new MarkdownIt({ html: false, linkify: false, typographer: true }).use(footnote);
md.core.ruler.push('declass_embed', embedRule);
md.core.ruler.push('declass_citation', citationRule);
/** Without the citation rules: for reading the essay's plain text. */
const plain = new MarkdownIt({ html: false, linkify: false, typographer: true }).use(footnote);

/** Second line of defence: whatever markdown-it emits passes an allowlist. */
const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'em',
    'strong',
    'a',
    'ul',
    'ol',
    'li',
    'blockquote',
    'code',
    'pre',
    'hr',
    'br',
    'sup',
    'section',
    'figure',
    'figcaption',
    'img',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
    's',
  ],
  allowedAttributes: {
    a: ['href', 'class', 'title', 'id'],
    img: ['src', 'alt'],
    li: ['id', 'class'],
    sup: ['class'],
    section: ['class'],
    hr: ['class'],
    blockquote: ['class'],
    figure: ['class'],
    p: ['class'],
    ol: ['start', 'class'],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href', 'src'],
  allowProtocolRelative: false,
  // Essay headings start at h2: the book's title is the page's h1.
  transformTags: { h1: 'h2' },
};

/** Renders an essay to safe HTML. `docs` holds every cited document the archive has (see scanCitations). */
export function renderEssay(markdown: string, docs: ReadonlyMap<string, CitedDocument>): EssayRender {
  const env: Env = { docs, numbers: new Map(), missing: new Set() };
  const html = sanitizeHtml(md.render(markdown, env as unknown as Record<string, unknown>), SANITIZE);
  return { html, cited: [...env.numbers.keys()], missing: [...env.missing] };
}

/** The opening of the essay as plain text (for the home page and the feed): its first real paragraph, shortened. */
export function essayOpening(markdown: string, max = 280): string {
  const tokens = plain.parse(markdown, {});
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.type !== 'inline' || tokens[i - 1]?.type !== 'paragraph_open' || EMBED_ONLY.test(t.content.trim())) continue;
    const text = (t.children ?? [])
      .filter((c) => c.type === 'text' || c.type === 'code_inline' || c.type === 'softbreak')
      .map((c) => (c.type === 'softbreak' ? ' ' : c.content))
      .join('')
      .replace(CITE, '')
      .replace(/\s+/g, ' ')
      .trim();
    if (text) return shorten(text, max);
  }
  return '';
}

export function shorten(text: string, max: number): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length <= max ? t : `${t.slice(0, max).replace(/\s+\S*$/, '')}…`;
}
