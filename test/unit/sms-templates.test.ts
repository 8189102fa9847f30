import { describe, expect, it } from 'vitest';
import { LANGUAGES, type Language } from '../../shared/domain/enums.ts';
import { findForbiddenWords } from '../../shared/sms/forbidden-words.ts';
import { classifyInbound, YES_WORD } from '../../shared/sms/keywords.ts';
import { countSegments } from '../../shared/sms/segment-counter.ts';
import {
  formatSmsTime,
  isRomanianNumber,
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

// A reply link as a deployment's short public address writes it: 22 characters of token.
const LINK = 'https://r.exemplu.ro/r/AbCdEfGhIjKlMnOpQrStUv';

function aParams(overrides: SmsParams = {}): SmsParams {
  return { startsAt: WINTER, publicLocation: LOCATION, hint: '1-5', link: LINK, ...overrides };
}

/** The bound this module promises: GSM-7 languages stay GSM-7 (es but for "anónima"), all fit in 2 parts. */
const GSM_LANGUAGES: ReadonlySet<Language> = new Set(['en', 'fr', 'it', 'de', 'es']);
const UCS2_ALLOWED: ReadonlySet<string> = new Set(['es:survey_invitation', 'es:survey_invitation_web']);
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
      'Reminder: appointment Wed, Dec 10, 10:00. STOP = no more messages',
    );
    // 1 July 2026 06:30 UTC is 09:30 in Bucharest (summer, UTC+3).
    expect(smsText('cancellation_notice', 'ro', { startsAt: '2026-07-01T06:30:00Z' }).body).toBe(
      'Programarea din mie., 1 iul., 09:30 s-a anulat. STOP = oprire mesaje',
    );
    // Late evening UTC is already the next day (and the next year) in Bucharest.
    expect(smsText('reminder', 'de', { startsAt: '2025-12-31T22:15:00Z' }).body).toBe(
      'Erinnerung: Termin am Do., 1. Jan., 00:15. STOP = abmelden',
    );
  });

  it('names the public location when there is one, on one line', () => {
    const sms = smsText('change_notice', 'en', aParams({ publicLocation: '  Str. Lungă 5,\n  et. 2 ' }));
    expect(sms.body).toBe(
      'Your appointment has moved to Wed, Dec 10, 10:00, Str. Lungă 5, et. 2. STOP = no more messages',
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

describe('formatSmsTime', () => {
  // Fixed instants, each named in Bucharest time; Intl is given the zone and the 24-hour clock, so the
  // machine's TZ and locale change nothing (Node 20 ships full ICU).
  const TUESDAY = '2024-12-10T08:00:00Z'; // Tue 10 Dec 2024, 10:00 (winter, UTC+2)
  const SATURDAY = '2026-08-15T06:30:00Z'; // Sat 15 Aug 2026, 09:30 (summer, UTC+3)

  it.each([
    ['ro', 'mar., 10 dec., 10:00', 'sâm., 15 aug., 09:30'],
    ['en', 'Tue, Dec 10, 10:00', 'Sat, Aug 15, 09:30'],
    ['uk', 'вт, 10 груд., 10:00', 'сб, 15 серп., 09:30'],
    ['ru', 'вт, 10 дек., 10:00', 'сб, 15 авг., 09:30'],
    ['hu', 'dec. 10., K 10:00', 'aug. 15., Szo 09:30'],
    ['fr', 'mar. 10 déc., 10:00', 'sam. 15 aout, 09:30'],
    ['es', 'mar, 10 dic, 10:00', 'sab, 15 ago, 09:30'],
    ['it', 'mar 10 dic, 10:00', 'sab 15 ago, 09:30'],
    ['de', 'Di., 10. Dez., 10:00', 'Sa., 15. Aug., 09:30'],
  ] satisfies [Language, string, string][])(
    'gives weekday, day, month name and time in %s',
    (language, winter, summer) => {
      expect(formatSmsTime(TUESDAY, language)).toBe(winter);
      expect(formatSmsTime(SATURDAY, language)).toBe(summer);
    },
  );

  it('keeps the dates of the GSM-7 languages in GSM-7 (fr "août", es "sáb" lose the accent GSM-7 lacks)', () => {
    for (const language of ['en', 'fr', 'es', 'it', 'de'] satisfies Language[]) {
      expect(countSegments(formatSmsTime(SATURDAY, language)).encoding, language).toBe('GSM-7');
    }
  });

  it('follows Bucharest across the spring-forward night: 02:30, then 04:00, never 03:xx', () => {
    // 29 March 2026: at 03:00 EET the clocks go to 04:00 EEST.
    expect(formatSmsTime('2026-03-29T00:30:00Z', 'ro')).toBe('dum., 29 mar., 02:30');
    expect(formatSmsTime('2026-03-29T01:00:00Z', 'ro')).toBe('dum., 29 mar., 04:00');
    expect(formatSmsTime('2026-03-29T01:00:00Z', 'en')).toBe('Sun, Mar 29, 04:00');
  });

  it('follows Bucharest across the fall-back night: the hour after 04:00 EEST is 03:xx again', () => {
    // 25 October 2026: at 04:00 EEST the clocks go back to 03:00 EET.
    expect(formatSmsTime('2026-10-25T00:30:00Z', 'de')).toBe('So., 25. Okt., 03:30');
    expect(formatSmsTime('2026-10-25T01:30:00Z', 'de')).toBe('So., 25. Okt., 03:30');
    expect(formatSmsTime('2026-10-25T02:30:00Z', 'de')).toBe('So., 25. Okt., 04:30');
  });

  it.each([
    ['ro', 'mar., 10 dec., 10:00 (ora României)'],
    ['en', 'Tue, Dec 10, 10:00 (Romanian time)'],
    ['uk', 'вт, 10 груд., 10:00 (за часом Румунії)'],
    ['ru', 'вт, 10 дек., 10:00 (по времени Румынии)'],
    ['hu', 'dec. 10., K 10:00 (romániai idő)'],
    ['fr', 'mar. 10 déc., 10:00 (heure de Roumanie)'],
    ['es', 'mar, 10 dic, 10:00 (hora de Rumania)'],
    ['it', 'mar 10 dic, 10:00 (ora della Romania)'],
    ['de', 'Di., 10. Dez., 10:00 (rumänische Zeit)'],
  ] satisfies [Language, string][])('says whose time it is in %s for a reader abroad', (language, text) => {
    expect(formatSmsTime(TUESDAY, language, true)).toBe(text);
  });
});

describe('the time zone in a text', () => {
  it('is named for a number outside Romania, also behind WhatsApp, and left out for +40', () => {
    const at = { startsAt: '2024-12-10T08:00:00Z' };
    expect(smsText('reminder', 'uk', at, { recipientPhone: '+380501234567' }).body).toBe(
      'Нагадування: зустріч вт, 10 груд., 10:00 (за часом Румунії). STOP = відписатися',
    );
    expect(smsText('reminder', 'uk', at, { recipientPhone: 'whatsapp:+40722123456' }).body).toBe(
      'Нагадування: зустріч вт, 10 груд., 10:00. STOP = відписатися',
    );
    expect(smsText('reminder', 'ro', at, { recipientPhone: '+40722123456' }).body).toBe(
      'Reamintire: programare mar., 10 dec., 10:00. STOP = oprire mesaje',
    );
    expect(smsText('change_notice', 'it', at, { recipientPhone: '+393331234567' }).body).toBe(
      'Il Suo appuntamento è spostato al mar 10 dic, 10:00 (ora della Romania). STOP = disiscrizione',
    );
  });

  it('tells a Romanian number from a foreign one', () => {
    expect(isRomanianNumber('+40722123456')).toBe(true);
    expect(isRomanianNumber('whatsapp:+40722123456')).toBe(true);
    expect(isRomanianNumber('+373691234567')).toBe(false);
    expect(isRomanianNumber('+4072')).toBe(true);
    expect(isRomanianNumber('+4172123456')).toBe(false);
  });

  it('keeps every text with a time discreet and within 2 segments for a reader abroad', () => {
    for (const language of LANGUAGES) {
      for (const kind of ['reminder', 'change_notice', 'cancellation_notice'] satisfies SmsKind[]) {
        const sms = smsText(kind, language, aParams(), { recipientPhone: '+380501234567' });
        expect(findForbiddenWords(sms.body), sms.body).toEqual([]);
        expect(sms.segments, sms.body).toBeLessThanOrEqual(MAX_SEGMENTS);
      }
    }
  });
});

describe('the wording found in review', () => {
  it.each([
    ['uk', 'survey_hint', 'Відповідь незрозуміла. STOP = відписатися'],
    ['ru', 'survey_hint', 'Ответ не распознан. STOP = отписаться'],
    [
      'hu',
      'survey_invitation',
      'Kitöltene egy rövid, névtelen kérdőívet? Válaszoljon: IGEN. STOP = leiratkozás',
    ],
    ['de', 'survey_invitation', 'Kurze anonyme Umfrage: Antworten Sie JA, um zu beginnen. STOP = abmelden'],
    ['it', 'survey_thanks_default', 'Grazie per le Sue risposte. STOP = disiscrizione'],
    ['it', 'help', 'Messaggi automatici sui Suoi appuntamenti. STOP = disiscrizione, START = riattivazione'],
    ['it', 'opted_out', 'Non riceverà più messaggi. START = riattivazione'],
  ] satisfies [Language, SmsKind, string][])('%s %s reads "%s"', (language, kind, body) => {
    expect(smsText(kind, language).body).toBe(body);
  });

  it('speaks Italian as Lei throughout: no tu form in any text', () => {
    const tu = /\b(tuo|tuoi|tua|tue|ti|disiscriviti|riattiva|rispondi|invia)\b/i;
    for (const kind of SMS_KINDS) expect(smsText(kind, 'it', aParams()).body).not.toMatch(tu);
  });

  it('reads back the words the texts use for STOP and START in every language', () => {
    for (const language of LANGUAGES) {
      const help = smsText('help', language).body;
      const [, stopMeaning = '', startMeaning = ''] = /STOP = (.+), START = (.+)$/.exec(help) ?? [];
      expect(classifyInbound(stopMeaning), `${language}: ${stopMeaning}`).toBe('stop');
      expect(classifyInbound(startMeaning), `${language}: ${startMeaning}`).toBe('start');
    }
  });
});

describe('segments per template and language', () => {
  // "<language>:<segments>", with "u" when the text is UCS-2. A 40-character location; the time is
  // Wed 10 Dec 2025 10:00. What a change to a template costs shows up here, language by language.
  function table(recipientPhone: string): Record<SmsKind, string> {
    const rows = {} as Record<SmsKind, string>;
    for (const kind of SMS_KINDS) {
      rows[kind] = LANGUAGES.map((language) => {
        const sms = smsText(kind, language, aParams(), { recipientPhone });
        return `${language}:${sms.segments}${sms.encoding === 'UCS-2' ? 'u' : ''}`;
      }).join(' ');
    }
    return rows;
  }

  it('for a Romanian number: one segment wherever the alphabet allows', () => {
    expect(table('+40722123456')).toEqual({
      reminder: 'ro:1 en:1 uk:2u ru:2u hu:2u fr:1 es:1 it:1 de:1',
      change_notice: 'ro:1 en:1 uk:2u ru:2u hu:2u fr:1 es:1 it:1 de:1',
      cancellation_notice: 'ro:1 en:1 uk:1u ru:1u hu:1u fr:1 es:1 it:1 de:1',
      survey_invitation: 'ro:1u en:1 uk:1u ru:1u hu:2u fr:1 es:1u it:1 de:1',
      survey_invitation_web: 'ro:1 en:1 uk:2u ru:2u hu:2u fr:1 es:2u it:1 de:1',
      survey_hint: 'ro:1u en:1 uk:1u ru:1u hu:1u fr:1 es:1 it:1 de:1',
      survey_thanks_default: 'ro:1u en:1 uk:1u ru:1u hu:1u fr:1 es:1 it:1 de:1',
      survey_closed: 'ro:1u en:1 uk:1u ru:1u hu:1u fr:1 es:1 it:1 de:1',
      help: 'ro:2u en:1 uk:2u ru:2u hu:2u fr:1 es:1 it:1 de:1',
      call_back: 'ro:1u en:1 uk:1u ru:1u hu:1u fr:1 es:1 it:1 de:1',
      opted_out: 'ro:1u en:1 uk:1u ru:1u hu:1u fr:1 es:1 it:1 de:1',
      opted_in: 'ro:1 en:1 uk:1u ru:1u hu:1u fr:1 es:1 it:1 de:1',
    });
  });

  it('for a number abroad: the time zone costs Romanian its single segment', () => {
    const abroad = table('+380501234567');
    expect({
      reminder: abroad.reminder,
      change_notice: abroad.change_notice,
      cancellation_notice: abroad.cancellation_notice,
    }).toEqual({
      reminder: 'ro:2u en:1 uk:2u ru:2u hu:2u fr:1 es:1 it:1 de:1',
      change_notice: 'ro:2u en:1 uk:2u ru:2u hu:2u fr:1 es:1 it:1 de:1',
      cancellation_notice: 'ro:2u en:1 uk:2u ru:2u hu:2u fr:1 es:1 it:1 de:1',
    });
  });
});
