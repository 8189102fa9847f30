// Counts the SMS segments a text costs, as a carrier splits it (3GPP TS 23.038 / 23.040): templates
// report this so a text that silently switches to UCS-2 or grows a segment is caught before it is sent.

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SegmentCount {
  encoding: SmsEncoding;
  /** How many parts the carrier sends; an empty text still costs one. */
  segments: number;
  /** Septets for GSM-7 (an extension character costs 2), UTF-16 code units for UCS-2. */
  units: number;
}

/** The GSM 03.38 default alphabet, one septet each (the escape 0x1B is not a character, so it is absent). */
const GSM7_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);

/** The extension table: each costs an escape plus the character, 2 septets. */
const GSM7_EXTENSION = new Set('\f^{}\\[~]|€');

export const GSM7_SINGLE = 160;
export const GSM7_PART = 153;
export const UCS2_SINGLE = 70;
export const UCS2_PART = 67;

export function isGsm7Char(char: string): boolean {
  return GSM7_BASIC.has(char) || GSM7_EXTENSION.has(char);
}

/** True when every character of the text has a GSM-7 encoding. */
export function isGsm7(text: string): boolean {
  for (const char of text) if (!isGsm7Char(char)) return false;
  return true;
}

export function countSegments(text: string): SegmentCount {
  if (isGsm7(text)) {
    // Iterating by code point, each character is one indivisible unit of 1 or 2 septets:
    // handsets and carriers do not split an escape sequence across parts.
    const sizes = Array.from(text, (char) => (GSM7_EXTENSION.has(char) ? 2 : 1));
    return { encoding: 'GSM-7', ...pack(sizes, GSM7_SINGLE, GSM7_PART) };
  }
  // A surrogate pair (emoji, rare CJK) is 2 code units that must travel in the same part.
  const sizes = Array.from(text, (char) => char.length);
  return { encoding: 'UCS-2', ...pack(sizes, UCS2_SINGLE, UCS2_PART) };
}

/** Greedy packing of indivisible units; a unit that would straddle a part boundary starts the next part. */
function pack(sizes: number[], single: number, part: number): { segments: number; units: number } {
  const units = sizes.reduce((sum, size) => sum + size, 0);
  if (units <= single) return { segments: 1, units };
  let segments = 1;
  let used = 0;
  for (const size of sizes) {
    if (used + size > part) {
      segments += 1;
      used = 0;
    }
    used += size;
  }
  return { segments, units };
}
