/**
 * Minimal FRUS TEI → reader text, private to the extraction eval (the real importer lives elsewhere).
 * For each div[@type="document"]: the text a reader sees, one block per line (source notes, heading, dateline,
 * paragraphs, closer), footnotes appended at the end; plus the gold the TEI tags carry.
 */
import { SaxesParser } from 'saxes';

export interface TeiDoc {
  id: string;
  /** Reader text, tags removed. Bracketed type notes ("[Telegram]") are withheld: they are the type gold. */
  text: string;
  /** `dateline//date/@when` of the first dateline. */
  when: string | null;
  /** Text of the first dateline's `placeName`. */
  place: string | null;
  /** Text of head elements tagged type="from" / type="to", joined with " ; ". */
  goldFrom: string;
  goldTo: string;
  /** Bracketed source notes ("[Telegram]", "[Enclosure—Translation]"). */
  typeNotes: string[];
  /** `persName` elements as spans of `text` (heading, body and footnotes; not the withheld type notes). */
  persNames: { start: number; end: number; text: string }[];
  /** Spans of `text` that hold the document's heading (`head` elements outside notes). */
  heads: { start: number; end: number }[];
}

// persName boundaries travel through the text as private-use characters and are turned into spans at the end.
const OPEN = '\uE000';
const CLOSE = '\uE001';
// Heading boundaries, likewise.
const HEAD_OPEN = '\uE002';
const HEAD_CLOSE = '\uE003';

/** Removes the markers, returning the clean text and the spans they enclosed. */
function unmark(marked: string): {
  text: string;
  spans: { start: number; end: number; text: string }[];
  heads: { start: number; end: number }[];
} {
  let text = '';
  const open: number[] = [];
  const spans: { start: number; end: number; text: string }[] = [];
  const heads: { start: number; end: number }[] = [];
  let head = -1;
  for (const ch of marked) {
    if (ch === OPEN) open.push(text.length);
    else if (ch === CLOSE) {
      const s = open.pop();
      if (s !== undefined && text.length > s) spans.push({ start: s, end: text.length, text: text.slice(s) });
    } else if (ch === HEAD_OPEN) head = text.length;
    else if (ch === HEAD_CLOSE) {
      if (head !== -1 && text.length > head) heads.push({ start: head, end: text.length });
      head = -1;
    } else text += ch;
  }
  return { text, spans, heads };
}

/** The persons list of a volume: `div[@xml:id="persons"]//persName[@xml:id]`, as "Surname, Given" names. */
export function readTeiPersons(xml: string): { id: string; name: string }[] {
  const start = xml.search(/<div[^>]*xml:id="persons"/);
  if (start < 0) return [];
  const end = xml.indexOf('</div>', start);
  const block = xml.slice(start, end < 0 ? undefined : end);
  const out: { id: string; name: string }[] = [];
  for (const m of block.matchAll(/<persName[^>]*xml:id="([^"]+)"[^>]*>([\s\S]*?)<\/persName>/g)) {
    const name = m[2]!
      .replace(/<[^>]+>/g, '')
      .replace(/&amp;/g, '&')
      .replace(/\s+/g, ' ')
      .trim();
    if (name) out.push({ id: m[1]!, name });
  }
  return out;
}

// Elements that start a new line for the reader.
const BLOCKS = new Set([
  'head',
  'p',
  'dateline',
  'closer',
  'opener',
  'salute',
  'signed',
  'item',
  'row',
  'postscript',
  'l',
  'list',
  'table',
  'quote',
  'lb',
  'label',
]);

interface Frame {
  name: string;
  attrs: Record<string, string>;
}

