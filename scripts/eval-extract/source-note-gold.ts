/**
 * The classification a FRUS source note states, read only from its conventional sentence: "Secret; Nodis.",
 * "Top Secret; Sensitive; Eyes Only.", "No classification marking." — a sentence of its own whose first ";"-part is
 * nothing but a level. Private to the extraction eval: a strict, sentence-shaped reading that the general extractor
 * (which reads banners and markings anywhere in a text) is compared with. Notes without such a sentence have no gold.
 */
export interface SourceNoteGold {
  /** Upper-case level, or null for "No classification marking." */
  level: string | null;
  /** Canonical caveats named in the sentence (NODIS, EYES ONLY, …). */
  caveats: string[];
  /** The sentence itself. */
  sentence: string;
}

const LEVEL = /^(Top Secret|Secret|Confidential|Limited Official Use|Unclassified|Restricted|Official Use Only)$/i;
// A part names a caveat when the word occurs in it: "Exdis; Distribute as Nodis", "Eyes Only for the President",
// "Contains Codeword", "Sensitive Outside the System".
const CAVEAT_WORDS: [RegExp, string][] = [
  [/\bNodis\b/i, 'NODIS'],
  [/\bExdis\b/i, 'EXDIS'],
  [/\bLimdis\b/i, 'LIMDIS'],
  [/\bStadis\b/i, 'STADIS'],
  [/\bNoforn\b|^NF$/i, 'NOFORN'],
  [/\bOrcon\b/i, 'ORCON'],
  [/\bEyes Only\b/i, 'EYES ONLY'],
  [/\bCherokee\b/i, 'CHEROKEE'],
  [/\bSpecat\b/i, 'SPECAT'],
  [/\bCodeword\b/i, 'CODEWORD'],
  [/\bRoger Channel\b/i, 'ROGER CHANNEL'],
  [/\bUmbra\b/i, 'UMBRA'],
  [/\bSensitive\b(?! [Bb]ut)/i, 'SENSITIVE'],
];

export function sourceNoteGold(note: string): SourceNoteGold | null {
  const sentences = note.split(/(?<=\.)\s+/).map((s) => s.trim().replace(/[.,]$/, ''));
  for (const sentence of sentences) {
    if (/^No classification marking$/i.test(sentence)) return { level: null, caveats: [], sentence };
    const parts = sentence.split(/\s*;\s*/);
    if (!LEVEL.test(parts[0]!)) continue;
    // Every further part is short (a caveat, a precedence, "[handling restriction not declassified]").
    if (parts.slice(1).some((p) => p.length === 0 || p.length > 60)) continue;
    const level = parts[0]!.toUpperCase().replace('OFFICIAL USE ONLY', 'LIMITED OFFICIAL USE');
    // "[ codeword not declassified ]" withholds the marking: it names no caveat.
    const named = parts.slice(1).filter((p) => !p.startsWith('['));
    const caveats = named.flatMap((p) => CAVEAT_WORDS.filter(([re]) => re.test(p)).map(([, c]) => c));
    return { level, caveats: [...new Set(caveats)], sentence };
  }
  return null;
}
