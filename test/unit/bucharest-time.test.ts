import { describe, expect, it } from 'vitest';
import { addDays, localParts, offsetMs, zonedTimeToUtc } from '../../shared/domain/bucharest-time.ts';

const at = (year: number, month: number, day: number, hour: number, minute: number) => ({
  year,
  month,
  day,
  hour,
  minute,
});

describe('localParts', () => {
  it('reads a winter instant two hours ahead of UTC, with the ISO weekday', () => {
    expect(localParts(new Date('2026-01-01T00:00:00Z'))).toEqual({
      year: 2026,
      month: 1,
      day: 1,
      hour: 2,
      minute: 0,
      second: 0,
      weekday: 4,
    });
  });

  it('reads a summer instant three hours ahead of UTC', () => {
    expect(localParts(new Date('2026-07-05T20:59:30Z'))).toMatchObject({
      day: 5,
      hour: 23,
      minute: 59,
      second: 30,
      weekday: 7,
    });
  });

  it('shows local midnight as hour 0, not 24', () => {
    expect(localParts(new Date('2026-07-05T21:00:00Z'))).toMatchObject({ day: 6, hour: 0, weekday: 1 });
  });

  it('reads another zone when told', () => {
    expect(localParts(new Date('2026-07-05T12:00:00Z'), 'America/New_York').hour).toBe(8);
  });
});

describe('offsetMs', () => {
  it('is +2 h just before the spring change and +3 h just after it', () => {
    expect(offsetMs(new Date('2026-03-29T00:59:00Z'))).toBe(2 * 3_600_000);
    expect(offsetMs(new Date('2026-03-29T01:00:00Z'))).toBe(3 * 3_600_000);
  });
});

describe('zonedTimeToUtc', () => {
  it('converts a winter and a summer wall time', () => {
    expect(zonedTimeToUtc(at(2026, 12, 10, 10, 0)).toISOString()).toBe('2026-12-10T08:00:00.000Z');
    expect(zonedTimeToUtc(at(2026, 7, 15, 9, 30)).toISOString()).toBe('2026-07-15T06:30:00.000Z');
  });

  it('reads 03:30 on 29 March 2026, skipped by the spring change, as 04:30 EEST', () => {
    expect(zonedTimeToUtc(at(2026, 3, 29, 3, 30)).toISOString()).toBe('2026-03-29T01:30:00.000Z');
  });

  it('reads the last minute before the gap and the first after it exactly', () => {
    expect(zonedTimeToUtc(at(2026, 3, 29, 2, 59)).toISOString()).toBe('2026-03-29T00:59:00.000Z');
    expect(zonedTimeToUtc(at(2026, 3, 29, 4, 0)).toISOString()).toBe('2026-03-29T01:00:00.000Z');
  });

  it('reads 03:30 on 25 October 2026, which happens twice, as the earlier, summer one', () => {
    expect(zonedTimeToUtc(at(2026, 10, 25, 3, 30)).toISOString()).toBe('2026-10-25T00:30:00.000Z');
  });

  it('reads 04:00 on 25 October 2026, after the repeated hour, in winter time', () => {
    expect(zonedTimeToUtc(at(2026, 10, 25, 4, 0)).toISOString()).toBe('2026-10-25T02:00:00.000Z');
  });

  it('converts in another zone when told', () => {
    expect(zonedTimeToUtc(at(2026, 7, 15, 8, 0), 'America/New_York').toISOString()).toBe(
      '2026-07-15T12:00:00.000Z',
    );
  });

  it('rejects a date that does not exist', () => {
    expect(() => zonedTimeToUtc(at(2026, 2, 29, 10, 0))).toThrow(RangeError);
    expect(() => zonedTimeToUtc(at(2026, 6, 10, 24, 0))).toThrow(/Not a local date and time/);
  });
});

describe('addDays', () => {
  it('crosses month and year ends', () => {
    expect(addDays({ year: 2026, month: 12, day: 31 }, 1)).toEqual({ year: 2027, month: 1, day: 1 });
    expect(addDays({ year: 2026, month: 3, day: 1 }, -1)).toEqual({ year: 2026, month: 2, day: 28 });
  });
});
