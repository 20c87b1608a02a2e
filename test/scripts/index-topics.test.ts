import { describe, expect, it } from 'vitest';
import { indexTopics } from '../../scripts/eval-search/index-topics.js';

/** A volume with four pages and a FRUS-style index: run-in entries after ";", a colon prefix, a "see also" in parentheses. */
const volume = (index: string) => `<TEI><text><body>
  <pb n="1" xml:id="pg_1"/><pb n="2" xml:id="pg_2"/><pb n="3" xml:id="pg_3"/><pb n="4" xml:id="pg_4"/>
  <div type="section" xml:id="index"><list type="index">${index}</list></div>
</body></text></TEI>`;

describe('index topics for the relevance evaluation', () => {
  it('gives each run-in entry of an item its own pages, under what the first entry names', () => {
    const topics = indexTopics(
      volume(`<item>Banks (see also <ref target="#in1">Loans; credits</ref>), <ref target="#pg_1">1</ref>. <list>
        <item>safety vaults, <ref target="#pg_1">1</ref>–<ref target="#pg_3">3</ref>; Consular Corps, protest, <ref target="#pg_4">4</ref>.</item>
        <item>Soviet régime, relations: closure, <ref target="#pg_2">2</ref>; nationalization, <ref target="#pg_3">3</ref>.</item>
      </list></item>
      <item>China: Japanese position, <ref target="#pg_2">2</ref>; protection of U. S. citizens, <ref target="#pg_4">4</ref>.</item>`),
    );
    expect(topics).toEqual([
      { heading: 'Banks', sub: null, pages: ['1'] },
      { heading: 'Banks', sub: 'safety vaults', pages: ['1', '2', '3'] },
      { heading: 'Banks', sub: 'safety vaults: Consular Corps, protest', pages: ['4'] },
      { heading: 'Banks', sub: 'Soviet régime, relations: closure', pages: ['2'] },
      { heading: 'Banks', sub: 'Soviet régime, relations: nationalization', pages: ['3'] },
      { heading: 'China', sub: 'Japanese position', pages: ['2'] },
      { heading: 'China', sub: 'protection of U. S. citizens', pages: ['4'] },
    ]);
  });
});
