/** A small fictional authority for unit tests: the real shapes of HistoryAtState records, made-up content. */
import { AuthorityBuilder, PersonIndex } from '../../src/entities/authority.js';
import { Gazetteer } from '../../src/entities/gazetteer.js';
import { parseDatelinePlaces } from '../../src/entities/places.js';

const people = (id: string, preferred: string, originals: string[], pocom: string | null, born: number) => `<person><id>${id}</id><names>
<preferred><name>${preferred}</name></preferred><originals>${originals.map((o) => `<original><name>${o}</name>${pocom ? `<source-url>https://history.state.gov/departmenthistory/people/${pocom}</source-url>` : ''}</original>`).join('')}</originals></names>
<birth-year>${born}</birth-year><death-year/></person>`;

const pocomPerson = (id: string, surname: string, forename: string) =>
  `<person><id>${id}</id><persName><surname>${surname}</surname><forename>${forename}</forename></persName><birth>1930</birth><death/></person>`;

const tenure = (tag: string, person: string, s: string, e: string) =>
  `<${tag}><person-id>${person}</person-id><started><date>${s}</date></started><ended><date>${e}</date></ended></${tag}>`;

export function testGazetteer(): Gazetteer {
  const b = new AuthorityBuilder();
  b.addPeopleRecord(people('900001', 'Quill, Warren Amos', ['Warren Quill', 'Warren A. Quill'], 'quill-warren-amos', 1925));
  b.addPeopleRecord(people('900002', 'Tallow, Strobe', ['Strobe Tallow'], 'tallow-strobe', 1946));
  b.addPeopleRecord(people('900003', 'Ostrov, Andrei V.', ['Foreign Minister Andrei V. Ostrov'], null, 1951));
  b.addPeopleRecord(people('900004', 'Smith, John', [], null, 1900));
  b.addPeopleRecord(people('900005', 'Smith, John', [], null, 1950));
  b.addPocomPerson(pocomPerson('quill-warren-amos', 'Quill', 'Warren Amos'));
  b.addPocomPerson(pocomPerson('tallow-strobe', 'Tallow', 'Strobe'));
  b.addPocomPerson(pocomPerson('pickwick-thomas', 'Pickwick', 'Thomas'));
  b.addPrincipalPosition(
    `<principal-position><id>secretary</id><names><singular>Secretary of State</singular></names><principals>${tenure('principal', 'quill-warren-amos', '1993-01-20', '1997-01-17')}</principals></principal-position>`,
  );
  b.addPrincipalPosition(
    `<principal-position><id>deputy-secretary</id><names><singular>Deputy Secretary of State</singular></names><principals>${tenure('principal', 'tallow-strobe', '1994-02-22', '2001-01-19')}</principals></principal-position>`,
  );
  b.addCountryMission(
    `<country-mission><territory-id>russia</territory-id><chiefs>${tenure('chief', 'pickwick-thomas', '1993-05-24', '1996-09-01')}</chiefs></country-mission>`,
  );
  b.addPresidents(
    `<presidents><president><id>pres-one</id><name>Bill Pres</name><birth-year>1946</birth-year><took-office-date>1993-01-20</took-office-date><left-office-date>2001-01-20</left-office-date></president></presidents>`,
  );
  return new Gazetteer(new PersonIndex(b.build()), parseDatelinePlaces('Hyde Park\nAtheists\nJune,\nAboard the “Iowa”'));
}
