/**
 * The ground truth side of eval:ocr: the FRUS transcription of each NSDD as
 * plain text, reduced to what the library's scan actually shows. Each cut is
 * listed with its reason; all were checked by reading the page images.
 */

/** The FRUS documents and the Reagan Library scans they transcribe. */
export const NSDD_DOCS = [
  { key: 'frus1981-88v44p1-d51', nsdd: 178, file: 'b4edc45119-nsdd178.pdf' },
  { key: 'frus1981-88v44p1-d105', nsdd: 222, file: 'e4b96ecb3f-nsdd222.pdf' },
  { key: 'frus1981-88v44p1-d108', nsdd: 227, file: '97d9a68db7-nsdd227.pdf' },
] as const;

/**
 * Parts of the FRUS HTML that are not in the scan:
 * - footnotes and their markers, and the FRUS document number ("51.") — editorial apparatus;
 * - FRUS page-break markers ("FRUS p. 364") — the printed volume's pagination;
 * - the signature block ("Ronald Reagan") — handwritten on the scan, typeset by FRUS;
 * - NSDD 178's "Annex One" (Top Secret; Special Access): FRUS prints it after the signature, the
 *   library's four-page release ends at the signature (page 4) and does not include it.
 */
export function frusText(html: string): string {
  const body = (html.split('<div class="footnotes">')[0] ?? html)
    .replace(/<div>\s*<p><strong>Annex<\/strong><\/p>[\s\S]*$/, '')
    .replace(/<span class="frus-page-break">[\s\S]*?<\/span>/g, ' ')
    .replace(/<p class="closer">[\s\S]*?<\/p>/g, ' ');
  return (
    body
      .replace(/<sup>[\s\S]*?<\/sup>/g, '')
      .replace(/<h3>\s*\d+\.\s*/, '<h3>')
      .replace(/<\/(p|li|h3|h4|div|tr)>/g, '\n')
      .replace(/<br\s*\/?>/g, '\n')
      // Inline markup (<em>Strategic Communications</em>.) joins its text to what follows: no space.
      .replace(/<\/?(em|strong|span|a|sup|sub|i|b)\b[^>]*>/g, '')
      .replace(/<[^>]+>/g, ' ')
      .replace(/&nbsp;/g, ' ')
      .replace(/&amp;/g, '&')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
  );
}