export function readTeiDocuments(xml: string): TeiDoc[] {
  const docs: TeiDoc[] = [];
  const parser = new SaxesParser();
  const stack: Frame[] = [];
  let doc: (TeiDoc & { body: string; notes: string[]; depth: number; datelines: number }) | null = null;
  let noteDepth = -1; // stack depth of the footnote being read, or -1
  let note = '';
  let sourceNote: { depth: number; text: string } | null = null;
  let gold: { depth: number; kind: 'from' | 'to'; text: string } | null = null;
  let inHead = -1;
  let inDateline = -1;
  let placeGold: { depth: number; text: string } | null = null;

  parser.on('opentag', (tag) => {
    const attrs = tag.attributes as Record<string, string>;
    stack.push({ name: tag.name, attrs });
    const depth = stack.length;
    if (tag.name === 'div' && attrs.type === 'document' && !doc) {
      doc = {
        id: attrs['xml:id'] ?? '',
        text: '',
        when: null,
        place: null,
        goldFrom: '',
        goldTo: '',
        typeNotes: [],
        persNames: [],
        heads: [],
        body: '',
        notes: [],
        depth,
        datelines: 0,
      };
      return;
    }
    if (!doc) return;
    if (tag.name === 'persName') {
      if (noteDepth !== -1) note += OPEN;
      else if (sourceNote) sourceNote.text += OPEN;
      else doc.body += OPEN;
    }
    if (noteDepth !== -1) return;
    if (tag.name === 'note') {
      if (attrs.type === 'source' && attrs.rend === 'inline') sourceNote = { depth, text: '' };
      else {
        noteDepth = depth;
        note = attrs.n ? `${attrs.n} ` : '';
      }
      return;
    }
    if (tag.name === 'head' && inHead === -1) {
      inHead = depth;
      if (!sourceNote) doc.body += HEAD_OPEN;
    }
    if (tag.name === 'dateline') {
      doc.datelines++;
      if (doc.datelines === 1) inDateline = depth;
    }
    if (tag.name === 'date' && inDateline !== -1 && doc.when === null && attrs.when) doc.when = attrs.when;
    if (tag.name === 'placeName' && inDateline !== -1 && doc.place === null && !placeGold) placeGold = { depth, text: '' };
    if (inHead !== -1 && (attrs.type === 'from' || attrs.type === 'to') && !gold) gold = { depth, kind: attrs.type, text: '' };
    if (BLOCKS.has(tag.name)) doc.body += '\n';
    if (tag.name === 'cell') doc.body += '\t';
  });

  parser.on('text', (raw) => {
    if (!doc) return;
    // Line breaks inside text nodes are the XML file's pretty-printing, not the page's: only blocks and <lb/> break lines.
    const t = raw.replace(/\s+/g, ' ');
    if (noteDepth !== -1) note += t;
    else if (sourceNote) sourceNote.text += t;
    else {
      doc.body += t;
      if (gold) gold.text += t;
      if (placeGold) placeGold.text += t;
    }
  });

  parser.on('closetag', () => {
    const depth = stack.length;
    const frame = stack.pop()!;
    if (!doc) return;
    if (frame.name === 'persName') {
      if (noteDepth !== -1) note += CLOSE;
      else if (sourceNote) sourceNote.text += CLOSE;
      else doc.body += CLOSE;
    }
    if (depth === noteDepth) {
      doc.notes.push(
        note
          .replace(/\uE000(\s+)/g, '$1\uE000')
          .replace(/(\s+)\uE001/g, '\uE001$1')
          .replace(/\s+/g, ' ')
          .trim(),
      );
      noteDepth = -1;
      return;
    }
    if (noteDepth !== -1) return;
    if (sourceNote && depth === sourceNote.depth) {
      const t = sourceNote.text.replace(/\s+/g, ' ').trim();
      // "[Telegram]" and the "File No. …: Telegram" suffix state the kind: kept as type gold, withheld from the text.
      const kind = /^(.*?):\s*(Telegram\b.*)$/.exec(t);
      if (/^\[[^\]]*\]$/.test(t.replace(/[\uE000\uE001]/g, ''))) doc.typeNotes.push(t.replace(/[\uE000\uE001]/g, ''));
      else if (kind) {
        doc.typeNotes.push(`[${kind[2]!.trim()}]`);
        doc.body += `\n${kind[1]}\n`;
      } else doc.body += `\n${t}\n`;
      sourceNote = null;
      return;
    }
    if (placeGold && depth === placeGold.depth) {
      doc.place = placeGold.text.replace(/\s+/g, ' ').trim() || null;
      placeGold = null;
    }
    if (gold && depth === gold.depth) {
      const t = gold.text.replace(/\s+/g, ' ').trim();
      if (gold.kind === 'from') doc.goldFrom += (doc.goldFrom ? ' ; ' : '') + t;
      else doc.goldTo += (doc.goldTo ? ' ; ' : '') + t;
      gold = null;
    }
    if (depth === inHead) {
      inHead = -1;
      if (!sourceNote) doc.body += HEAD_CLOSE;
    }
    if (depth === inDateline) inDateline = -1;
    if (BLOCKS.has(frame.name) && frame.name !== 'lb') doc.body += '\n';
    if (depth === doc.depth) {
      // Markers step outside the whitespace next to them, so collapsing and trimming treat the text as unmarked.
      const tidy = (s: string) => s.replace(/([\uE000\uE002])(\s+)/g, '$2$1').replace(/(\s+)([\uE001\uE003])/g, '$2$1');
      const lines = tidy(doc.body)
        .split('\n')
        .map((l) => l.replace(/[ \t\r]+/g, ' ').trim())
        // A line holding only heading markers (an empty head) is no line for the reader.
        .filter((l) => l.replace(/[\uE002\uE003]/g, '').length > 0);
      const { body: _b, notes, depth: _d, datelines: _n, ...rest } = doc;
      const { text, spans, heads } = unmark([...lines, ...(notes.length ? ['', ...notes.map(tidy)] : [])].join('\n'));
      docs.push({ ...rest, text, persNames: spans, heads });
      doc = null;
    }
  });

  parser.write(xml).close();
  return docs;
}
