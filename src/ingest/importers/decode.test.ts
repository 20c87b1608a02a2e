import { describe, it, expect } from 'vitest';
import { decodeText, decodeWindows1252 } from './decode.js';

describe('decodeWindows1252', () => {
  it('maps 0x80–0x9F to the Windows-1252 characters, not C1 controls', () => {
    expect(decodeWindows1252(Uint8Array.of(0x93, 0x41, 0x94, 0x20, 0x96, 0x20, 0x80, 0x99, 0x9f, 0xe9))).toBe('\u201cA\u201d \u2013 €™Ÿé');
  });

  it('is what decodeText uses for non-UTF-8 text', () => {
    const bytes = Buffer.from([0x93, 0x51, 0x75, 0x6f, 0x74, 0x65, 0x64, 0x94, 0x20, 0x97, 0x20, 0x6e, 0x61, 0xef, 0x76, 0x65]);
    expect(decodeText(bytes, 'x.txt')).toEqual({ text: '\u201cQuoted\u201d \u2014 naïve', encoding: 'windows-1252' });
  });
});
