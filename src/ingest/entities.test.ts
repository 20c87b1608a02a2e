import { describe, it, expect } from 'vitest';
import { testGazetteer } from '../../test/support/entities.js';
import { entityMentionsFor } from './entities.js';
import type { ImportedDocument } from './importers/importer.js';

const gazetteer = testGazetteer();

function doc(pages: string[], mentions: ImportedDocument['mentions'] = []): Pick<ImportedDocument, 'pages' | 'fields' | 'mentions'> {
  return {
    pages: pages.map((text) => ({ label: null, text, textSource: 'source' as const })),
    fields: { date: { start: '1995-07-19', end: '1995-07-19', text: 'July 19, 1995', precision: 'day' } },
    mentions,
  };
}

describe('entityMentionsFor', () => {
  it('returns page-relative spans, extracted provenance and the authority records to upsert', () => {
    const d = doc(['Talks in Moscow.', 'The Secretary met Warren Quill.']);
    const r = entityMentionsFor(d, { gazetteer });
    const sec = r.mentions.find((m) => m.text === 'The Secretary')!;
    expect(sec).toMatchObject({ pageNo: 2, spanStart: 0, spanEnd: 13, provenance: 'extracted', authorityKey: 'hsg-people:900001' });
    const moscow = r.mentions.find((m) => m.text === 'Moscow')!;
    expect(d.pages[0]!.text.slice(moscow.spanStart!, moscow.spanEnd!)).toBe('Moscow');
    expect(r.entities.map((e) => e.authorityKey).sort()).toEqual(['declass-place:moscow', 'hsg-people:900001']);
    expect(r.entities.find((e) => e.authorityKey === 'hsg-people:900001')).toMatchObject({ kind: 'person', name: 'Warren Amos Quill' });
  });

  it('keeps the source mention and drops an extracted one at the same span', () => {
    const d = doc(
      ['Warren Quill spoke.'],
      [{ kind: 'person', text: 'Warren Quill', authorityKey: 'vol#p_QW1', pageNo: 1, spanStart: 0, spanEnd: 12 }],
    );
    expect(entityMentionsFor(d, { gazetteer }).mentions).toEqual([]);
  });

  it('links surnames to the persons list of the file, without re-declaring those records', () => {
    const list = [{ kind: 'person' as const, name: 'Ostrov, Andrei V.', authorityKey: 'vol#p_OA1', variants: [], description: null }];
    const r = entityMentionsFor(doc(['Ostrov replied.']), { gazetteer, personsList: list });
    expect(r.mentions).toEqual([
      expect.objectContaining({ text: 'Ostrov', authorityKey: 'vol#p_OA1', pageNo: 1, spanStart: 0, spanEnd: 6 }),
    ]);
    expect(r.entities).toEqual([]);
  });
});
