import path from 'node:path';
import { Parser } from 'htmlparser2';
import type { Importer } from './importer.js';
import { decodeText, decodeWindows1252 } from './decode.js';
import { ingestErrors } from '../ingest.errors.js';

/** How many leading bytes are searched for a `<meta>` charset declaration (the HTML standard's prescan uses 1024). */
const CHARSET_PRESCAN_BYTES = 4096;

/** The charset a `<meta charset>` or `<meta http-equiv="Content-Type" content="…; charset=…">` declares, lower-cased. */
export function declaredCharset(bytes: Uint8Array): string | null {
  const head = Buffer.from(bytes.subarray(0, CHARSET_PRESCAN_BYTES)).toString('latin1');
  for (const meta of head.matchAll(/<meta\b[^>]*>/gi)) {
    const tag = meta[0];
    const direct = /\bcharset\s*=\s*["']?\s*([\w.:-]+)/i.exec(tag);
    if (direct?.[1]) return direct[1].toLowerCase();
  }
  return null;
}

const normaliseNewlines = (text: string) => text.replace(/\r\n?/g, '\n');

function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * Decodes HTML bytes: a BOM wins, then a declared charset (a UTF-16 declaration
 * in bytes without a BOM is read as UTF-8, as browsers do; a UTF-8 declaration
 * on bytes that are not UTF-8 is ignored), then `decodeText`'s detection.
 */
export function decodeHtml(bytes: Uint8Array, filePath: string): string {
  const hasBom =
    (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) ||
    (bytes[0] === 0xff && bytes[1] === 0xfe) ||
    (bytes[0] === 0xfe && bytes[1] === 0xff);
  if (!hasBom) {
    let charset = declaredCharset(bytes);
    if (charset?.startsWith('utf-16') || charset === 'x-user-defined') charset = 'utf-8';
    let decoder: InstanceType<typeof TextDecoder> | null = null;
    try {
      decoder = charset ? new TextDecoder(charset) : null;
    } catch {
      // An unknown label: fall through to detection.
    }
    if (decoder?.encoding === 'utf-8') {
      if (isValidUtf8(bytes)) return normaliseNewlines(decoder.decode(bytes));
    } else if (decoder?.encoding === 'windows-1252') {
      // Also the encoding behind the labels iso-8859-1, latin1 and us-ascii (WHATWG).
      return normaliseNewlines(decodeWindows1252(bytes));
    } else if (decoder) {
      return normaliseNewlines(decoder.decode(bytes));
    }
  }
  return decodeText(bytes, filePath).text;
}

/** Elements whose content is not readable text. */
const DROPPED = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'svg',
  'math',
  'head',
  'nav',
  'footer',
  'aside',
  'form',
  'button',
  'select',
  'textarea',
  'iframe',
  'object',
  'canvas',
]);
/** Elements that start and end a paragraph (a blank line around them). */
const PARAGRAPHS = new Set([
  'p',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'blockquote',
  'pre',
  'table',
  'ul',
  'ol',
  'dl',
  'section',
  'article',
  'main',
  'header',
  'address',
  'figure',
  'hr',
  'fieldset',
  'details',
]);
/** Elements that start and end a line. */
const LINES = new Set(['div', 'li', 'tr', 'dt', 'dd', 'caption', 'figcaption', 'summary', 'center', 'thead', 'tbody', 'tfoot']);

interface Line {
  text: string;
  pre: boolean;
}

/** Builds lines of text from parser events. */
class TextBuilder {
  private readonly lines: Line[] = [];
  private current = '';
  private currentPre = false;
  /** Line breaks requested before the next text: 1 = new line, 2 = blank line. */
  private pending: 0 | 1 | 2 = 0;

  block(breaks: 1 | 2): void {
    if (breaks > this.pending) this.pending = breaks;
  }

  /** A `<br>`: ends the line even when it is empty, so `<br><br>` leaves a blank line. */
  lineBreak(pre: boolean): void {
    this.applyPending();
    this.lines.push({ text: this.current, pre: pre || this.currentPre });
    this.current = '';
    this.currentPre = false;
  }

  cellSeparator(): void {
    this.applyPending();
    this.current = this.current.replace(/ +$/, '') + '\t';
  }

  text(data: string, pre: boolean): void {
    if (pre) {
      const parts = data.split('\n');
      parts.forEach((part, i) => {
        if (i > 0) this.lineBreak(true);
        if (part !== '') this.append(part, true);
      });
      return;
    }
    const collapsed = data.replace(/[\s\u00a0]+/g, ' ');
    if (collapsed === ' ' && (this.current === '' || /[ \t]$/.test(this.current))) return;
    this.append(this.current === '' || /[ \t]$/.test(this.current) ? collapsed.replace(/^ /, '') : collapsed, false);
  }

  private append(text: string, pre: boolean): void {
    if (text === '') return;
    this.applyPending();
    this.current += text;
    if (pre) this.currentPre = true;
  }

