import { describe, expect, it } from 'vitest';
import { LANGUAGES, type Language } from '../../shared/domain/enums.ts';
import { findForbiddenWords } from '../../shared/sms/forbidden-words.ts';
import { classifyInbound, YES_WORD } from '../../shared/sms/keywords.ts';
import { countSegments } from '../../shared/sms/segment-counter.ts';
import {
  MAX_PUBLIC_LOCATION_LENGTH,
  SMS_KINDS,
  type SmsKind,
  type SmsParams,
  smsText,
  UnsafeSmsTextError,
} from '../../shared/sms/templates.ts';

// 10 December 2025, 10:00 in Bucharest (winter, UTC+2).
const WINTER = '2025-12-10T08:00:00.000Z';
// 40 characters, the length the budget is written for.
const LOCATION = 'Str. Memorandumului 21, Cluj-Napoca, et2';

function aParams(overrides: SmsParams = {}): SmsParams {
  return { startsAt: WINTER, publicLocation: LOCATION, hint: '1-5', ...overrides };
}

/** The bound this module promises: GSM-7 languages stay GSM-7 (es but for "anónima"), all fit in 2 parts. */
const GSM_LANGUAGES: ReadonlySet<Language> = new Set(['en', 'fr', 'it', 'de', 'es']);
const UCS2_ALLOWED: ReadonlySet<string> = new Set(['es:survey_invitation']);
const MAX_SEGMENTS = 2;

describe('smsText', () => {
  it('is written for a 40-character location', () => {
    expect(LOCATION).toHaveLength(MAX_PUBLIC_LOCATION_LENGTH);
  });

  for (const language of LANGUAGES) {
    describe(`in ${language}`, () => {
      for (const kind of SMS_KINDS) {
        it(`${kind}: discreet, with its way out, within ${MAX_SEGMENTS} segments`, () => {
          const sms = smsText(kind, language, aParams());
          expect(sms.body.length).toBeGreaterThan(0);
          expect(findForbiddenWords(sms.body)).toEqual([]);
          if (kind === 'opted_out') {
            expect(sms.body).toContain('START = ');
            expect(sms.body).not.toContain('STOP');
          } else {
            expect(sms.body).toContain('STOP = ');
          }
          // What is reported is what the counter says about the body actually returned.
          expect({ encoding: sms.encoding, segments: sms.segments }).toEqual({
            encoding: countSegments(sms.body).encoding,
            segments: countSegments(sms.body).segments,
          });
          expect(sms.segments).toBeLessThanOrEqual(MAX_SEGMENTS);
          if (GSM_LANGUAGES.has(language) && !UCS2_ALLOWED.has(`${language}:${kind}`)) {
            expect(sms.encoding).toBe('GSM-7');
          }
        });
      }

      it('is GSM-7 in every kind once transliterated, unless the script is Cyrillic', () => {
        for (const kind of SMS_KINDS) {
          const sms = smsText(kind, language, aParams(), { transliterate: true });
          expect(findForbiddenWords(sms.body)).toEqual([]);
          expect(sms.segments).toBeLessThanOrEqual(MAX_SEGMENTS);
          if (language !== 'uk' && language !== 'ru')
            expect(sms.encoding, `${kind}: ${sms.body}`).toBe('GSM-7');
        }
      });
    });
  }

  it('writes the time in Bucharest wall-clock time, winter and summer', () => {
    expect(smsText('reminder', 'en', { startsAt: WINTER }).body).toBe(
      'Reminder: appointment 10.12 10:00. STOP = no more messages',
    );
    // 1 July 2026 06:30 UTC is 09:30 in Bucharest (summer, UTC+3).
    expect(smsText('cancellation_notice', 'ro', { startsAt: '2026-07-01T06:30:00Z' }).body).toBe(
      'Programarea din 01.07 09:30 s-a anulat. STOP = oprire mesaje',
    );
    // Late evening UTC is already the next day in Bucharest.
    expect(smsText('reminder', 'de', { startsAt: '2025-12-31T22:15:00Z' }).body).toContain('01.01 00:15');
  });

  it('names the public location when there is one, on one line', () => {
    const sms = smsText('change_notice', 'en', aParams({ publicLocation: '  Str. Lungă 5,\n  et. 2 ' }));
    expect(sms.body).toBe(
      'Your appointment has moved to 10.12 10:00, Str. Lungă 5, et. 2. STOP = no more messages',
    );
  });

  it('keeps Romanian diacritics by default (UCS-2) and drops them when transliterating (GSM-7)', () => {
    const plain = smsText('survey_thanks_default', 'ro');
    const transliterated = smsText('survey_thanks_default', 'ro', {}, { transliterate: true });
    expect(plain).toEqual({
      body: 'Vă mulțumim pentru răspunsuri. STOP = oprire mesaje',
      encoding: 'UCS-2',
      segments: 1,
    });
    expect(transliterated).toEqual({
      body: 'Va multumim pentru raspunsuri. STOP = oprire mesaje',
      encoding: 'GSM-7',
      segments: 1,
    });
  });

  it.each(LANGUAGES)(
    'asks for the YES word of %s in the invitation, and that word is read back as yes',
    (language) => {
      const body = smsText('survey_invitation', language).body;
      expect(body).toContain(YES_WORD[language]);
      expect(classifyInbound(YES_WORD[language])).toBe('yes');
    },
  );

  it('puts the hint in the survey hint, and leaves it out when there is none', () => {
    expect(smsText('survey_hint', 'ro', { hint: 'DA/NU' }).body).toBe(
      'Răspuns neînțeles. Trimiteți DA/NU. STOP = oprire mesaje',
    );
    expect(smsText('survey_hint', 'en').body).toBe('Sorry, not understood. STOP = no more messages');
  });

  it.each(['reminder', 'change_notice', 'cancellation_notice'] satisfies SmsKind[])(
    'refuses to write a %s without a time',
    (kind) => {
      expect(() => smsText(kind, 'en', { publicLocation: LOCATION })).toThrow(/startsAt/);
    },
  );

  it('refuses an invalid time', () => {
    expect(() => smsText('reminder', 'en', { startsAt: 'next Tuesday' })).toThrow(TypeError);
  });

  it('refuses to render a location that would reveal the case', () => {
    expect(() => smsText('reminder', 'ro', aParams({ publicLocation: 'Tribunalul Cluj, sala 2' }))).toThrow(
      UnsafeSmsTextError,
    );
    try {
      smsText('reminder', 'en', aParams({ publicLocation: 'Police station no. 3' }));
      expect.unreachable('a forbidden location must not render');
    } catch (error) {
      expect(error).toBeInstanceOf(UnsafeSmsTextError);
      expect((error as UnsafeSmsTextError).words).toEqual(['Police']);
    }
  });

  it('refuses a hint that carries a forbidden word', () => {
    expect(() => smsText('survey_hint', 'fr', { hint: 'OUI si la police' })).toThrow(UnsafeSmsTextError);
  });
});
