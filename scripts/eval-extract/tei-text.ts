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
  /** Text of head elements tagged type="from" / type="to", joined with " ; ". */
  goldFrom: string;
  goldTo: string;
  /** Bracketed source notes ("[Telegram]", "[Enclosure—Translation]"). */
  typeNotes: string[];
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

  parser.on('opentag', (tag) => {
    const attrs = tag.attributes as Record<string, string>;
    stack.push({ name: tag.name, attrs });
    const depth = stack.length;
    if (tag.name === 'div' && attrs.type === 'document' && !doc) {
      doc = {
        id: attrs['xml:id'] ?? '',
        text: '',
        when: null,
        goldFrom: '',
        goldTo: '',
        typeNotes: [],
        body: '',
        notes: [],
        depth,
        datelines: 0,
      };
      return;
    }
    if (!doc) return;
    if (noteDepth !== -1) return;
    if (tag.name === 'note') {
      if (attrs.type === 'source' && attrs.rend === 'inline') sourceNote = { depth, text: '' };
      else {
        noteDepth = depth;
        note = attrs.n ? `${attrs.n} ` : '';
      }
      return;
    }
    if (tag.name === 'head') inHead = depth;
    if (tag.name === 'dateline') {
      doc.datelines++;
      if (doc.datelines === 1) inDateline = depth;
    }
    if (tag.name === 'date' && inDateline !== -1 && doc.when === null && attrs.when) doc.when = attrs.when;
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
    }
  });

  parser.on('closetag', () => {
    const depth = stack.length;
    const frame = stack.pop()!;
    if (!doc) return;
    if (depth === noteDepth) {
      doc.notes.push(note.replace(/\s+/g, ' ').trim());
      noteDepth = -1;
      return;
    }
    if (noteDepth !== -1) return;
    if (sourceNote && depth === sourceNote.depth) {
      const t = sourceNote.text.replace(/\s+/g, ' ').trim();
      // "[Telegram]" and the "File No. …: Telegram" suffix state the kind: kept as type gold, withheld from the text.
      const kind = /^(.*?):\s*(Telegram\b.*)$/.exec(t);
      if (/^\[[^\]]*\]$/.test(t)) doc.typeNotes.push(t);
      else if (kind) {
        doc.typeNotes.push(`[${kind[2]!.trim()}]`);
        doc.body += `\n${kind[1]}\n`;
      } else doc.body += `\n${t}\n`;
      sourceNote = null;
      return;
    }
    if (gold && depth === gold.depth) {
      const t = gold.text.replace(/\s+/g, ' ').trim();
      if (gold.kind === 'from') doc.goldFrom += (doc.goldFrom ? ' ; ' : '') + t;
      else doc.goldTo += (doc.goldTo ? ' ; ' : '') + t;
      gold = null;
    }
    if (depth === inHead) inHead = -1;
    if (depth === inDateline) inDateline = -1;
    if (BLOCKS.has(frame.name) && frame.name !== 'lb') doc.body += '\n';
    if (depth === doc.depth) {
      const lines = doc.body
        .split('\n')
        .map((l) => l.replace(/[ \t\r]+/g, ' ').trim())
        .filter((l) => l.length > 0);
      const { body: _b, notes, depth: _d, datelines: _n, ...rest } = doc;
      docs.push({ ...rest, text: [...lines, ...(notes.length ? ['', ...notes] : [])].join('\n') });
      doc = null;
    }
  });

  parser.write(xml).close();
  return docs;
}
