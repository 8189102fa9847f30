// The duress word agreed with a victim (DESIGN.md "Privacy and safety rules"): what a valid word is, and how a
// word is compared, case- and diacritics-insensitively and as a whole word, in every supported alphabet.
import * as z from 'zod/mini';

/** 3-20 letters of any alphabet (Latin with diacritics, Cyrillic): one word the victim can type quickly. */
export const DuressWordBody = z.strictObject({
  // NFC first: a phone may send "ă" as a + combining breve, which is one letter to a person.
  word: z
    .string()
    .check(z.trim(), z.normalize('NFC'), z.regex(/^\p{L}{3,20}$/u, 'Must be one word of 3 to 20 letters')),
});
export type DuressWordBody = z.infer<typeof DuressWordBody>;

/**
 * The form a word is compared in: lower case, diacritics removed (ș ş s, ă a, é e, ö o, й и, ё е), so a word
 * typed on a phone without the keyboard of its language still matches. ß is spelled ss, as Germans type it.
 */
export function normaliseWord(word: string): string {
  return word.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/ß/g, 'ss');
}

/** The words of a message, each normalised: a word is a run of letters, so "Verde!" and "verde," are "verde". */
export function wordsOf(text: string): string[] {
  return [...new Set((normaliseWord(text).match(/\p{L}+/gu) ?? []).filter((w) => w.length >= 3))];
}

/** Whether `text` contains `word` as a whole word (never as part of a longer one). */
export function containsWord(text: string, word: string): boolean {
  return wordsOf(text).includes(normaliseWord(word));
}
