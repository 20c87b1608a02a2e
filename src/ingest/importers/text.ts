import path from 'node:path';
import type { ImportedPage, Importer } from './importer.js';
import { decodeText } from './decode.js';
import { ingestErrors } from '../ingest.errors.js';

/** Splits on form feeds (the page break of plain-text dumps); one page otherwise. */
export function splitPages(text: string): ImportedPage[] {
  const parts = text.includes('\f') ? text.split('\f') : [text];
  while (parts.length > 1 && (parts[parts.length - 1] ?? '').trim() === '') parts.pop();
  return parts.map((t) => ({ label: null, text: t.trim(), textSource: 'source' as const }));
}

function firstMarkdownHeading(text: string): string | null {
  const m = /^#{1,3}[ \t]+(.+?)[ \t#]*$/m.exec(text);
  return m?.[1]?.trim() ?? null;
}

/** Plain text and Markdown files: one document each. */
export function createTextImporter(format: 'text' | 'markdown'): Importer {
  return async ({ bytes, path: filePath, name }) => {
    const { text } = decodeText(bytes, filePath);
    if (text.trim() === '') throw ingestErrors.emptyFile(`${filePath}: the file holds no text`);
    const title = (format === 'markdown' ? firstMarkdownHeading(text) : null) ?? path.parse(name).name;
    return Promise.resolve({
      format,
      mediaType: format === 'markdown' ? 'text/markdown' : 'text/plain',
      collection: null,
      entities: [],
      documents: [{ sourceKey: '', preferredId: null, title, pages: splitPages(text), needsOcr: false, fields: {}, mentions: [] }],
    });
  };
}
