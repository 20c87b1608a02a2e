/**
 * The Atom 1.0 feed of published briefing books (RFC 4287). Pure: builds the
 * XML from the books and their rendered essays.
 */
export interface FeedEntry {
  slug: string;
  title: string;
  author: string;
  summary: string;
  html: string;
  published: string;
  updated: string;
}

const xml = (s: string) =>
  s
    // XML 1.0 forbids most control characters, even escaped.
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');

export function atomFeed(origin: string, entries: readonly FeedEntry[], now: string): string {
  const updated = entries.reduce((max, e) => (e.updated > max ? e.updated : max), entries[0]?.updated ?? now);
  const out = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  <id>${xml(origin)}/feed.atom</id>`,
    '  <title>Declass: briefing books</title>',
    `  <updated>${xml(updated)}</updated>`,
    `  <link rel="self" type="application/atom+xml" href="${xml(origin)}/feed.atom"/>`,
    `  <link rel="alternate" type="text/html" href="${xml(origin)}/books"/>`,
    '  <author><name>Declass editors</name></author>',
    '  <generator>Declass</generator>',
  ];
  for (const e of entries) {
    const url = `${origin}/books/${encodeURIComponent(e.slug)}`;
    // Essay links are site-relative; a feed reader needs them absolute.
    const html = e.html.replace(/(href|src)="\//g, `$1="${origin}/`);
    out.push(
      '  <entry>',
      `    <id>${xml(url)}</id>`,
      `    <title>${xml(e.title)}</title>`,
      `    <link rel="alternate" type="text/html" href="${xml(url)}"/>`,
      `    <published>${xml(e.published)}</published>`,
      `    <updated>${xml(e.updated)}</updated>`,
      `    <author><name>${xml(e.author)}</name></author>`,
      `    <summary>${xml(e.summary)}</summary>`,
      `    <content type="html">${xml(html)}</content>`,
      '  </entry>',
    );
  }
  out.push('</feed>', '');
  return out.join('\n');
}
