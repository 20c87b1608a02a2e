import path from 'node:path';

/** Formats the archive can read. */
export type Format = 'tei' | 'xml' | 'pdf' | 'html' | 'markdown' | 'text' | 'image';

const startsWith = (bytes: Uint8Array, sig: number[], offset = 0) => sig.every((b, i) => bytes[offset + i] === b);

/**
 * Decides a file's format from its first bytes, falling back to its
 * extension. Content wins: a PDF named ".txt" is read as a PDF.
 */
export function detectFormat(bytes: Uint8Array, name: string): Format | null {
  const ext = path.extname(name).toLowerCase();
  const head = Buffer.from(bytes.subarray(0, Math.min(bytes.length, 4096)));
  if (head.indexOf('%PDF-') !== -1 && head.indexOf('%PDF-') < 1024) return 'pdf';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47]) || startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image';
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a])) return 'image';
  if (startsWith(bytes, [0x47, 0x49, 0x46, 0x38])) return 'image';
  if (ext === '.pdf') return 'pdf';
  if (['.png', '.jpg', '.jpeg', '.tif', '.tiff', '.gif'].includes(ext)) return 'image';
  const text = head
    .toString('latin1')
    .replace(/^\uFEFF|^\xEF\xBB\xBF/, '')
    .trimStart();
  if (ext === '.xml' || ext === '.tei' || text.startsWith('<?xml')) {
    return /<TEI[\s>]/.test(head.toString('utf8')) ? 'tei' : 'xml';
  }
  if (['.html', '.htm', '.xhtml'].includes(ext) || /^<!doctype html|^<html[\s>]/i.test(text)) return 'html';
  if (['.md', '.markdown'].includes(ext)) return 'markdown';
  if (['.txt', '.text', ''].includes(ext)) return 'text';
  return null;
}
