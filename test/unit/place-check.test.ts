import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../shared/domain/enums.ts';
import {
  INSTITUTION_LANGUAGES,
  institutionWordsIn,
  matchesAddress,
  normalizePlaceText,
} from '../../shared/domain/place.ts';

// Places a hearing text might name, per SMS language: each names a court, a prosecution office, a police
// or forensic institute, a prison or an investigator, which would tell whoever holds the phone what it is.
const REVEALING: Record<string, string[]> = {
  ro: [
    'Curtea de Apel Craiova',
    'Înalta Curte, sala 3',
    'Palatul de Justiție',
    'Judecătoria Sectorului 4',
    'IML Craiova',
    'I.P.J. Dolj',
    'sediul BCCO',
    'Penitenciarul Craiova',
    'la anchetator',
    'Procuratura Chișinău',
    'Institutul de Medicină Legală',
  ],
  en: ['Court of Appeal, room 2', 'Craiova prison', 'the investigator’s office', 'the morgue'],
  uk: ['у слідчого', 'Апеляційний суд', 'в’язниця', 'Прокуратура Києва'],
  ru: ['к следователю', 'СИЗО № 1', 'Апелляционный суд', 'тюрьма'],
  hu: ['Ítélőtábla', 'Fővárosi Törvényszék', 'börtön', 'nyomozó irodája'],
  fr: ['Palais de justice', "Cour d'appel", 'maison d’arrêt', 'bureau de l’enquêteur'],
  es: ['Palacio de Justicia', 'la prisión', 'Juzgado n.º 3', 'comisaría centro'],
  it: ["Corte d'appello", 'Palazzo di Giustizia', 'carcere', 'Questura'],
  de: ['Justizpalast', 'Gefängnis Nord', 'beim Ermittler', 'JVA Tegel'],
};

const HARMLESS = [
  'Str. Unirii 10, Craiova',
  'Parcul Romanescu, intrarea principală',
  'Cafeneaua Central',
  'Piața Mihai Viteazu',
  'Hauptbahnhof, Ausgang Nord',
  'вул. Шевченка 5',
  'Café de la Gare',
  'Plaza Mayor',
  'Stazione Centrale',
  'Kossuth tér 3',
  'ул. Ленина 12',
];

describe('institutionWordsIn', () => {
  it('covers the nine SMS languages', () => {
    expect([...INSTITUTION_LANGUAGES].sort()).toEqual([...LANGUAGES].sort());
  });

  for (const language of LANGUAGES) {
    it.each(REVEALING[language] ?? [])(`finds the institution in ${language}: %s`, (text) => {
      expect(institutionWordsIn(text)).not.toEqual([]);
    });
  }

  it('has examples for every language', () => {
    for (const language of LANGUAGES) expect(REVEALING[language]?.length ?? 0).toBeGreaterThan(0);
  });

  it.each(HARMLESS)('lets an ordinary place through: %s', (text) => {
    expect(institutionWordsIn(text)).toEqual([]);
  });

  it('names what it found, so the coordinator knows what to change', () => {
    expect(institutionWordsIn('Curtea de Apel Craiova')).toEqual(['curtea de apel']);
    expect(institutionWordsIn('IPJ Dolj')).toEqual(['ipj']);
  });

  it('does not take an ordinary yard or phone call for a court of appeal', () => {
    expect(institutionWordsIn('Curtea școlii')).toEqual([]);
    expect(institutionWordsIn('Apel la 10:00')).toEqual([]);
  });
});

describe('matchesAddress', () => {
  const shelter = 'Str. Brestei nr. 12, Craiova';

  it('normalises case, diacritics, punctuation and street-type words', () => {
    expect(normalizePlaceText('Șoseaua   Nordului, NR.5!')).toBe('soseaua nordului nr 5');
    expect(matchesAddress('strada brestei 12 craiova', shelter)).toBe(true);
    expect(matchesAddress('BRESTEI, 12; CRAIOVA', shelter)).toBe(true);
    expect(matchesAddress('Calea Bucureşti 5', 'Calea București nr. 5')).toBe(true);
  });

  it('matches a text that holds the whole address, or its street and number', () => {
    expect(matchesAddress('Intrare Str. Brestei nr. 12, Craiova, et. 1', shelter)).toBe(true);
    expect(matchesAddress('Brestei 12', shelter)).toBe(true);
  });

  it('does not match another number, another street, or the city alone', () => {
    expect(matchesAddress('Brestei 14', shelter)).toBe(false);
    expect(matchesAddress('Str. Unirii 12, Craiova', shelter)).toBe(false);
    expect(matchesAddress('Craiova', shelter)).toBe(false);
  });
});
