import { isUtf8 } from 'node:buffer';
import { ingestErrors } from '../ingest.errors.js';

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export interface DecodedText {
  text: string;
  encoding: TextEncoding;
}

/** Share of characters that may be control characters before bytes are judged not to be text. */
const MAX_CONTROL_SHARE = 0.01;
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]/;

export interface DecodeOptions {
  /**
   * Keep `\r\n` and lone `\r` as they are (default: both become `\n`). For XML, whose parser turns them into `\n`
   * itself (XML 1.0 §2.11): a volume with Windows line ends is then not copied whole once more.
   */
  keepCarriageReturns?: boolean;
}

/**
 * Decodes the bytes of a text file: a BOM decides UTF-8 / UTF-16; otherwise
 * valid UTF-8 is UTF-8 and anything else is read as Windows-1252 (the usual
 * encoding of older government text files). Bytes that are not text in any of
 * these (NULs, a high share of control characters) are refused.
 */
export function decodeText(bytes: Uint8Array, path: string, opts: DecodeOptions = {}): DecodedText {
  let encoding: TextEncoding;
  let body = bytes;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    encoding = 'utf-8';
    body = bytes.subarray(3);
  } else if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    encoding = 'utf-16le';
    body = bytes.subarray(2);
  } else if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    encoding = 'utf-16be';
    body = bytes.subarray(2);
  } else {
    encoding = isValidUtf8(bytes) ? 'utf-8' : 'windows-1252';
  }
  let text: string;
  try {
    text = encoding === 'windows-1252' ? decodeWindows1252(body) : new TextDecoder(encoding, { fatal: true }).decode(body);
  } catch (cause) {
    throw ingestErrors.undecodable(`${path}: the bytes are not valid ${encoding.toUpperCase()} text after its byte-order mark`, { cause });
  }
  let control = 0;
  // Most text has no control character at all: one native scan says so.
  if (CONTROL.test(text))
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 0) {
        throw ingestErrors.undecodable(
          `${path}: contains NUL bytes; it is binary data or UTF-16 without a byte-order mark, not readable text`,
        );
      }
      if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c) || (c >= 0x7f && c < 0xa0)) control++;
    }
  if (text.length > 0 && control / text.length > MAX_CONTROL_SHARE) {
    throw ingestErrors.undecodable(
      `${path}: ${control} control characters in ${text.length}; not text in UTF-8, UTF-16 (with BOM) or Windows-1252`,
    );
  }
  return { text: !opts.keepCarriageReturns && text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text, encoding };
}

/** Native validation (no decoding, no string made). */
const isValidUtf8 = (bytes: Uint8Array): boolean => isUtf8(bytes);

/**
 * Windows-1252 differs from ISO-8859-1 only in 0x80–0x9F (curly quotes, dashes, €…).
 * Node's own `TextDecoder('windows-1252')` decodes as ISO-8859-1 in some releases
 * (v20.18.3+, v22.13+; nodejs/node#60888), so that range is mapped here by the
 * WHATWG table (the five undefined bytes stay C1 controls).
 */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f, 0x90, 0x2018, 0x2019,
  0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

export function decodeWindows1252(bytes: Uint8Array): string {
  const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  return latin1.replace(/[\x80-\x9f]/g, (c) => String.fromCharCode(CP1252_HIGH[c.charCodeAt(0) - 0x80]!));
}
