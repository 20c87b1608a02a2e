import { SaxesParser } from 'saxes';

/**
 * Judged topics from a FRUS volume's back-of-book index (`div[@xml:id="index"]`):
 * each heading, and each heading + sub-heading, with the pages it cites
 * (`ref/@target="#pg_N"`, ranges "186–187" filled in), mapped to printed page
 * labels through `pb/@xml:id` → `pb/@n`.
 */
export interface Topic {
  heading: string;
  sub: string | null;
  /** Printed page labels (pb/@n) the index cites for this topic. */
  pages: string[];
}

interface El {
  name: string;
  attrs: Record<string, string>;
  children: (El | string)[];
}

function parseTree(xml: string): { index: El | null; labelOf: Map<string, string>; order: string[] } {
  const parser = new SaxesParser({ xmlns: false });
  const labelOf = new Map<string, string>();
  const order: string[] = [];
  let index: El | null = null;
  const stack: El[] = [];
  parser.on('opentag', (tag) => {
    const attrs: Record<string, string> = {};
    for (const [k, v] of Object.entries(tag.attributes)) attrs[k] = String(v);
    if (tag.name === 'pb' && attrs['xml:id']) {
      labelOf.set(attrs['xml:id'], attrs.n ?? '');
      order.push(attrs['xml:id']);
    }
    const el: El = { name: tag.name, attrs, children: [] };
    if (stack.length) stack[stack.length - 1]!.children.push(el);
    else if (tag.name === 'div' && attrs['xml:id'] === 'index') index = el;
    // saxes reports a close tag for self-closing elements too, so every push has its pop.
    if (stack.length || el === index) stack.push(el);
  });
  parser.on('text', (t) => {
    if (stack.length) stack[stack.length - 1]!.children.push(t);
  });
  parser.on('closetag', () => {
    if (stack.length) stack.pop();
  });
  parser.write(xml).close();
  return { index, labelOf, order };
}

/** Text of an item excluding nested lists and page refs; the refs' page ids, with ranges filled in. */
function own(item: El, order: string[]): { text: string; pages: string[] } {
  let text = '';
  const pages: string[] = [];
  let pendingRange = false;
  const walk = (el: El) => {
    for (const c of el.children) {
      if (typeof c === 'string') {
        text += c;
        if (/[–-]\s*$/.test(c) && pages.length) pendingRange = true;
        else if (c.trim()) pendingRange = false;
        continue;
      }
      if (c.name === 'list') continue;
      if (c.name === 'ref' && c.attrs.target?.startsWith('#pg_')) {
        const id = c.attrs.target.slice(1);
        if (pendingRange && pages.length) {
          const a = order.indexOf(pages[pages.length - 1]!);
          const b = order.indexOf(id);
          if (a !== -1 && b > a && b - a < 30) for (let k = a + 1; k < b; k++) pages.push(order[k]!);
        }
        pendingRange = false;
        pages.push(id);
        continue;
      }
      walk(c);
    }
  };
  walk(item);
  return { text, pages };
}

/** "China (see also Railways; Manchuria): embargo on exports, 123, 172." → "China: embargo on exports" */
export function cleanIndexText(s: string): string {
  return s
    .replace(/\((?:see|See)[^)]*\)/g, ' ')
    .replace(/\bSee(?: also)?\b.*$/s, ' ')
    .replace(/\b\d+\b/g, ' ')
    .replace(/\s*[–-]\s*(?=[,;]|$)/g, '')
    .replace(/(\s*,)+\s*(?=[;,]|$)/g, '')
    .replace(/^[\s,;]+/, '')
    .replace(/[–,.;:\s]+$/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

export function indexTopics(xml: string): Topic[] {
  const { index, labelOf, order } = parseTree(xml);
  if (!index) return [];
  const topics: Topic[] = [];
  const lists = (el: El): El[] => el.children.filter((c): c is El => typeof c !== 'string' && c.name === 'list');
  const items = (list: El): El[] => list.children.filter((c): c is El => typeof c !== 'string' && c.name === 'item');
  const labels = (ids: string[]) => [...new Set(ids.map((id) => labelOf.get(id) ?? '').filter(Boolean))];
  const findLists = (el: El): El[] => el.children.flatMap((c) => (typeof c === 'string' ? [] : c.name === 'list' ? [c] : findLists(c)));
  for (const list of findLists(index)) {
    for (const item of items(list)) {
      const head = own(item, order);
      const heading = cleanIndexText(head.text);
      if (!heading) continue;
      if (head.pages.length) topics.push({ heading, sub: null, pages: labels(head.pages) });
      for (const sublist of lists(item))
        for (const subItem of items(sublist)) {
          const sub = own(subItem, order);
          const subText = cleanIndexText(sub.text);
          if (subText && sub.pages.length) topics.push({ heading, sub: subText, pages: labels(sub.pages) });
        }
    }
  }
  return topics;
}
