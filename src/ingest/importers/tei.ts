/**
 * FRUS TEI importer. One TEI file is one volume: its `div[@type="document"]`
 * elements become documents, its persons list becomes person entities.
 *
 * Parsing is streaming (saxes, non-validating, no DTD entity expansion). Only
 * the subtrees we need (teiHeader, the persons list, each document div) are
 * kept as a light tree, and each document is rendered as soon as it closes;
 * `pb` elements are tracked across the whole volume so that a document that
 * starts mid-page begins on the right page.
 */
import { isUtf8 } from 'node:buffer';
import path from 'node:path';
import { SaxesParser } from 'saxes';
import type { SaxesTagPlain } from 'saxes';
import type { DateValue, FieldMap, Named } from '../../documents/fields.js';
import type {
  EntityKind,
  ImportedDocument,
  ImportedEntity,
  ImportedMention,
  ImportedPage,
  ImportEvent,
  ImportHead,
  Importer,
  ImportResult,
  StreamingImporter,
} from './importer.js';
import { decodeText } from './decode.js';
import { collapseWhitespace } from '../../extract/span.js';
import { ingestErrors } from '../ingest.errors.js';
import { isDeclassError } from '../../shared/errors.js';

export const TEI_AGENCY = 'U.S. Department of State, Office of the Historian';

// ---------------------------------------------------------------------------
// Light tree

interface El {
  name: string;
  attrs: Record<string, string>;
  children: Node[];
}
type Node = El | string;

const isEl = (n: Node | undefined): n is El => typeof n === 'object';

/** Whitespace-normalised text content; `lb` counts as a space, `note` elements are skipped when asked. */
function textOf(el: El, skipNotes = true): string {
  const parts: string[] = [];
  const walk = (e: El) => {
    for (const c of e.children) {
      if (typeof c === 'string') parts.push(c);
      else if (c.name === 'lb') parts.push(' ');
      else if (!(skipNotes && c.name === 'note')) walk(c);
    }
  };
  walk(el);
  return normalise(parts.join(''));
}

/** Whitespace runs as one space, trimmed (`s.replace(/\s+/g, ' ').trim()`, without copies where it can). */
export const normalise = collapseWhitespace;

function findFirst(el: El, pred: (e: El) => boolean, skip?: (e: El) => boolean): El | null {
  for (const c of el.children) {
    if (!isEl(c) || skip?.(c)) continue;
    if (pred(c)) return c;
    const found = findFirst(c, pred, skip);
    if (found) return found;
  }
  return null;
}

function findAll(el: El, pred: (e: El) => boolean, skip?: (e: El) => boolean, out: El[] = []): El[] {
  for (const c of el.children) {
    if (!isEl(c) || skip?.(c)) continue;
    if (pred(c)) out.push(c);
    findAll(c, pred, skip, out);
  }
  return out;
}

// ---------------------------------------------------------------------------
// Page rendering

/** Separators by strength; the strongest pending one wins. */
const SEP = ['', ' ', '\t', '\n', '\n\n'] as const;
const SPACE = 1;
const TAB = 2;
const LINE = 3;
const PARA = 4;

class Sink {
  text = '';
  pending = 0;
}

interface RenderPage {
  label: string | null;
  body: Sink;
  foot: Sink;
}

interface RawMention {
  kind: EntityKind;
  /** The `@corresp` id (without '#') to resolve against the persons list at the end. */
  ref: string | null;
  page: RenderPage;
  sink: Sink;
  start: number;
  end: number;
}

/** Elements that form their own paragraph. */
const BLOCKS = new Set([
  'p',
  'head',
  'dateline',
  'closer',
  'opener',
  'table',
  'postscript',
  'frus:attachment',
  'div',
  'byline',
  'trailer',
  'lg',
  'figure',
  'docAuthor',
]);
/** Elements that start a new line inside a block. */
const LINES = new Set(['row', 'signed', 'salute', 'l', 'address', 'addrLine']);
/** Elements whose content a reader does not see. */
const SILENT = new Set(['graphic', 'figDesc', 'milestone', 'anchor']);

class PageRenderer {
  readonly pages: RenderPage[] = [];
  readonly mentions: RawMention[] = [];
  private page: RenderPage;
  private inFoot = false;
  private readonly open: RawMention[] = [];
  private inDateline = 0;

  constructor(startLabel: string | null) {
    this.page = { label: startLabel, body: new Sink(), foot: new Sink() };
    this.pages.push(this.page);
  }

  private get sink(): Sink {
    return this.inFoot ? this.page.foot : this.page.body;
  }

  private brk(level: number) {
    const s = this.sink;
    if (level > s.pending) s.pending = level;
  }

