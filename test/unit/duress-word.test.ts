// The duress word (issue 12, point 5): which words are valid, and how a message is searched for one, case- and
// diacritics-insensitively and as a whole word, in the alphabets of all nine languages.
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { containsWord, DuressWordBody, normaliseWord, wordsOf } from '../../shared/domain/duress-word.ts';
import type { Language } from '../../shared/domain/enums.ts';

describe('a duress word', () => {
  it.each(['lavanda', 'Lavandă', 'Ёжик', 'Straße', 'ÁRVÍZTŰRŐ'])(
    'accepts %s (3-20 letters of any alphabet)',
    (word) => {
      expect(z.safeParse(DuressWordBody, { word }).success).toBe(true);
    },
  );

  it('accepts a letter typed as a base letter and a combining mark (a + breve) as one letter', () => {
    expect(z.safeParse(DuressWordBody, { word: 'Lavanda\u0306' }).success).toBe(true);
    expect(containsWord('lavandă', 'Lavanda\u0306')).toBe(true);
  });

  it.each(['ab', 'two words', 'abc1', 'a-b-c', 'x'.repeat(21), ''])('refuses %j', (word) => {
    expect(z.safeParse(DuressWordBody, { word }).success).toBe(false);
  });
});

describe('finding the word in a message', () => {
  // Each language: the word as agreed, and the message as a victim might type it without the keyboard of
  // the language (diacritics dropped, other case, punctuation glued on).
  const examples: [Language, string, string][] = [
    ['ro', 'Lavandă', 'Bună! lavanda, ne vedem mâine'],
    ['ro', 'șosetă', 'Am uitat SOSETA.'],
    ['ro', 'ţintă', 'o tinta noua'],
    ['en', 'Bluebird', 'saw a BLUEBIRD today'],
    ['uk', 'Їжачок', 'бачила їжачок вчора'],
    ['ru', 'Ёлка', 'купили елку? нет, ЕЛКА'],
    ['hu', 'Őszibarack', 'kérek OSZIBARACK-ot'],
    ['fr', 'Crème', 'plus de creme!'],
    ['es', 'Piñata', 'una PINATA para mañana'],
    ['it', 'Città', 'torno in citta'],
    ['de', 'Straße', 'in der STRASSE'],
  ];

  it.each(examples)('%s: finds %s in %j', (_language, word, message) => {
    expect(containsWord(message, word)).toBe(true);
  });

  it('never matches part of a longer word, nor a word that only looks alike', () => {
    expect(containsWord('lavandaria', 'lavanda')).toBe(false);
    expect(containsWord('la vanda', 'lavanda')).toBe(false);
    expect(containsWord('ёлки', 'ёлка')).toBe(false);
  });

  it('compares Cyrillic and Latin letters as they are, never transliterated into each other', () => {
    expect(containsWord('elka', 'ёлка')).toBe(false);
  });

  it('normalises to lower case without diacritics', () => {
    expect(normaliseWord('ĂÎÂȘȚ')).toBe('aiast');
    expect(normaliseWord('Ёй')).toBe('еи');
    expect(wordsOf('Da, DA! lavandă?')).toEqual(['lavanda']);
  });
});
