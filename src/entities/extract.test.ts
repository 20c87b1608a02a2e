import { describe, it, expect } from 'vitest';
import { extractEntities, type EntityMention } from './extract.js';
import { testGazetteer } from '../../test/support/entities.js';
import { naturalOrder, nameForms } from './names.js';

const gazetteer = testGazetteer();
const run = (text: string, date: string | null = '1995-07-19', personsList?: { name: string; authorityKey: string }[]) =>
  extractEntities(text, { gazetteer, date, ...(personsList ? { personsList } : {}) });
const find = (ms: EntityMention[], text: string) => ms.find((m) => m.text === text);

describe('names', () => {
  it('puts inverted names in natural order and makes lookup forms', () => {
    expect(naturalOrder('Quill, Warren Amos')).toBe('Warren Amos Quill');
    expect(naturalOrder('Sonnino, Sidney, Baron')).toBe('Sidney Sonnino');
    expect(nameForms('Quill, Warren Amos')).toEqual(
      expect.arrayContaining(['warren amos quill', 'warren quill', 'warren a quill', 'w quill']),
    );
  });
});

describe('extractEntities: offices by date', () => {
  it('resolves "the Secretary" and "the Deputy Secretary" on the document date', () => {
    const ms = run('The Secretary opened the meeting. The Deputy Secretary said little.');
    expect(find(ms, 'The Secretary')).toMatchObject({
      kind: 'person',
      name: 'Warren Amos Quill',
      authorityKey: 'hsg-people:900001',
      via: 'title',
    });
    expect(find(ms, 'The Deputy Secretary')).toMatchObject({ authorityKey: 'hsg-people:900002' });
  });
  it('resolves the President and a chief of mission by country', () => {
    const ms = run('the President asked the Ambassador in Russia. Mr. President, thank you.');
    expect(find(ms, 'the President')?.name).toBe('Bill Pres');
    expect(find(ms, 'the Ambassador in Russia')?.authorityKey).toBe('pocom:pickwick-thomas');
    expect(find(ms, 'Mr. President')?.name).toBe('Bill Pres');
  });
  it('leaves titles alone without a date or outside any term', () => {
    expect(run('The Secretary said so.', null).filter((m) => m.via === 'title')).toEqual([]);
    expect(run('The Secretary said so.', '1980-01-01').filter((m) => m.via === 'title')).toEqual([]);
  });
  it('does not read other departments or foreign secretaries as the Secretary of State', () => {
    const ms = run('the Secretary of the Treasury and the Secretary General and the Secretary-General');
    expect(ms.filter((m) => m.via === 'title')).toEqual([]);
  });
  it('links the name in parentheses after a resolved title', () => {
    const ms = run('The Deputy Secretary (Tallow) spoke.');
    expect(find(ms, 'Tallow')?.authorityKey).toBe('hsg-people:900002');
  });
});

describe('extractEntities: names', () => {
  it('matches full names and variants, and surnames only in context', () => {
    const ms = run('Warren A. Quill met Ostrov. Later Quill and Warren Quill left.');
    expect(find(ms, 'Warren A. Quill')?.authorityKey).toBe('hsg-people:900001');
    expect(find(ms, 'Quill')?.authorityKey).toBe('hsg-people:900001');
    expect(find(ms, 'Warren Quill')?.authorityKey).toBe('hsg-people:900001');
    expect(find(ms, 'Ostrov')).toBeUndefined(); // surname alone, never named in full before
  });
  it('does not link a surname mentioned before the full name', () => {
    const ms = run('Reports from Quill came. Then Warren Quill spoke.');
    expect(find(ms, 'Quill')).toBeUndefined();
  });
  it('links surnames through the persons list of the volume', () => {
    const ms = run('Ostrov replied at once.', '1995-07-19', [{ name: 'Ostrov, Andrei V.', authorityKey: 'vol#p_OA1' }]);
    expect(find(ms, 'Ostrov')).toMatchObject({ authorityKey: 'vol#p_OA1', via: 'list' });
  });
  it('uses the date to choose between namesakes, and leaves a true tie unlinked', () => {
    expect(find(run('John Smith wrote.', '1995-01-01'), 'John Smith')?.authorityKey).toBe('hsg-people:900005');
    expect(find(run('John Smith wrote.', '1955-01-01'), 'John Smith')?.authorityKey).toBe('hsg-people:900004');
  });
  it('takes honorific + name as a person, unlinked unless known', () => {
    const ms = run('Mr. Vershtal and Ambassador Tallow talked.');
    expect(find(ms, 'Vershtal')).toMatchObject({ kind: 'person', authorityKey: null, via: 'honorific' });
    expect(find(ms, 'Tallow')?.authorityKey).toBeNull();
    const later = run('Strobe Tallow came in; then Mr. Tallow left.');
    expect(later.filter((m) => m.text === 'Tallow').map((m) => m.authorityKey)).toEqual(['hsg-people:900002']);
  });
  it('never makes entities of pronouns, months, honorifics or title words alone', () => {
    const ms = run('He said in June that Mr. and Sir and Your Excellency and His Excellency. They agreed. Atheists June.', null);
    expect(ms).toEqual([]);
  });
});