  private emit(raw: string) {
    const s = this.sink;
    const lead = raw.length > 0 && isSpace(raw.charCodeAt(0));
    const t = normalise(raw);
    if (t === '') {
      if (raw.length > 0) this.brk(SPACE);
      return;
    }
    if (lead) this.brk(SPACE);
    if (s.text.length > 0 && s.pending > 0) s.text += SEP[s.pending];
    s.pending = 0;
    for (const m of this.open) if (m.start < 0 && m.sink === s) m.start = s.text.length;
    s.text += t;
    if (isSpace(raw.charCodeAt(raw.length - 1))) s.pending = SPACE;
  }

  pageBreak(label: string | null) {
    const p = this.page;
    if (p.body.text === '' && p.foot.text === '') {
      p.label = label;
      return;
    }
    // A name cut by the page break ends where the page ends.
    for (const m of this.open) {
      if (m.start >= 0 && m.end < 0) m.end = m.sink.text.length;
    }
    this.page = { label, body: new Sink(), foot: new Sink() };
    this.pages.push(this.page);
  }

  render(el: El, parent: El | null, prev: El | null) {
    const name = el.name;
    if (SILENT.has(name)) return;
    if (name === 'pb') {
      this.pageBreak(pageLabel(el.attrs.n));
      return;
    }
    if (name === 'lb') {
      this.brk(LINE);
      return;
    }
    if (name === 'note' && el.attrs.type !== 'source') {
      this.renderFootnote(el);
      return;
    }
    let after = 0;
    if (BLOCKS.has(name) || name === 'note') {
      this.brk(PARA);
      after = PARA;
    } else if (name === 'list') {
      const nested = parent !== null && (parent.name === 'p' || parent.name === 'item' || parent.name === 'cell');
      this.brk(nested ? LINE : PARA);
      after = nested ? LINE : PARA;
    } else if (name === 'item') {
      this.brk(prev?.name === 'label' ? SPACE : LINE);
      after = LINE;
    } else if (name === 'label' && parent?.name === 'list') {
      this.brk(LINE);
    } else if (name === 'cell') {
      if (prev !== null) this.brk(TAB);
    } else if (LINES.has(name)) {
      this.brk(LINE);
      after = LINE;
    }

    const mention = this.mentionFor(el);
    if (mention) this.open.push(mention);
    if (name === 'dateline') this.inDateline++;

    let prevEl: El | null = null;
    for (const c of el.children) {
      if (typeof c === 'string') this.emit(c);
      else {
        this.render(c, el, prevEl);
        prevEl = c;
      }
    }

    if (name === 'dateline') this.inDateline--;
    if (mention) {
      this.open.splice(this.open.lastIndexOf(mention), 1);
      if (mention.start >= 0) {
        if (mention.end < 0) mention.end = mention.sink.text.length;
        this.mentions.push(mention);
      }
    }
    if (after) this.brk(after);
  }

  private mentionFor(el: El): RawMention | null {
    let kind: EntityKind;
    if (el.name === 'persName') kind = 'person';
    else if (el.name === 'orgName') kind = 'organization';
    else if (el.name === 'placeName' && this.inDateline > 0) kind = 'place';
    else return null;
    const ref = kind === 'person' ? corresp(el) : null;
    return { kind, ref, page: this.page, sink: this.sink, start: -1, end: -1 };
  }

  private renderFootnote(el: El) {
    if (this.inFoot) {
      // A note inside a footnote reads inline.
      for (const c of el.children) {
        if (typeof c === 'string') this.emit(c);
        else this.render(c, el, null);
      }
      return;
    }
    this.inFoot = true;
    this.brk(PARA);
    this.emit(`[${el.attrs.n ?? '*'}]`);
    this.brk(SPACE);
    let prevEl: El | null = null;
    for (const c of el.children) {
      if (typeof c === 'string') this.emit(c);
      else {
        this.render(c, el, prevEl);
        prevEl = c;
      }
    }
    this.inFoot = false;
  }

  /** Pages with text, footnotes appended at the end of their page, and the mentions placed on them. */
  finish(resolve: (ref: string | null) => string | null): { pages: ImportedPage[]; mentions: ImportedMention[] } {
    const pages: ImportedPage[] = [];
    const pageNo = new Map<RenderPage, { no: number; footShift: number; text: string }>();
    for (const p of this.pages) {
      const body = p.body.text;
      const foot = p.foot.text;
      if (body === '' && foot === '') continue;
      const text = body === '' ? foot : foot === '' ? body : `${body}\n\n${foot}`;
      pages.push({ label: p.label, text, textSource: 'source' });
      pageNo.set(p, { no: pages.length, footShift: body === '' ? 0 : body.length + 2, text });
    }
    const mentions: ImportedMention[] = [];
    for (const m of this.mentions) {
      const at = pageNo.get(m.page);
      if (!at || m.end <= m.start) continue;
      const shift = m.sink === m.page.foot ? at.footShift : 0;
      mentions.push({
        kind: m.kind,
        // From the page's text, not the body's or the footnotes': the text is then made flat once, not also its parts.
        text: at.text.slice(m.start + shift, m.end + shift),
        authorityKey: resolve(m.ref),
        pageNo: at.no,
        spanStart: m.start + shift,
        spanEnd: m.end + shift,
      });
    }
    return { pages, mentions };
  }
}

