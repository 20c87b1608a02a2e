import { describe, it, expect } from 'vitest';
import { findOfficeParenNames } from './office-names.js';

const names = (text: string) => findOfficeParenNames(text).map((h) => h.text);

describe('findOfficeParenNames', () => {
  it('reads the surname in parentheses after an office phrase, with spans', () => {
    const text = 'The Chargé in Nicaragua (Dawson) to the Secretary of State';
    const [h] = findOfficeParenNames(text);
    expect(h).toMatchObject({ text: 'Dawson' });
    expect(text.slice(h!.start, h!.end)).toBe('Dawson');
  });
  it('accepts long office phrases, compound and particle names', () => {
    expect(names('The Chief of the Division of Latin American Affairs (Wilson) to the Assistant Secretary of State (Welles)')).toEqual([
      'Wilson',
      'Welles',
    ]);
    expect(names('The Mexican Chargé (Padilla-Nervo) to the Acting Secretary of State')).toEqual(['Padilla-Nervo']);
    expect(names('The Secretary of State to the Chargé in El Salvador (McCafferty)')).toEqual(['McCafferty']);
    expect(names('Memorandum by the Chief of the Visa Office (Du Bois)')).toEqual(['Du Bois']);
    expect(names('the Fiscal Representative of the Republic of Haiti (De la Rue)')).toEqual(['De la Rue']);
  });
  it('ignores parentheses that qualify the office, acronyms, and parentheses after ordinary words', () => {
    expect(names('The Secretary of State (Acting) to the Ambassador')).toEqual([]);
    expect(names('The Permanent Representative (USNATO) reported')).toEqual([]);
    expect(names('The report (Annex) and the plan (Wilson) were sent')).toEqual([]);
    expect(names('The Ambassador\n(Dawson) replied')).toEqual([]);
  });
});
