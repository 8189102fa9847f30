import { describe, expect, it } from 'vitest';
import { DEFAULT_QUIET_HOURS } from '../../shared/domain/quiet-hours.ts';
import { type ReminderScheduleInput, scheduleReminders } from '../../shared/domain/reminder-schedule.ts';

// A hearing well ahead of `now` unless a test says otherwise; times carry their Bucharest offset.
const schedule = (
  startsAt: string,
  overrides: Partial<Omit<ReminderScheduleInput, 'startsAt' | 'now'>> & { now?: string } = {},
): string[] =>
  scheduleReminders({
    quiet: DEFAULT_QUIET_HOURS,
    ...overrides,
    startsAt: new Date(startsAt),
    now: new Date(overrides.now ?? '2026-01-01T00:00:00Z'),
  }).map((d) => d.toISOString());

describe('scheduleReminders', () => {
  it('sends 72 h and 24 h before a midday hearing', () => {
    expect(schedule('2026-06-12T12:00:00+03:00')).toEqual([
      '2026-06-09T09:00:00.000Z',
      '2026-06-11T09:00:00.000Z',
    ]);
  });

  it('uses 72 h and 24 h and the default quiet hours when given neither', () => {
    const sendAt = scheduleReminders({
      startsAt: new Date('2026-06-12T07:00:00+03:00'),
      now: new Date('2026-06-01T00:00:00Z'),
    });
    expect(sendAt.map((d) => d.toISOString())).toEqual([
      '2026-06-08T17:00:00.000Z',
      '2026-06-10T17:00:00.000Z',
    ]);
  });

  it('moves both reminders of a 07:00 hearing from 07:00 to 20:00 the evening before', () => {
    expect(schedule('2026-12-10T07:00:00+02:00')).toEqual([
      '2026-12-06T18:00:00.000Z',
      '2026-12-08T18:00:00.000Z',
    ]);
  });

  it('moves a 12 h reminder of a 09:00 hearing from 21:00 to 20:00 the same evening', () => {
    expect(schedule('2026-06-12T09:00:00+03:00', { offsetsHours: [12] })).toEqual([
      '2026-06-11T17:00:00.000Z',
    ]);
  });

  it('keeps a reminder at 08:00, the first allowed minute', () => {
    expect(schedule('2026-06-12T08:00:00+03:00', { offsetsHours: [24] })).toEqual([
      '2026-06-11T05:00:00.000Z',
    ]);
  });

  it('honours other quiet hours', () => {
    const late = { start: '22:00', end: '07:00', timeZone: 'Europe/Bucharest' };
    expect(schedule('2026-06-12T07:00:00+03:00', { quiet: late, offsetsHours: [24] })).toEqual([
      '2026-06-11T04:00:00.000Z',
    ]);
  });

  describe('across the spring change (29 March 2026, 03:00 EET becomes 04:00 EEST)', () => {
    it('sends a 09:00 Monday hearing its reminders at 08:00 EET Friday and 09:00 EEST Sunday', () => {
      expect(schedule('2026-03-30T09:00:00+03:00')).toEqual([
        '2026-03-27T06:00:00.000Z',
        '2026-03-29T06:00:00.000Z',
      ]);
    });

    it('keeps the 24 h reminder of a 09:00 hearing on the change day at 08:00 EET the day before', () => {
      expect(schedule('2026-03-29T09:00:00+03:00')).toEqual([
        '2026-03-26T06:00:00.000Z',
        '2026-03-28T06:00:00.000Z',
      ]);
    });

    it('moves the 72 h reminder of an 08:30 Monday hearing, which lands at 07:30 EET, to 20:00 the evening before', () => {
      expect(schedule('2026-03-30T08:30:00+03:00')).toEqual([
        '2026-03-26T18:00:00.000Z',
        '2026-03-29T05:30:00.000Z',
      ]);
    });

    it('moves both reminders of an 08:30 hearing on the change day to 20:00 EET', () => {
      expect(schedule('2026-03-29T08:30:00+03:00')).toEqual([
        '2026-03-25T18:00:00.000Z',
        '2026-03-27T18:00:00.000Z',
      ]);
    });
  });

  describe('across the autumn change (25 October 2026, 04:00 EEST becomes 03:00 EET)', () => {
    it('sends an 08:30 Monday hearing its reminders at 09:30 EEST Friday and 08:30 EET Sunday', () => {
      expect(schedule('2026-10-26T08:30:00+02:00')).toEqual([
        '2026-10-23T06:30:00.000Z',
        '2026-10-25T06:30:00.000Z',
      ]);
    });

    it('sends a 09:00 Monday hearing its 24 h reminder at 09:00 EET Sunday', () => {
      expect(schedule('2026-10-26T09:00:00+02:00')).toEqual([
        '2026-10-23T07:00:00.000Z',
        '2026-10-25T07:00:00.000Z',
      ]);
    });

    it('keeps the reminders of a 07:30 hearing on the change day, which the extra hour puts at 08:30 EEST', () => {
      expect(schedule('2026-10-25T07:30:00+02:00')).toEqual([
        '2026-10-22T05:30:00.000Z',
        '2026-10-24T05:30:00.000Z',
      ]);
    });

    it('moves only the 24 h reminder of a 07:00 Monday hearing, at 07:00 EET, to 20:00 EEST Saturday', () => {
      expect(schedule('2026-10-26T07:00:00+02:00')).toEqual([
        '2026-10-23T05:00:00.000Z',
        '2026-10-24T17:00:00.000Z',
      ]);
    });
  });

  describe('close to now', () => {
    it('sends only the 24 h reminder for a hearing 30 h away', () => {
      expect(schedule('2026-06-11T16:00:00Z', { now: '2026-06-10T10:00:00Z' })).toEqual([
        '2026-06-10T16:00:00.000Z',
      ]);
    });

    it('sends none for a hearing 2 h away', () => {
      expect(schedule('2026-06-10T15:00:00+03:00', { now: '2026-06-10T13:00:00+03:00' })).toEqual([]);
    });

    it('drops a reminder that quiet hours move into the past', () => {
      expect(schedule('2026-06-12T07:00:00+03:00', { now: '2026-06-10T20:30:00+03:00' })).toEqual([]);
    });

    it('drops a reminder due exactly now', () => {
      expect(schedule('2026-06-12T12:00:00+03:00', { now: '2026-06-11T12:00:00+03:00' })).toEqual([]);
    });

    it('keeps a reminder due a minute from now', () => {
      expect(schedule('2026-06-12T12:00:00+03:00', { now: '2026-06-11T11:59:00+03:00' })).toEqual([
        '2026-06-11T09:00:00.000Z',
      ]);
    });
  });

  describe('offsets', () => {
    it('sorts reminders from offsets given in any order', () => {
      expect(schedule('2026-06-12T12:00:00+03:00', { offsetsHours: [24, 72, 48] })).toEqual([
        '2026-06-09T09:00:00.000Z',
        '2026-06-10T09:00:00.000Z',
        '2026-06-11T09:00:00.000Z',
      ]);
    });

    it('keeps one reminder when two move to the same 20:00', () => {
      expect(schedule('2026-06-12T06:00:00+03:00', { offsetsHours: [24, 23] })).toEqual([
        '2026-06-10T17:00:00.000Z',
      ]);
    });

    it('keeps one reminder when two offsets fall in the same minute', () => {
      expect(schedule('2026-06-12T12:00:00+03:00', { offsetsHours: [24, 24 - 30 / 3_600] })).toEqual([
        '2026-06-11T09:00:00.000Z',
      ]);
    });

    it('drops offsets that are not before the hearing', () => {
      expect(schedule('2026-06-12T12:00:00+03:00', { offsetsHours: [0, -1, 24] })).toEqual([
        '2026-06-11T09:00:00.000Z',
      ]);
    });

    it('rejects an offset that is not a number of hours', () => {
      expect(() => schedule('2026-06-12T12:00:00+03:00', { offsetsHours: [Number.NaN] })).toThrow(RangeError);
    });
  });
});