describe('extractEntities: places and organisations', () => {
  it('merges variants into one canonical name and key', () => {
    const ms = run(
      'The U.S. and the US and the United States and USA; USSR, the Soviet Union; NATO; the State Department and the Department of State.',
    );
    const keyOf = (t: string) => find(ms, t)?.authorityKey;
    expect(new Set(['U.S.', 'US', 'United States', 'USA'].map(keyOf))).toEqual(new Set(['declass-place:united-states']));
    expect(keyOf('USSR')).toBe(keyOf('Soviet Union'));
    expect(find(ms, 'NATO')).toMatchObject({ kind: 'organization', name: 'North Atlantic Treaty Organization' });
    expect(keyOf('State Department')).toBe(keyOf('Department of State'));
  });
  it('reads "US" in all-caps cables as a word, not the country', () => {
    expect(find(run('LET US KNOW WHAT MOSCOW SAYS', null), 'US')).toBeUndefined();
    expect(find(run('LET US KNOW WHAT MOSCOW SAYS', null), 'MOSCOW')?.authorityKey).toBe('declass-place:moscow');
  });
  it('uses dateline place names, without the junk entries', () => {
    const ms = run('They met at Hyde Park.', null);
    expect(find(ms, 'Hyde Park')).toMatchObject({ kind: 'place', authorityKey: null });
  });
  it('reports spans into the text', () => {
    const text = 'Talks in Moscow with Warren Quill.';
    for (const m of run(text)) expect(text.slice(m.start, m.end)).toBe(m.text);
  });
});

describe('extractEntities: names after offices', () => {
  it('takes the name in parentheses after an office as a person, and later bare mentions of it', () => {
    const ms = run('The Chargé in Nicaragua (Dawkins) to the Secretary of State\nDawkins reported that Dawkins would go.', null);
    const dawkins = ms.filter((m) => m.text === 'Dawkins');
    expect(dawkins).toHaveLength(3);
    expect(dawkins[0]).toMatchObject({ kind: 'person', authorityKey: null, via: 'office' });
    expect(dawkins.slice(1).every((m) => m.kind === 'person')).toBe(true);
  });
  it('links it when the title or the persons list knows the holder', () => {
    expect(find(run('The Deputy Secretary (Tallow) spoke.'), 'Tallow')?.via).not.toBe('office');
    const listed = run('The Minister in Ruritania (Ostrov) to the Secretary of State', null, [
      { name: 'Ostrov, Andrei V.', authorityKey: 'vol#p_OA1' },
    ]);
    expect(find(listed, 'Ostrov')?.authorityKey).toBe('vol#p_OA1');
  });
});

describe('extractEntities: distinctive surnames', () => {
  it('takes a surname only one living person bears when the text treats it as a person', () => {
    expect(find(run('Talks went on. Then Ostrov said that he agreed.'), 'Ostrov')).toMatchObject({
      kind: 'person',
      authorityKey: 'hsg-people:900003',
      via: 'surname',
    });
    expect(find(run('He read Ostrov’s paper.'), 'Ostrov')?.authorityKey).toBe('hsg-people:900003');
  });
  it('needs a cue, a living bearer, a capitalised use only, and no capitalised word before it', () => {
    expect(find(run('Talks went on with Ostrov.'), 'Ostrov')).toBeUndefined();
    expect(find(run('Then Ostrov said so.', '1940-01-01'), 'Ostrov')).toBeUndefined();
    expect(find(run('Then Ostrov said so; an ostrov is an island.'), 'Ostrov')).toBeUndefined();
    expect(find(run('The Grand Ostrov said so.'), 'Ostrov')).toBeUndefined();
    expect(find(run('Then Smith said so.', '1970-01-01'), 'Smith')).toBeUndefined(); // two living bearers
  });
});
