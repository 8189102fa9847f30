import { describe, expect, it } from 'vitest';
import { countSegments } from '../../shared/sms/segment-counter.ts';

describe('countSegments', () => {
  it('counts an empty text as one GSM-7 segment of zero units, since a message is still sent', () => {
    expect(countSegments('')).toEqual({ encoding: 'GSM-7', segments: 1, units: 0 });
  });

  it('fits 160 GSM-7 characters in one segment and splits the 161st into two parts of 153', () => {
    expect(countSegments('a'.repeat(160))).toEqual({ encoding: 'GSM-7', segments: 1, units: 160 });
    expect(countSegments('a'.repeat(161))).toEqual({ encoding: 'GSM-7', segments: 2, units: 161 });
    expect(countSegments('a'.repeat(306))).toEqual({ encoding: 'GSM-7', segments: 2, units: 306 });
    expect(countSegments('a'.repeat(307))).toEqual({ encoding: 'GSM-7', segments: 3, units: 307 });
  });

  it('keeps the accented letters of the GSM alphabet (é è ü ñ à ¿) in GSM-7', () => {
    expect(countSegments('¿Qué? Né à Zürich, señor').encoding).toBe('GSM-7');
  });

  it('counts each extension character ({ } [ ] ~ \\ ^ | €) as two septets', () => {
    expect(countSegments('{}[]~\\^|€')).toEqual({ encoding: 'GSM-7', segments: 1, units: 18 });
    expect(countSegments('€'.repeat(80))).toEqual({ encoding: 'GSM-7', segments: 1, units: 160 });
    expect(countSegments('€'.repeat(81)).segments).toBe(2);
  });

  it('does not split an escape sequence across parts, so a 153rd septet that starts one opens a new part', () => {
    // 152 plain septets then "€": the euro would need septets 153 and 154 of the first part.
    const text = `${'a'.repeat(152)}€${'a'.repeat(152)}`;
    expect(countSegments(text)).toEqual({ encoding: 'GSM-7', segments: 3, units: 306 });
    // The same length with the euro at the start packs into two parts.
    expect(countSegments(`€${'a'.repeat(304)}`).segments).toBe(2);
  });

  it('switches to UCS-2 for one Romanian diacritic, 70 units single and 67 a part', () => {
    expect(countSegments('ș')).toEqual({ encoding: 'UCS-2', segments: 1, units: 1 });
    expect(countSegments(`ă${'a'.repeat(69)}`)).toEqual({ encoding: 'UCS-2', segments: 1, units: 70 });
    expect(countSegments(`ă${'a'.repeat(70)}`)).toEqual({ encoding: 'UCS-2', segments: 2, units: 71 });
    expect(countSegments(`ă${'a'.repeat(133)}`).segments).toBe(2);
    expect(countSegments(`ă${'a'.repeat(134)}`).segments).toBe(3);
  });

  it('counts Cyrillic as UCS-2', () => {
    expect(countSegments('Дякуємо')).toEqual({ encoding: 'UCS-2', segments: 1, units: 7 });
  });

  it('counts a surrogate pair as two units and never splits it across parts', () => {
    expect(countSegments('🙂')).toEqual({ encoding: 'UCS-2', segments: 1, units: 2 });
    // 66 units then an emoji: the pair would straddle units 67 and 68, so it moves to part two,
    // which then overflows; the same 134 units with the emoji first fit in two parts.
    const text = `${'ș'.repeat(66)}🙂${'ș'.repeat(66)}`;
    expect(countSegments(text)).toEqual({ encoding: 'UCS-2', segments: 3, units: 134 });
    expect(countSegments(`🙂${'ș'.repeat(132)}`)).toEqual({ encoding: 'UCS-2', segments: 2, units: 134 });
  });

  it('treats a tab and the escape character itself as outside GSM-7', () => {
    expect(countSegments('a\tb').encoding).toBe('UCS-2');
    expect(countSegments('a\u001bb').encoding).toBe('UCS-2');
  });
});
