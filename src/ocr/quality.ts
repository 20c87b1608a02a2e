/**
 * How good a page's text layer is, as a number: the share of its tokens that
 * look like words, lowered when the text is doubled (two OCR passes laid over
 * each other, as in microfilm-derived scans). Pure: text in, score out.
 */

/** Very common English words; a token found here counts as a word whatever its shape. */
const COMMON = new Set(
  (
    'a an the and or but if of to in on at by for from with as is are was were be been being has have had do does did not no ' +
    'it its this that these those there their they them he she him her his we us our you your i me my who whom which what when ' +
    'where why how all any some each other than then so such can could will would shall should may might must very also only ' +
    'into over under about after before between during against through upon up down out off per same new more most many much ' +
    'one two three four five six seven eight nine ten first second third page date subject memorandum secret confidential ' +
    'president secretary state department government soviet united states meeting minister foreign national security'
  ).split(' '),
);

/** A token shaped like a word: letters (an inner apostrophe allowed), a vowel, a plausible case pattern, no long consonant runs. */
export function isWordLike(token: string): boolean {
  if (COMMON.has(token.toLowerCase())) return true;
  if (!/^[A-Za-z]+(?:['’][A-Za-z]+)?$/.test(token)) return false;
  if (token.length < 2) return false;
  if (!/[aeiouyAEIOUY]/.test(token)) return false;
  if (/[^aeiouyAEIOUY'’]{5,}/.test(token)) return false;
  if (/(.)\1\1/.test(token)) return false;
  const letters = token.replace(/['’]/g, '');
  return /^[a-z]+$/.test(letters) || /^[A-Z][a-z]+$/.test(letters) || /^[A-Z]+$/.test(letters);
}

export interface LayerQuality {
  /** 0–1: word share, reduced by doubling. */
  score: number;
  /** Tokens counted (numbers excluded). */
  tokens: number;
  /** Share of tokens that look like words. */
  wordShare: number;
  /** Share of letters among visible characters. */
  letterShare: number;
  /** Share of word trigrams that occur more than once (doubled text scores high). */
  doubled: number;
}

const NUMBER = /^[([]?[\d.,:/-]+[)\].,;:]?$/;

export function layerQuality(text: string): LayerQuality {
  const visible = text.match(/\S/gu)?.length ?? 0;
  const letterShare = visible ? (text.match(/\p{L}/gu)?.length ?? 0) / visible : 0;
  const raw = text.split(/\s+/).filter((t) => t && !NUMBER.test(t));
  const words = raw.map((t) => t.replace(/^[("'“‘[]+|[)"'”’\].,;:!?]+$/g, ''));
  const good = words.filter((w) => w && isWordLike(w));
  const wordShare = words.length ? good.length / words.length : 0;
  const lower = good.map((w) => w.toLowerCase());
  const seen = new Map<string, number>();
  for (let i = 0; i + 2 < lower.length; i++) {
    const k = `${lower[i]} ${lower[i + 1]} ${lower[i + 2]}`;
    seen.set(k, (seen.get(k) ?? 0) + 1);
  }
  const trigrams = Math.max(0, lower.length - 2);
  const repeated = [...seen.values()].filter((n) => n > 1).reduce((n, c) => n + c, 0);
  const doubled = trigrams >= 20 ? repeated / trigrams : 0;
  const score = wordShare * Math.min(1, letterShare / 0.6) * (doubled > 0.3 ? 1 - doubled : 1);
  return { score, tokens: words.length, wordShare, letterShare, doubled };
}

/** At or above this score a text layer is kept; below it the page is OCR'd (in `auto` mode). */
export const GOOD_LAYER_SCORE = 0.8;
/** A layer with fewer tokens than this says too little to judge, and is OCR'd. */
export const MIN_LAYER_TOKENS = 5;

export type OcrMode = 'auto' | 'force' | 'never';
export const OCR_MODES: readonly OcrMode[] = ['auto', 'force', 'never'];

/** Whether a page with this text layer (possibly empty) should be OCR'd under `mode`. */
export function needsOcr(layer: string, mode: OcrMode): boolean {
  switch (mode) {
    case 'force':
      return true;
    case 'never':
      return false;
    case 'auto': {
      const q = layerQuality(layer);
      return q.tokens < MIN_LAYER_TOKENS || q.score < GOOD_LAYER_SCORE;
    }
  }
}
