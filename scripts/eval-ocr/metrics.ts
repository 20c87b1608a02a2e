/** Text normalisation and error rates for OCR evaluation. */

/** Lower case, one kind of quote and dash, line-end hyphenation joined, whitespace collapsed. */
export function normalise(text: string): string {
  return (
    text
      .normalize('NFKC')
      .replace(/[‘’‚‛′`]/g, "'")
      .replace(/[“”„‟″]/g, '"')
      .replace(/[‐‑‒–—―−]/g, '-')
      // A typewriter's dash is two hyphens ("Program--Phase"); a printed one is one em dash.
      .replace(/-{2,}/g, '-')
      .replace(/(\p{L})-\s*\n\s*(\p{L})/gu, '$1$2')
      .toLowerCase()
      .replace(/\s+/g, ' ')
      .trim()
  );
}

export interface EditCounts {
  /** Minimal edits (substitutions + deletions + insertions). */
  edits: number;
  /** Insertions among them (text in the output that the reference lacks: stamps, handwriting, page headers). */
  insertions: number;
  refLength: number;
}

/**
 * Levenshtein distance between two sequences in O(|hyp|) memory, counting the
 * insertions of one optimal alignment (ties broken towards fewer insertions).
 */
export function editCounts<T>(ref: readonly T[], hyp: readonly T[]): EditCounts {
  const m = hyp.length;
  let prevCost = new Int32Array(m + 1);
  let prevIns = new Int32Array(m + 1);
  let curCost = new Int32Array(m + 1);
  let curIns = new Int32Array(m + 1);
  for (let j = 0; j <= m; j++) {
    prevCost[j] = j;
    prevIns[j] = j;
  }
  for (let i = 1; i <= ref.length; i++) {
    curCost[0] = i;
    curIns[0] = 0;
    const r = ref[i - 1];
    for (let j = 1; j <= m; j++) {
      // substitution / match
      let cost = prevCost[j - 1]! + (r === hyp[j - 1] ? 0 : 1);
      let ins = prevIns[j - 1]!;
      // deletion (a reference symbol missing from the output)
      const del = prevCost[j]! + 1;
      if (del < cost || (del === cost && prevIns[j]! < ins)) {
        cost = del;
        ins = prevIns[j]!;
      }
      // insertion (an output symbol not in the reference)
      const insCost = curCost[j - 1]! + 1;
      if (insCost < cost || (insCost === cost && curIns[j - 1]! + 1 < ins)) {
        cost = insCost;
        ins = curIns[j - 1]! + 1;
      }
      curCost[j] = cost;
      curIns[j] = ins;
    }
    [prevCost, curCost] = [curCost, prevCost];
    [prevIns, curIns] = [curIns, prevIns];
  }
  return { edits: prevCost[m]!, insertions: prevIns[m]!, refLength: ref.length };
}

export const chars = (s: string) => [...s];
export const words = (s: string) => s.split(' ').filter(Boolean);
