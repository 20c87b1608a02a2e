import { describe, expect, it } from 'vitest';
import { has, intersect, minus, sortUnique } from './search.keys.js';

/** A deterministic ascending set of distinct keys below `max`, each kept with probability `p`. */
function keys(max: number, p: number, seed: number): Uint32Array {
  let s = seed;
  const out: number[] = [];
  for (let k = 1; k < max; k++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    if (s / 2147483648 < p) out.push(k);
  }
  return Uint32Array.from(out);
}

describe('key sets', () => {
  it('intersect and minus agree with plain set logic, by merge or by lookup', () => {
    for (const [pa, pb] of [
      [0.5, 0.5],
      [0.01, 0.9],
      [0.9, 0.002],
      [0, 0.5],
    ] as const) {
      const a = keys(5000, pa, 7);
      const b = keys(5000, pb, 11);
      const inB = new Set(b);
      expect(Array.from(intersect(a, b))).toEqual(Array.from(a).filter((x) => inB.has(x)));
      expect(Array.from(intersect(b, a))).toEqual(Array.from(a).filter((x) => inB.has(x)));
      expect(Array.from(minus(a, b))).toEqual(Array.from(a).filter((x) => !inB.has(x)));
      for (const x of a) expect(has(a, x)).toBe(true);
      expect(has(a, 5001)).toBe(false);
    }
    expect(Array.from(sortUnique(Uint32Array.of(5, 1, 5, 3, 1)))).toEqual([1, 3, 5]);
  });
});
