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

/**
 * An item's own content (nested lists and page refs left out) as its run-in entries: FRUS indexes print
 * sub-entries one after another in one item, each with its own pages — "authority, 186–187, 204; Japanese
 * attitude, 257." — so the text is cut at each top-level ";" (not inside parentheses such as "(see also A; B)"),
 * and each entry keeps the pages cited within it (ranges filled in).
 */
function runIns(item: El, order: string[]): { text: string; pages: string[] }[] {
  const entries: { text: string; pages: string[] }[] = [{ text: '', pages: [] }];
  let depth = 0;
  let pendingRange = false;
  const current = () => entries[entries.length - 1]!;
  const walk = (el: El) => {
    for (const c of el.children) {
      if (typeof c === 'string') {
        for (const ch of c) {
          if (ch === '(') depth++;
          else if (ch === ')') depth = Math.max(0, depth - 1);
          if (ch === ';' && depth === 0) {
            entries.push({ text: '', pages: [] });
            pendingRange = false;
          } else current().text += ch;
        }
        if (/[–-]\s*$/.test(c) && current().pages.length) pendingRange = true;
        else if (c.trim()) pendingRange = false;
        continue;
      }
      if (c.name === 'list') continue;
      if (c.name === 'ref' && c.attrs.target?.startsWith('#pg_')) {
        const id = c.attrs.target.slice(1);
        const pages = current().pages;
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
  return entries;
}

/** "Soviet régime: aid sought" → ["Soviet régime", "aid sought"]; the colon must stand outside parentheses. */
function splitColon(text: string): [string, string] | null {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '(') depth++;
    else if (ch === ')') depth = Math.max(0, depth - 1);
    else if (ch === ':' && depth === 0) return [text.slice(0, i), text.slice(i + 1)];
  }
  return null;
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

/**
 * The topics of one index item at either level. Its run-in entries share what the first one puts before a colon
 * ("Provisional Government, relations: approval, 185; plans, 186" → "…relations: approval", "…relations: plans");
 * without a colon, the first entry names the item and the others are its aspects.
 * Returns the item's name (for its sub-items) and its topics as [name, aspect | null, pages].
 */
function itemTopics(item: El, order: string[]): { name: string; topics: [string, string | null, string[]][] } {
  const entries = runIns(item, order);
  const first = entries[0]!;
  const colon = splitColon(first.text);
  const name = cleanIndexText(colon ? colon[0] : first.text);
  const topics: [string, string | null, string[]][] = [];
  entries.forEach((e, i) => {
    if (e.pages.length === 0) return;
    const aspect = cleanIndexText(i === 0 ? (colon ? colon[1] : '') : e.text);
    topics.push([name, aspect || null, e.pages]);
  });
  return { name, topics };
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
      const head = itemTopics(item, order);
      if (!head.name) continue;
      for (const [, aspect, pages] of head.topics) topics.push({ heading: head.name, sub: aspect, pages: labels(pages) });
      for (const sublist of lists(item))
        for (const subItem of items(sublist)) {
          const sub = itemTopics(subItem, order);
          for (const [subName, aspect, pages] of sub.topics) {
            const text = aspect ? (subName ? `${subName}: ${aspect}` : aspect) : subName;
            if (text) topics.push({ heading: head.name, sub: text, pages: labels(pages) });
          }
        }
    }
  }
  return topics;
}