  private applyPending(): void {
    if (this.pending === 0) return;
    if (this.current.trim() !== '' || this.currentPre) this.lines.push({ text: this.current, pre: this.currentPre });
    this.current = '';
    this.currentPre = false;
    if (this.pending === 2) this.lines.push({ text: '', pre: false });
    this.pending = 0;
  }

  finish(): string {
    this.lines.push({ text: this.current, pre: this.currentPre });
    const out: string[] = [];
    for (const line of this.lines) {
      const text = line.pre ? line.text.replace(/\s+$/, '') : line.text.replace(/^[ ]+|[ \t]+$/g, '');
      if (text.trim() === '' && !line.pre) {
        if (out.length > 0 && out[out.length - 1] !== '') out.push('');
        continue;
      }
      out.push(text);
    }
    return out.join('\n').replace(/^\n+|\n+$/g, '');
  }
}

export interface HtmlText {
  text: string;
  title: string | null;
  firstHeading: string | null;
}

const oneLine = (s: string) => s.replace(/[\s\u00a0]+/g, ' ').trim();

/** Readable text of an HTML page: content of dropped and hidden elements left out, blocks on their own lines, table cells tab-separated. */
export function htmlToText(html: string): HtmlText {
  const out = new TextBuilder();
  const stack: { name: string; dropped: boolean }[] = [];
  let dropDepth = 0;
  let preDepth = 0;
  let preOpened = false;
  let titleBuf: string | null = null;
  let inTitle = false;
  let h1Buf: string | null = null;
  let inH1 = false;
  const cells: number[] = [];

  const parser = new Parser(
    {
      onopentag(name, attribs) {
        const hidden = 'hidden' in attribs || attribs['aria-hidden']?.trim().toLowerCase() === 'true';
        const dropped = DROPPED.has(name) || hidden;
        if (name === 'title' && titleBuf === null && !stack.some((e) => e.name === 'svg' || e.name === 'math')) {
          titleBuf = '';
          inTitle = true;
        }
        stack.push({ name, dropped });
        if (dropped) dropDepth++;
        if (dropDepth > 0) return;
        if (name === 'h1' && h1Buf === null) {
          h1Buf = '';
          inH1 = true;
        }
        if (name === 'pre' || name === 'listing') {
          preDepth++;
          preOpened = true;
        }
        if (PARAGRAPHS.has(name)) out.block(2);
        else if (LINES.has(name)) out.block(1);
        if (name === 'br') out.lineBreak(preDepth > 0);
        if (name === 'tr') cells.push(0);
        if (name === 'td' || name === 'th') {
          const n = cells.length > 0 ? cells.length - 1 : -1;
          if (n >= 0) {
            if ((cells[n] ?? 0) > 0) out.cellSeparator();
            cells[n] = (cells[n] ?? 0) + 1;
          }
        }
      },
      ontext(data) {
        if (inTitle && titleBuf !== null) titleBuf += data;
        if (dropDepth > 0) return;
        if (inH1 && h1Buf !== null) h1Buf += data;
        // As in browsers, a newline right after <pre> is not content.
        out.text(preOpened ? data.replace(/^\n/, '') : data, preDepth > 0);
        preOpened = false;
      },
      onclosetag(name) {
        // htmlparser2 closes implied elements itself, so the stack top is the element being closed.
        const top = stack.pop();
        if (!top) return;
        if (name === 'title') inTitle = false;
        if (top.dropped) {
          dropDepth--;
          return;
        }
        if (dropDepth > 0) return;
        if (name === 'h1') inH1 = false;
        if (name === 'pre' || name === 'listing') preDepth = Math.max(0, preDepth - 1);
        if (name === 'tr') cells.pop();
        if (PARAGRAPHS.has(name)) out.block(2);
        else if (LINES.has(name)) out.block(1);
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  const title = titleBuf === null ? '' : oneLine(titleBuf);
  const heading = h1Buf === null ? '' : oneLine(h1Buf);
  return { text: out.finish(), title: title || null, firstHeading: heading || null };
}

/** HTML pages: one document with the page's readable text. */
export const htmlImporter: Importer = ({ bytes, path: filePath, name }) => {
  try {
    const { text, title, firstHeading } = htmlToText(decodeHtml(bytes, filePath));
    if (text.trim() === '')
      throw ingestErrors.emptyFile(`${filePath}: the HTML page has no readable text outside scripts, styles, navigation and markup`);
    return Promise.resolve({
      format: 'html',
      mediaType: 'text/html',
      collection: null,
      entities: [],
      documents: [
        {
          sourceKey: '',
          preferredId: null,
          title: title ?? firstHeading ?? path.parse(name).name,
          pages: [{ label: null, text, textSource: 'source' }],
          needsOcr: false,
          fields: {},
          mentions: [],
        },
      ],
    });
  } catch (err) {
    return Promise.reject(err instanceof Error ? err : new Error(String(err)));
  }
};
