/**
 * 50 FRUS source notes (Carter–Bush 41), sampled at a fixed stride from the shared corpus and verified by hand:
 * the expected level and caveats below were read off each note by a person, not produced by the extractor.
 * Skipped when the corpus is not present.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it, expect } from 'vitest';
import { extractClassification } from './markings.js';

const corpus = process.env.DECLASS_CORPUS ?? path.resolve(import.meta.dirname, '..', '..', '..', 'shared', 'corpus');
const file = path.join(corpus, 'frus-derived', 'frus-sources-carter-reagan-bush41', 'copy-paste-source-notes.txt');

const S = 'SECRET';
const C = 'CONFIDENTIAL';
const TS = 'TOP SECRET';
const NONE = null;
// [level, caveats] for notes 7, 7 + stride, 7 + 2·stride, … (stride = floor(count / 50)).
const EXPECTED: [string | null, string[]][] = [
  [NONE, []],
  ['LIMITED OFFICIAL USE', []],
  [NONE, []],
  [C, []],
  [C, ['EYES ONLY']],
  [S, []],
  [C, []],
  [S, ['CHEROKEE', 'NODIS']],
  [S, ['NODIS']],
  [NONE, []],
  [S, []],
  [TS, []],
  [C, []],
  [C, []],
  [S, []],
  [C, ['EXDIS', 'NODIS']],
  [S, []],
  [C, []],
  [S, ['SENSITIVE']],
  [S, []],
  [TS, ['SENSITIVE']],
  [S, ['NODIS']],
  [C, []],
  [S, []],
  [S, ['NODIS']],
  [C, []],
  [C, []],
  [C, []],
  [S, []],
  [S, ['SENSITIVE']],
  [S, ['ROGER CHANNEL']],
  [S, []],
  [C, []],
  [C, []],
  [C, []],
  [S, ['SENSITIVE']],
  [S, ['SENSITIVE']],
  [S, ['SENSITIVE']],
  [C, []],
  [S, []],
  [S, ['EXDIS']],
  [S, ['NODIS']],
  [S, ['NODIS']],
  [C, ['NODIS']],
  [S, []],
  [C, []],
  [NONE, []],
  [NONE, []],
  [C, []],
  [NONE, []],
];

describe.skipIf(!existsSync(file))('FRUS source notes: hand-verified sample of 50', () => {
  const notes = existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean)
    : [];
  const stride = Math.floor(notes.length / 50);
  it.each(EXPECTED.map((e, k) => [7 + k * stride, e] as const))('note %i', (i, [level, caveats]) => {
    const r = extractClassification(notes[i]!);
    expect(r.value.level).toBe(level);
    expect([...r.value.caveats].sort()).toEqual([...caveats].sort());
    if (level === null) expect(r.noMarking).toBe(true);
  });
});
