import { describe, expect, it } from 'vitest';
import {
  CreateHearingBody,
  interpreterForForeignNational,
  outcomeIndicators,
  overlapQueryRange,
  overlaps,
} from '../../shared/domain/hearing.ts';
import { consentFor, retryDelayMs, tooLate } from '../../shared/domain/outbox-message.ts';
import { twiml, twimlMessage } from '../../shared/sms/twiml.ts';

const hearing = (startsAt: string, durationMinutes: number) => ({ startsAt, durationMinutes });

describe('overlaps', () => {
  it('sees two hearings sharing a minute as overlapping and back-to-back ones as not', () => {
    const ten = hearing('2026-12-10T08:00:00.000Z', 120);
    expect(overlaps(ten, hearing('2026-12-10T09:59:00.000Z', 15))).toBe(true);
    expect(overlaps(ten, hearing('2026-12-10T07:00:00.000Z', 61))).toBe(true);
    expect(overlaps(ten, hearing('2026-12-10T10:00:00.000Z', 60))).toBe(false);
    expect(overlaps(ten, hearing('2026-12-10T07:00:00.000Z', 60))).toBe(false);
  });

  it('queries back as far as the longest hearing could start and up to the new one’s end', () => {
    expect(overlapQueryRange('2026-12-10T08:00:00.000Z', 90)).toEqual({
      from: '2026-12-09T20:00:00.000Z',
      to: '2026-12-10T09:30:00.000Z',
    });
  });
});

describe('outcome indicators', () => {
  it('counts an attended hearing and its room, and nothing for a hearing the victim missed', () => {
    expect(outcomeIndicators({ attended: true, heardInSpecialRoom: true, heardRemotely: true })).toEqual([
      'hearings_supported',
      'hearings_in_special_room',
      'hearings_remote',
    ]);
    expect(outcomeIndicators({ attended: false, heardInSpecialRoom: true, heardRemotely: false })).toEqual(
      [],
    );
  });

  it('counts interpreting only for a person known not to be Romanian', () => {
    const interpreted = { interpreterLanguage: 'uk', accommodations: [] };
    expect(interpreterForForeignNational(interpreted, 'UA')).toBe(true);
    expect(interpreterForForeignNational(interpreted, 'RO')).toBe(false);
    expect(interpreterForForeignNational(interpreted, undefined)).toBe(false);
    expect(interpreterForForeignNational({ accommodations: ['interpreter'] }, 'MD')).toBe(true);
    expect(interpreterForForeignNational({ accommodations: ['psychologist'] }, 'MD')).toBe(false);
  });
});

describe('CreateHearingBody', () => {
  it('keeps a place on one line and names each accommodation once', () => {
    const base = { startsAt: '2026-12-10T10:00:00+02:00', durationMinutes: 60, kind: 'other' };
    const parsed = CreateHearingBody.parse({ ...base, publicLocation: '  Str.\nUnirii\t10 ' });
    expect(parsed).toMatchObject({ publicLocation: 'Str. Unirii 10', startsAt: '2026-12-10T08:00:00.000Z' });
    expect(parsed).toMatchObject({ room: 'standard', accommodations: [], remindVictim: true });
    expect(CreateHearingBody.safeParse({ ...base, accommodations: ['transport', 'transport'] }).success).toBe(
      false,
    );
  });
});

describe('outbox rules', () => {
  it('backs off exponentially up to the cap', () => {
    expect([1, 2, 3, 4, 5, 10].map((n) => retryDelayMs(n, 60, 600) / 1000)).toEqual([
      60, 120, 240, 480, 600, 600,
    ]);
  });

  it('drops a reminder once the appointment began, never a cancellation notice', () => {
    const params = { startsAt: '2026-12-10T08:00:00.000Z' };
    const now = new Date('2026-12-10T08:00:00.000Z');
    expect(tooLate({ kind: 'reminder', params }, now)).toBe(true);
    expect(tooLate({ kind: 'reminder', params }, new Date('2026-12-10T07:59:00.000Z'))).toBe(false);
    expect(tooLate({ kind: 'cancellation_notice', params }, now)).toBe(false);
  });

  it('needs the survey consent for survey messages and the reminder consent for the rest', () => {
    expect(consentFor('survey_invitation')).toBe('feedbackSurveys');
    expect(consentFor('change_notice')).toBe('smsReminders');
  });
});

describe('twiml', () => {
  it('escapes the reply and reads it back', () => {
    const document = twiml('A & B <C> "d"');
    expect(document).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response><Message>A &amp; B &lt;C&gt; &quot;d&quot;</Message></Response>',
    );
    expect(twimlMessage(document)).toBe('A & B <C> "d"');
    expect(twimlMessage(twiml(null))).toBeNull();
  });
});
