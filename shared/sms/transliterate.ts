// Rewrites text into the GSM-7 alphabet where a faithful ASCII-like spelling exists, for deployments that
// prefer 160-character segments over diacritics (one Romanian ă makes the whole message UCS-2, 70 a part).

import { isGsm7Char } from './segment-counter.ts';

/** Characters whose GSM-7 spelling is not what stripping accents gives (punctuation, both ş and ș). */
const EXPLICIT: Record<string, string> = {
  // Romanian: the comma-below letters are correct, the cedilla ones are still common on old keyboards.
  ă: 'a',
  Ă: 'A',
  â: 'a',
  Â: 'A',
  î: 'i',
  Î: 'I',
  ș: 's',
  Ș: 'S',
  ş: 's',
  Ş: 'S',
  ț: 't',
  Ț: 'T',
  ţ: 't',
  Ţ: 'T',
  // Typography that word processors and phones insert.
  '\u2018': "'",
  '\u2019': "'",
  '\u201A': "'",
  '\u201B': "'",
  '\u2032': "'",
  '\u201C': '"',
  '\u201D': '"',
  '\u201E': '"',
  '\u201F': '"',
  '\u2033': '"',
  '\u00AB': '"',
  '\u00BB': '"',
  '\u2039': "'",
  '\u203A': "'",
  '\u2010': '-',
  '\u2011': '-',
  '\u2012': '-',
  '\u2013': '-',
  '\u2014': '-',
  '\u2015': '-',
  '\u2212': '-',
  '\u2026': '...',
  '\u2022': '-',
  '\u00B7': '.',
  '\u00A0': ' ',
  '\u2007': ' ',
  '\u2009': ' ',
  '\u202F': ' ',
  '\t': ' ',
  '\u200B': '',
  '\u200C': '',
  '\u200D': '',
  '\u2060': '',
  '\uFEFF': '',
};

/**
 * The text with every character that has no GSM-7 encoding replaced by its closest GSM-7 spelling:
 * the explicit table first, then the letter without its accent (ê → e, ő → o, á → a). Characters with
 * no Latin equivalent (Cyrillic) are left as they are, so such a text stays UCS-2.
 */
export function toGsm7(text: string): string {
  let out = '';
  for (const char of text) {
    if (isGsm7Char(char)) {
      out += char;
      continue;
    }
    const explicit = EXPLICIT[char];
    if (explicit !== undefined) {
      out += explicit;
      continue;
    }
    const stripped = char.normalize('NFD').replace(/\p{M}+/gu, '');
    out += stripped.length > 0 && [...stripped].every(isGsm7Char) ? stripped : char;
  }
  return out;
}