const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d;

/** `pb/@n` as a label; FRUS writes "[]" for an unnumbered page. */
function pageLabel(n: string | undefined): string | null {
  if (n === undefined) return null;
  const t = n.trim();
  return t === '' || t === '[]' ? null : t;
}

function corresp(el: El): string | null {
  const c = el.attrs.corresp?.trim();
  if (!c) return null;
  const first = c.split(/\s+/)[0] ?? '';
  return first.startsWith('#') ? first.slice(1) : null;
}

// ---------------------------------------------------------------------------
// Dates

const WHEN = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?)?)?)?$/;

interface ParsedWhen {
  start: string;
  end: string;
  precision: 'day' | 'month' | 'year';
  time?: string;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const daysIn = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** Parses a TEI date attribute value (YYYY, YYYY-MM, YYYY-MM-DD, with optional time); null when invalid. */
export function parseWhen(value: string): ParsedWhen | null {
  const m = WHEN.exec(value.trim());
  if (!m) return null;
  const [, ys, ms, ds, hh, mm] = m;
  const y = Number(ys);
  if (ms === undefined) return { start: `${ys}-01-01`, end: `${ys}-12-31`, precision: 'year' };
  const mo = Number(ms);
  if (mo < 1 || mo > 12) return null;
  const last = daysIn(y, mo);
  if (ds === undefined) return { start: `${ys}-${ms}-01`, end: `${ys}-${ms}-${pad(last)}`, precision: 'month' };
  const d = Number(ds);
  if (d < 1 || d > last) return null;
  const iso = `${ys}-${ms}-${ds}`;
  const out: ParsedWhen = { start: iso, end: iso, precision: 'day' };
  if (hh !== undefined && mm !== undefined) {
    if (Number(hh) > 24 || Number(mm) > 59) return null;
    out.time = `${hh}:${mm}`;
  }
  return out;
}

/** The `date` field from a TEI `date` element, or null when its attributes state no usable date. */
export function dateValue(el: El): DateValue | null {
  const text = textOf(el);
  const a = el.attrs;
  if (a.when !== undefined) {
    const w = parseWhen(a.when);
    if (w) {
      const v: DateValue = { start: w.start, end: w.end, precision: w.precision, text };
      if (w.time !== undefined) v.time = w.time;
      return v;
    }
  }
  const lo = a.from ?? a.notBefore;
  const hi = a.to ?? a.notAfter;
  if (lo === undefined || hi === undefined) return null;
  const from = parseWhen(lo);
  const to = parseWhen(hi);
  if (!from || !to || to.end < from.start) return null;
  return { start: from.start, end: to.end, precision: 'range', text };
}

// ---------------------------------------------------------------------------
// Document kind ("type"), only where the source states it

export type DocKind =
  | 'memorandum'
  | 'memorandum_of_conversation'
  | 'telephone_conversation'
  | 'telegram'
  | 'letter'
  | 'directive'
  | 'minutes'
  | 'report'
  | 'note'
  | 'other';

/** A kind word or phrase on its own, as in a "[Telegram]" source note. */
function kindWord(s: string): DocKind | null {
  const w = s
    .trim()
    .toLowerCase()
    .replace(/\s+\d+[a-z]?$/, '');
  if (/^(circular )?(telegrams?|cablegrams?|radiograms?)( \(part air\))?$/.test(w)) return 'telegram';
  if (/^memorand(um|a) of (a )?telephone conversation$|^telephone conversation$/.test(w)) return 'telephone_conversation';
  if (/^memorand(um|a) of (a )?conversation$/.test(w)) return 'memorandum_of_conversation';
  if (/^memorand(um|a)$/.test(w)) return 'memorandum';
  if (/^letters?$/.test(w)) return 'letter';
  if (/^(notes?|note verbale|aide-m[ée]moire)$/.test(w)) return 'note';
  if (/^minutes$/.test(w)) return 'minutes';
  if (/^reports?$/.test(w)) return 'report';
  if (/^(directive|executive order)$/.test(w)) return 'directive';
  return null;
}

/**
 * The kind a source note states: a bracketed note such as "[Telegram]" or
 * "[Telegram—Extract]" (form words like Paraphrase, Extract, Translation,
 * Enclosure are not kinds), or a file reference ending in ": Telegram".
 */
export function kindFromSourceNote(note: string): DocKind | null {
  const t = note.trim();
  const br = /^\[(.+)\]\.?$/.exec(t);
  if (br?.[1] !== undefined) {
    for (const part of br[1].split(/\s*[—–]\s*/)) {
      const k = kindWord(part);
      if (k) return k;
    }
    return null;
  }
  const colon = t.lastIndexOf(':');
  return colon >= 0 ? kindWord(t.slice(colon + 1)) : null;
}

/** The kind a heading states by its first words ("Memorandum by…", "Telegram…"); "X to Y" states none. */
export function kindFromHeading(heading: string): DocKind | null {
  const h = heading
    .trim()
    .replace(/^(?:\d+\.\s+)?(?:(?:strictly )?confidential |secret |copy of (?:an? )?)?/i, '')
    .toLowerCase();
  if (/^memorand(?:um|a)\b/.test(h)) {
    if (/^memorand(?:um|a)\b[^.]*?\bof (?:an? )?telephone conversation\b/.test(h)) return 'telephone_conversation';
    if (/^memorand(?:um|a)\b[^.]*?\bof (?:an? )?conversations?\b/.test(h)) return 'memorandum_of_conversation';
    return 'memorandum';
  }
  if (/^(?:circular )?(?:telegram|cablegram|radiogram)\b/.test(h)) return 'telegram';
  if (/^telephone conversation\b/.test(h)) return 'telephone_conversation';
  if (/^minutes\b/.test(h)) return 'minutes';
  if (/^report\b/.test(h)) return 'report';
  // "Note on …" is a paper about something, not a diplomatic note.
  if (/^(?:note verbale|aide-m[ée]moire|(?:diplomatic )?note (?:from|by|of the|to)\b)/.test(h)) return 'note';
  if (/^letter\b/.test(h)) return 'letter';
  if (/^(?:executive order|directive)\b/.test(h)) return 'directive';
  if (
    /^(?:press release|(?:(?!(?:on|of|the|for|to|by|and|with|regarding|concerning|about)\b)[\w-]+ ){0,3}(?:treaty|convention|protocol|agreement)\b|final act\b|proc[èé]s-verbal\b)/.test(
      h,
    )
  ) {
    return 'other';
  }
  return null;
}

// ---------------------------------------------------------------------------
// Persons list

const NAME_TITLE =
  /^(baron|baroness|count|countess|viscount|viscountess|marquis|marquess|marchioness|prince|princess|duke|duchess|earl|lord|lady|sir|dame)(?:\s+(von|van|de|di|da|du|del|della|zu))?$/i;
const NAME_SUFFIX = /^(jr\.?|sr\.?|[ivx]+|2d|3d)$/i;

/**
 * "Francis, David R." → "David R. Francis"; "Goto, Shimpei, Baron" → "Baron Shimpei Goto";
 * "Mirbach, Wilhelm, Count von" → "Count Wilhelm von Mirbach"; "Smith, John, Jr." → "John Smith, Jr.".
 * Null when the name is not written surname first.
 */
export function naturalOrder(name: string): string | null {
  const parts = name.split(/\s*,\s*/).filter((p) => p !== '');
  if (parts.length < 2) return null;
  const [surname, ...rest] = parts as [string, ...string[]];
  const titles: string[] = [];
  const given: string[] = [];
  const suffixes: string[] = [];
  let particle = '';
  for (const p of rest) {
    const t = NAME_TITLE.exec(p);
    if (t?.[1] !== undefined && rest.length > 1) {
      titles.push(t[1]);
      if (t[2] !== undefined) particle = t[2];
    } else if (NAME_SUFFIX.test(p) && given.length > 0) suffixes.push(p);
    else given.push(p);
  }
  const natural = [...titles, ...given, particle, surname].filter((x) => x !== '').join(' ');
  return suffixes.length > 0 ? `${natural}, ${suffixes.join(', ')}` : natural;
}

interface Person {
  name: string;
  natural: string | null;
}

function readPersons(div: El, volumeId: string, persons: Map<string, Person>, entities: ImportedEntity[]) {
  for (const item of findAll(div, (e) => e.name === 'item')) {
    const pn = item.children.find((c): c is El => isEl(c) && c.name === 'persName' && c.attrs['xml:id'] !== undefined);
    if (!pn) continue;
    const id = pn.attrs['xml:id'] ?? '';
    const name = textOf(pn);
    if (name === '' || persons.has(id)) continue;
    const rest = textOf({ name: 'item', attrs: {}, children: item.children.filter((c) => c !== pn) }, false);
    const description = rest.replace(/^[,;:.\s]+/, '').trim();
    const natural = naturalOrder(name);
    persons.set(id, { name, natural });
    entities.push({
      kind: 'person',
      name,
      authorityKey: `${volumeId}#${id}`,
      variants: natural && natural !== name ? [natural] : [],
      description: description === '' ? null : description,
    });
  }
}

// ---------------------------------------------------------------------------
// Documents

interface PendingNamed {
  role: 'from' | 'to';
  text: string;
  ref: string | null;
}

interface RenderedDoc {
  doc: ImportedDocument;
  named: PendingNamed[];
  finish: PageRenderer;
}

interface DocumentParts {
  /** Source notes, in document order, and whether each is the document's own (not inside an attachment). */
  notes: El[];
  ownNote: boolean[];
  /** Datelines outside attachments, and all datelines, in document order. */
  ownDatelines: El[];
  allDatelines: El[];
}

/** The source notes and datelines of a document, in one walk of its tree. */
function documentParts(div: El): DocumentParts {
  const parts: DocumentParts = { notes: [], ownNote: [], ownDatelines: [], allDatelines: [] };
  collectParts(div, false, parts);
  return parts;
}

function collectParts(el: El, inAttachment: boolean, parts: DocumentParts) {
  for (const c of el.children) {
    if (typeof c === 'string') continue;
    const attachment = inAttachment || c.name === 'frus:attachment';
    if (c.name === 'note') {
      if (c.attrs.type === 'source') {
        parts.notes.push(c);
        parts.ownNote.push(!attachment);
      }
    } else if (c.name === 'dateline') {
      parts.allDatelines.push(c);
      if (!attachment) parts.ownDatelines.push(c);
    }
    collectParts(c, attachment, parts);
  }
}

function renderDocument(div: El, startLabel: string | null, volumeId: string, sections: readonly string[]): RenderedDoc {
  const xmlId = div.attrs['xml:id'] ?? '';
  const fields: FieldMap = { volume_id: volumeId };
  if (sections.length > 0) fields.sections = [...sections];
  if (xmlId !== '') fields.source_id = xmlId;
  const n = div.attrs.n?.trim();
  if (n) fields.number = n;

  const head = div.children.find((c): c is El => isEl(c) && c.name === 'head') ?? null;
  const heading = head ? textOf(head) : '';
  if (heading !== '') fields.heading = heading;

  // from / to: typed names in the document's own heading (footnotes excluded).
  const named: PendingNamed[] = [];
  if (head) {
    const typed = findAll(
      head,
      (e) => (e.attrs.type === 'from' || e.attrs.type === 'to') && ['persName', 'gloss', 'orgName', 'placeName', 'name'].includes(e.name),
      (e) => e.name === 'note',
    );
    for (const e of typed) {
      const text = textOf(e);
      if (text === '') continue;
      named.push({ role: e.attrs.type === 'from' ? 'from' : 'to', text, ref: e.name === 'persName' ? corresp(e) : null });
    }
  }

  const { notes, ownNote, ownDatelines, allDatelines } = documentParts(div);
  // Source notes: all of them, in order; the kind only from the document's own.
  const noteTexts = notes.map((e) => textOf(e));
  const sourceNotes = noteTexts.filter((t) => t !== '');
  if (sourceNotes.length > 0) fields.source_notes = sourceNotes;
  let kind: DocKind | null = null;
  for (let i = 0; i < notes.length; i++) {
    if (!ownNote[i]) continue;
    kind = kindFromSourceNote(noteTexts[i]!);
    if (kind) break;
  }
  kind ??= heading !== '' ? kindFromHeading(heading) : null;
  if (kind) fields.type = kind;

  // Date and place from the datelines: the document's own first, an attachment's when it has none.
  const date = firstDate(ownDatelines) ?? firstDate(allDatelines);
  if (date) fields.date = date;
  for (const dl of ownDatelines.length > 0 ? ownDatelines : allDatelines) {
    const place = findFirst(
      dl,
      (e) => e.name === 'placeName',
      (e) => e.name === 'note',
    );
    const t = place ? textOf(place) : '';
    if (t !== '') {
      fields.dateline_place = t;
      break;
    }
  }

  const renderer = new PageRenderer(startLabel);
  let prev: El | null = null;
  for (const c of div.children) {
    if (typeof c === 'string') continue; // whitespace between the div's blocks
    renderer.render(c, div, prev);
    prev = c;
  }

  return {
    doc: {
      sourceKey: xmlId,
      preferredId: xmlId !== '' ? `${volumeId}-${xmlId}` : null,
      title: heading !== '' ? heading : null,
      pages: [],
      needsOcr: false,
      fields,
      mentions: [],
    },
    named,
    finish: renderer,
  };
}

function firstDate(datelines: El[]): DateValue | null {
  for (const dl of datelines) {
    for (const d of findAll(
      dl,
      (e) => e.name === 'date',
      (e) => e.name === 'note',
    )) {
      const v = dateValue(d);
      if (v) return v;
    }
  }
  return null;
}

// ---------------------------------------------------------------------------
// Parsing

/** Subtrees kept while streaming. */
function captureKind(tag: SaxesTagPlain): 'document' | 'persons' | 'header' | 'section-head' | null {
  if (tag.name === 'div') {
    if (tag.attributes.type === 'document') return 'document';
    if (tag.attributes['xml:id'] === 'persons') return 'persons';
  }
  if (tag.name === 'teiHeader') return 'header';
  return null;
}

/** Characters handed to the XML parser at a time: a document is rendered, finished and handed on soon after it closes. */
const CHUNK = 1 << 16;

// An `xml:id` that is "persons", or that may spell it with character references.
const PERSONS_ID = /xml:id\s*=\s*(?:"(?:persons"|[^"]*&)|'(?:persons'|[^']*&))/g;

/**
 * Where the last element that could change the volume's head (a `teiHeader`, a persons list) starts; -1: none. Once
 * the parse is past it, and not inside such an element, the head is final and documents are finished as they close.
 */
function headFinalAfter(xml: string): number {
  let last = xml.lastIndexOf('<teiHeader');
  PERSONS_ID.lastIndex = 0;
  for (let m = PERSONS_ID.exec(xml); m !== null; m = PERSONS_ID.exec(xml)) last = Math.max(last, m.index);
  return last;
}

/**
 * A volume's text as the XML parser reads it: a piece at a time, and where the last element that could change the
 * volume's head starts (`headFinalAfter`, a character offset; -1: none), known by the time the piece holding it is
 * handed over (null before).
 */
export interface TeiText {
  pieces(): Iterable<string>;
  finalAfter(): number | null;
}

/** A volume held as one string. */
function stringText(xml: string): TeiText {
  const final = headFinalAfter(xml);
  return {
    *pieces() {
      for (let at = 0; at < xml.length; at += CHUNK) yield xml.slice(at, at + CHUNK);
    },
    finalAfter: () => final,
  };
}

/** Bytes of UTF-8 decoded at a time, cut between characters: each piece is at most 64 KB as a string. */
const BYTE_CHUNK = 1 << 15;

/**
 * A volume in UTF-8, decoded a piece at a time: no string of the whole volume is made. One would be twice the file's
 * size (a FRUS volume holds curly quotes and dashes, so every character takes two bytes), in V8's large-object space,
 * until a full collection: in a long batch the parse worker held four such strings at its peak (28 MB). `start` skips
 * a byte-order mark; the bytes are known to be valid UTF-8 (`utf8Volume`).
 */
function utf8Text(bytes: Buffer, start: number): TeiText {
  const finalByte = headFinalAfterBytes(bytes);
  let final: number | null = finalByte < 0 ? -1 : null;
  return {
    *pieces() {
      // A mark inside the text is a character like any other, as the whole-string decoding keeps it.
      const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
      let chars = 0;
      for (let from = start; from < bytes.length;) {
        let to = Math.min(bytes.length, from + BYTE_CHUNK);
        while (to < bytes.length && (bytes[to]! & 0xc0) === 0x80) to--; // not inside a character
        const piece = decoder.decode(bytes.subarray(from, to));
        if (final === null && finalByte < to) final = chars + decoder.decode(bytes.subarray(from, finalByte)).length;
        chars += piece.length;
        from = to;
        yield piece;
      }
    },
    finalAfter: () => final,
  };
}

// In UTF-8 read byte by byte (Latin-1): the control characters `decodeText` counts (C1 controls are 0xC2 0x80–0x9F).
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_BYTES = /[\x00-\x08\x0b\x0e-\x1f\x7f]|\xc2[\x80-\x9f]/;

/**
 * The volume as UTF-8 pieces when `decodeText` would read it as UTF-8 and find it text: a byte-order mark or valid
 * UTF-8, no control characters, and a non-space in its first piece. Otherwise (UTF-16, Windows-1252, control
 * characters, a file of blanks) null: `decodeText` then reads it whole, with its own errors.
 */
export function utf8Volume(bytes: Buffer): TeiText | null {
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  if (bytes.length - start < BYTE_CHUNK || !isUtf8(bytes.subarray(start))) return null;
  // Windows of the bytes as Latin-1 (one byte a character), overlapping by one so that no pair is cut; small enough
  // to be young-generation strings.
  for (let at = start; at < bytes.length; at += BYTE_CHUNK) {
    if (CONTROL_BYTES.test(bytes.toString('latin1', at, Math.min(bytes.length, at + BYTE_CHUNK + 1)))) return null;
  }
  const text = utf8Text(bytes, start);
  const first = text.pieces()[Symbol.iterator]().next();
  return !first.done && /\S/.test(first.value) ? text : null;
}

/** `headFinalAfter` in bytes of UTF-8: the byte offset of the element's `<`. */
function headFinalAfterBytes(bytes: Buffer): number {
  let last = bytes.lastIndexOf('<teiHeader');
  const id = new RegExp(PERSONS_ID.source, 'y');
  const blank = (b: number | undefined) => b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d;
  for (let at = bytes.indexOf('xml:id'); at !== -1; at = bytes.indexOf('xml:id', at + 6)) {
    // `xml:id`, `=` and a quote, blanks between; then the value to its closing quote, read as Latin-1 (the pattern is
    // ASCII).
    let p = at + 6;
    while (blank(bytes[p])) p++;
    if (bytes[p] !== 0x3d) continue;
    p++;
    while (blank(bytes[p])) p++;
    const quote = bytes[p];
    if (quote !== 0x22 && quote !== 0x27) continue;
    const close = bytes.indexOf(quote, p + 1);
    id.lastIndex = 0;
    if (id.test(bytes.toString('latin1', at, close === -1 ? bytes.length : close + 1))) last = Math.max(last, at);
  }
  return last;
}

/**
 * Parses a FRUS TEI volume as a stream: the volume's head, then each document soon after its `div` closes (a document
 * waits only while the header or the persons list, which its names resolve against, may still change; in FRUS both
 * come before the documents). The same head and documents as `parseTei`, which collects them. `xml` is the volume's
 * text, or its pieces (`utf8Volume`).
 */
export function* streamTei(xml: string | TeiText, filePath: string, name: string): Generator<ImportEvent, void, undefined> {
  const text = typeof xml === 'string' ? stringText(xml) : xml;
  const parser = new SaxesParser({ xmlns: false, position: true });
  // Handlers throw coded errors straight out of `write`, which stops the parse there.
  const fail = (err: Error): never => {
    throw err;
  };

  parser.on('error', (err) => {
    const reason = err.message.replace(/^(?:.*?:)?\d+:\d+:\s*/, '');
    fail(ingestErrors.malformedXml(`${filePath}: not well-formed XML at line ${parser.line}, column ${parser.column + 1}: ${reason}`));
  });
  parser.on('doctype', (doctype) => {
    if (/<!ENTITY/i.test(doctype)) {
      fail(
        ingestErrors.forbiddenXml(
          `${filePath}: the DOCTYPE declares entities; entity declarations (internal or external) are refused and the file is not read`,
        ),
      );
    }
  });

  let rootSeen = false;
  let volumeId: string | null = null;
  let currentPage: string | null = null;
  let header: El | null = null;
  const persons = new Map<string, Person>();
  const entities: ImportedEntity[] = [];
  /** Rendered documents not yet handed on. */
  const rendered: RenderedDoc[] = [];
  let documentCount = 0;
  // Where the head is final: Infinity until the piece holding it is read (nothing before it is past it).
  let finalAfter = text.finalAfter() ?? Infinity;
  let pastFinal = finalAfter < 0;

  const stack: El[] = [];
  let capture: 'document' | 'persons' | 'header' | 'section-head' | null = null;
  let docStartPage: string | null = null;
  // The divisions (chapters, subchapters, …) open around the parse position, with their headings once read.
  const sections: { head: string | null }[] = [];

  parser.on('opentag', (tag) => {
    if (!pastFinal && parser.position > finalAfter) pastFinal = true;
    if (!rootSeen) {
      rootSeen = true;
      if (tag.name !== 'TEI') {
        fail(
          ingestErrors.unsupportedFormat(
            `${filePath}: the root element is <${tag.name}>, not <TEI>; only TEI XML (e.g. FRUS volumes) is supported`,
          ),
        );
      }
      volumeId = tag.attributes['xml:id']?.trim() || null;
      return;
    }
    if (tag.name === 'pb') currentPage = pageLabel(tag.attributes.n);
    if (capture === null) {
      let k = captureKind(tag);
      if (k === null && tag.name === 'div') sections.push({ head: null });
      // A division's own heading: its first <head>, before any document inside it.
      const open = sections[sections.length - 1];
      if (k === null && tag.name === 'head' && open && open.head === null) k = 'section-head';
      if (k === null) return;
      capture = k;
      if (k === 'document') docStartPage = currentPage;
    }
    const el: El = { name: tag.name, attrs: tag.attributes, children: [] };
    stack[stack.length - 1]?.children.push(el);
    stack.push(el);
  });

  parser.on('text', (t) => {
    if (capture !== null) stack[stack.length - 1]?.children.push(t);
  });

  parser.on('closetag', (tag) => {
    if (!pastFinal && parser.position > finalAfter) pastFinal = true;
    if (capture === null) {
      if (tag.name === 'div') sections.pop();
      return;
    }
    const el = stack.pop();
    if (!el || stack.length > 0) return;
    if (capture === 'section-head') {
      const open = sections[sections.length - 1];
      if (open) open.head = textOf(el);
    } else if (capture === 'header') {
      header = el;
      volumeId ??= idnoFrus(el);
    } else {
      volumeId ??= path.parse(name).name;
      if (capture === 'persons') readPersons(el, volumeId, persons, entities);
      else {
        rendered.push(
          renderDocument(
            el,
            docStartPage,
            volumeId,
            sections.flatMap((x) => (x.head ? [x.head] : [])),
          ),
        );
        documentCount++;
      }
    }
    capture = null;
  });

  const write = (chunk: string | null) => {
    try {
      if (chunk === null) parser.close();
      else parser.write(chunk);
    } catch (err) {
      if (isDeclassError(err)) throw err;
      throw ingestErrors.malformedXml(
        `${filePath}: not well-formed XML at line ${parser.line}, column ${parser.column + 1}: ${String(err)}`,
        {
          cause: err,
        },
      );
    }
  };

  let headSent = false;
  /** Hands on the documents rendered so far: every one of them needs the final header and persons list. */
  function* flush(): Generator<ImportEvent, void, undefined> {
    // A document has closed, so the volume id is settled (the root's, the header's idno or the file name).
    const vid = volumeId ?? path.parse(name).name;
    if (!headSent) {
      headSent = true;
      yield { head: { format: 'tei', mediaType: 'application/tei+xml', collection: volumeCollection(header, vid), entities } };
    }
    const authority = (ref: string | null) => (ref !== null && persons.has(ref) ? `${vid}#${ref}` : null);
    const ready = rendered.splice(0, rendered.length);
    for (const r of ready) yield { document: finishDocument(r, persons, authority) };
  }

  for (const piece of text.pieces()) {
    if (finalAfter === Infinity) finalAfter = text.finalAfter() ?? Infinity;
    write(piece);
    if (rendered.length > 0 && pastFinal && capture !== 'persons' && capture !== 'header') yield* flush();
  }
  write(null);

  if (documentCount === 0) {
    throw ingestErrors.noDocuments(`${filePath}: the TEI file holds no div[@type="document"]; nothing to import`);
  }
  yield* flush();
}

/** A rendered document with its pages, its mentions resolved against the persons list, and its from/to names. */
function finishDocument(
  { doc, named, finish }: RenderedDoc,
  persons: ReadonlyMap<string, Person>,
  authority: (ref: string | null) => string | null,
): ImportedDocument {
  const { pages, mentions } = finish.finish(authority);
  doc.pages = pages;
  doc.mentions = mentions;
  const from: Named[] = [];
  const to: Named[] = [];
  for (const nm of named) {
    const p = nm.ref !== null ? persons.get(nm.ref) : undefined;
    (nm.role === 'from' ? from : to).push({ name: p ? (p.natural ?? p.name) : nm.text });
  }
  if (from.length > 0) doc.fields.from = from;
  if (to.length > 0) doc.fields.to = to;
  return doc;
}

/** Parses a FRUS TEI volume whole. Exported for benchmarks and tests; ingest streams it (`streamTei`). */
export function parseTei(xml: string, filePath: string, name: string): ImportResult {
  let head: ImportHead | null = null;
  const documents: ImportedDocument[] = [];
  for (const e of streamTei(xml, filePath, name)) {
    if ('head' in e) head = e.head;
    else documents.push(e.document);
  }
  return { ...head!, documents };
}

function idnoFrus(header: El): string | null {
  const idno = findFirst(header, (e) => e.name === 'idno' && e.attrs.type === 'frus');
  const t = idno ? textOf(idno) : '';
  return t === '' ? null : t;
}

function volumeCollection(header: El | null, volumeId: string): ImportResult['collection'] {
  let title = '';
  let releaseDate: string | null = null;
  if (header) {
    const t = findFirst(header, (e) => e.name === 'title' && e.attrs.type === 'complete');
    title = t ? textOf(t) : '';
    const pub = findFirst(header, (e) => e.name === 'publicationStmt');
    const d = pub ? findFirst(pub, (e) => e.name === 'date') : null;
    if (d) {
      const v = (d.attrs.when ?? textOf(d)).trim();
      if (/^\d{4}(-\d{2}(-\d{2})?)?$/.test(v)) releaseDate = v;
    }
  }
  return {
    slug: volumeId,
    title: title !== '' ? title : volumeId,
    kind: 'volume',
    agency: TEI_AGENCY,
    releaseDate,
  };
}

/** The file's text; refuses one with none. */
function volumeText(bytes: Buffer, filePath: string): string {
  // saxes reads \r\n as \n; `/\S/` finds the first non-space without copying the volume (as `trim()` may).
  const { text } = decodeText(bytes, filePath, { keepCarriageReturns: true });
  if (!/\S/.test(text)) throw ingestErrors.emptyFile(`${filePath}: the file holds no text`);
  return text;
}

/** The TEI importer, whole volume at once. */
export const teiImporter: Importer = ({ bytes, path: filePath, name }) => {
  try {
    return Promise.resolve(parseTei(volumeText(bytes, filePath), filePath, name));
  } catch (err) {
    return Promise.reject(err instanceof Error ? err : new Error(String(err)));
  }
};

/** The registered TEI importer: the volume's head, then document by document as the XML is read. */
export const teiStreamingImporter: StreamingImporter = function* ({ bytes, path: filePath, name }) {
  yield* streamTei(utf8Volume(bytes) ?? volumeText(bytes, filePath), filePath, name);
};
