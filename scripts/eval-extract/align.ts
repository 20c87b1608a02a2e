/**
 * Gold for redaction markers from a line pair (with markers, markers removed): which characters of the first line were
 * deleted. Alignment minimises the number of deleted runs, so a removed "[name not declassified]" is one run rather
 * than letters scattered to match spaces elsewhere. Private to the extraction eval.
 */

/** Deleted mask over `withMarkers`, or null when `removed` is not a subsequence of it. */
export function deletedMask(withMarkers: string, removed: string): boolean[] | null {
  const p = withMarkers;
  const s = removed;
  const n = p.length;
  const m = s.length;
  const INF = 1e9;
  const W = m + 1;
  // cost[k][i*W+j]: fewest deletion runs aligning p[0,i) to s[0,j); k = 1 when p[i-1] was deleted.
  const keep = new Float64Array((n + 1) * W).fill(INF);
  const del = new Float64Array((n + 1) * W).fill(INF);
  keep[0] = 0;
  for (let i = 1; i <= n; i++) {
    for (let j = 0; j <= m; j++) {
      const prev = (i - 1) * W + j;
      del[i * W + j] = Math.min(del[prev]!, keep[prev]! + 1);
      if (j > 0 && p[i - 1] === s[j - 1]) {
        const d = (i - 1) * W + j - 1;
        keep[i * W + j] = Math.min(keep[d]!, del[d]!);
      }
    }
  }
  const end = n * W + m;
  if (Math.min(keep[end]!, del[end]!) >= INF) return null;
  const mask: boolean[] = new Array<boolean>(n).fill(false);
  let i = n;
  let j = m;
  // Ties go to deletion, which places each deleted run as late as possible: the gold removes whole "[…]" markers.
  let state: 'keep' | 'del' = keep[end]! < del[end]! ? 'keep' : 'del';
  while (i > 0) {
    const here = i * W + j;
    if (state === 'del') {
      mask[i - 1] = true;
      const prev = (i - 1) * W + j;
      state = del[prev]! === del[here]! ? 'del' : 'keep';
      i--;
    } else {
      const d = (i - 1) * W + j - 1;
      state = keep[d]! < del[d]! ? 'keep' : 'del';
      i--;
      j--;
    }
  }
  return mask;
}

/** Deleted runs as [start, end) pairs, split where two markers abut ("…][…"), ignoring runs without letters or digits. */
export function deletedRuns(text: string, mask: readonly boolean[]): [number, number][] {
  const runs: [number, number][] = [];
  let start = -1;
  for (let i = 0; i <= mask.length; i++) {
    if (mask[i] && start === -1) start = i;
    if (!mask[i] && start !== -1) {
      let s = start;
      for (let k = start + 1; k < i; k++) {
        if (text[k - 1] === ']' && text[k] === '[') {
          runs.push([s, k]);
          s = k;
        }
      }
      runs.push([s, i]);
      start = -1;
    }
  }
  // A lone bracket is the alignment sliding a marker by one character ("][X]" vs "[X]]"), not a marker.
  return runs.filter(([s, e]) => /[A-Za-z0-9]/.test(text.slice(s, e)));
}
