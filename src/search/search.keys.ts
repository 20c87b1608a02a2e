/**
 * Sets of document keys as ascending Uint32Arrays: the result sets of the
 * SQLite provider and the in-memory index (search.memindex.ts). Merges are
 * linear; nothing here allocates more than its output.
 */

/** Position of `x` in ascending `a` (first index with a[i] >= x). */
export function lowerBound(a: Uint32Array, x: number, lo = 0): number {
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export const has = (a: Uint32Array, x: number) => {
  const i = lowerBound(a, x);
  return i < a.length && a[i] === x;
};

/** a minus b (both ascending). */
export function minus(a: Uint32Array, b: Uint32Array): Uint32Array {
  const out = new Uint32Array(a.length);
  let n = 0;
  let j = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    while (j < b.length && b[j]! < x) j++;
    if (j < b.length && b[j] === x) continue;
    out[n++] = x;
  }
  return out.subarray(0, n);
}

/** a ∩ b (both ascending). When one is much smaller, its members are looked up in the other (binary search). */
export function intersect(a: Uint32Array, b: Uint32Array): Uint32Array {
  if (a.length > b.length) [a, b] = [b, a];
  const out = new Uint32Array(a.length);
  let n = 0;
  if (a.length * 16 < b.length) {
    let j = 0;
    for (let i = 0; i < a.length && j < b.length; i++) {
      const x = a[i]!;
      j = lowerBound(b, x, j);
      if (b[j] === x) out[n++] = x;
    }
    return out.subarray(0, n);
  }
  for (let i = 0, j = 0; i < a.length && j < b.length;) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) {
      out[n++] = x;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return out.subarray(0, n);
}

/** Sorts and removes repeats, in place; returns the distinct prefix. */
export function sortUnique(a: Uint32Array): Uint32Array {
  a.sort();
  let n = 0;
  for (let i = 0; i < a.length; i++) if (i === 0 || a[i] !== a[n - 1]) a[n++] = a[i]!;
  return a.subarray(0, n);
}

/** Keys from comma-separated decimal ASCII, ascending and distinct (sorted here if they were not). */
export function parseKeys(s: Uint8Array): Uint32Array {
  if (s.length === 0) return new Uint32Array(0);
  const out = new Uint32Array((s.length >> 1) + 1);
  let n = 0;
  let v = 0;
  let sorted = true;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === 44) {
      if (n > 0 && v <= out[n - 1]!) sorted = false;
      out[n++] = v;
      v = 0;
    } else v = v * 10 + (c - 48);
  }
  if (n > 0 && v <= out[n - 1]!) sorted = false;
  out[n++] = v;
  const keys = out.slice(0, n);
  return sorted ? keys : sortUnique(keys);
}
