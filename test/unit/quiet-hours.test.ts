import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_QUIET_HOURS,
  isQuiet,
  lastAllowedBefore,
  nextAllowedTime,
  type QuietHours,
} from '../../shared/domain/quiet-hours.ts';

const quiet = (overrides: Partial<QuietHours> = {}): QuietHours => ({ ...DEFAULT_QUIET_HOURS, ...overrides });
const iso = (d: Date) => d.toISOString();

describe('isQuiet', () => {
  it.each([
    ['2026-06-10T20:59:00+03:00', false],
    ['2026-06-10T21:00:00+03:00', true],
    ['2026-06-11T02:00:00+03:00', true],
    ['2026-06-11T07:59:59+03:00', true],
    ['2026-06-11T08:00:00+03:00', false],
    ['2026-12-10T20:59:00+02:00', false],
    ['2026-12-10T21:00:00+02:00', true],
    ['2026-12-11T08:00:00+02:00', false],
  ])('says %s is quiet: %s', (instant, expected) => {
    expect(isQuiet(new Date(instant), quiet())).toBe(expected);
  });

  it('uses Bucharest time and 21:00-08:00 by default', () => {
    // 19:30 UTC is 22:30 in Bucharest summer time.
    expect(isQuiet(new Date('2026-06-10T19:30:00Z'))).toBe(true);
  });

  it('follows the clock on the spring-change night: 04:30 EEST is quiet, 08:00 EEST is not', () => {
    expect(isQuiet(new Date('2026-03-29T01:30:00Z'))).toBe(true);
    expect(isQuiet(new Date('2026-03-29T05:00:00Z'))).toBe(false);
    expect(isQuiet(new Date('2026-03-29T04:59:00Z'))).toBe(true);
  });

  it('follows the clock on the autumn-change night: 08:00 EET is 06:00 UTC', () => {
    expect(isQuiet(new Date('2026-10-25T05:59:00Z'))).toBe(true);
    expect(isQuiet(new Date('2026-10-25T06:00:00Z'))).toBe(false);
  });

  it('handles a period within one day', () => {
    const lunch = quiet({ start: '13:00', end: '14:00' });
    expect(isQuiet(new Date('2026-06-10T13:30:00+03:00'), lunch)).toBe(true);
    expect(isQuiet(new Date('2026-06-10T14:00:00+03:00'), lunch)).toBe(false);
    expect(isQuiet(new Date('2026-06-10T02:00:00+03:00'), lunch)).toBe(false);
  });

  it('treats equal start and end as no quiet hours at all', () => {
    expect(isQuiet(new Date('2026-06-10T02:00:00+03:00'), quiet({ start: '08:00', end: '08:00' }))).toBe(
      false,
    );
  });

  it('rejects a clock time that is not HH:MM', () => {
    expect(() => isQuiet(new Date(), quiet({ start: '9:00' }))).toThrow(/HH:MM/);
    expect(() => isQuiet(new Date(), quiet({ end: '24:00' }))).toThrow(RangeError);
  });
});

describe('nextAllowedTime', () => {
  it('leaves an allowed instant as it is', () => {
    expect(iso(nextAllowedTime(new Date('2026-06-10T12:34:56Z')))).toBe('2026-06-10T12:34:56.000Z');
  });

  it('defers a message due at 22:00 to 08:00 the next morning', () => {
    expect(iso(nextAllowedTime(new Date('2026-06-10T22:00:00+03:00')))).toBe('2026-06-11T05:00:00.000Z');
  });

  it('defers a message due at 02:00 to 08:00 the same morning', () => {
    expect(iso(nextAllowedTime(new Date('2026-12-11T02:00:00+02:00')))).toBe('2026-12-11T06:00:00.000Z');
  });

  it('defers across the spring change to 08:00 EEST', () => {
    expect(iso(nextAllowedTime(new Date('2026-03-28T21:30:00+02:00')))).toBe('2026-03-29T05:00:00.000Z');
  });

  it('defers across the autumn change to 08:00 EET', () => {
    expect(iso(nextAllowedTime(new Date('2026-10-24T23:00:00+03:00')))).toBe('2026-10-25T06:00:00.000Z');
  });

  it('defers from either pass of the repeated 03:30 to the same 08:00 EET', () => {
    expect(iso(nextAllowedTime(new Date('2026-10-25T00:30:00Z')))).toBe('2026-10-25T06:00:00.000Z');
    expect(iso(nextAllowedTime(new Date('2026-10-25T01:30:00Z')))).toBe('2026-10-25T06:00:00.000Z');
  });

  it('defers to the end of a period within one day', () => {
    const lunch = quiet({ start: '13:00', end: '14:00' });
    expect(iso(nextAllowedTime(new Date('2026-06-10T13:30:00+03:00'), lunch))).toBe(
      '2026-06-10T11:00:00.000Z',
    );
  });
});

describe('lastAllowedBefore', () => {
  it('leaves an allowed instant as it is', () => {
    expect(iso(lastAllowedBefore(new Date('2026-06-10T20:59:00+03:00')))).toBe('2026-06-10T17:59:00.000Z');
  });

  it('moves a reminder that falls at 02:00 to 20:00 the evening before', () => {
    expect(iso(lastAllowedBefore(new Date('2026-06-11T02:00:00+03:00')))).toBe('2026-06-10T17:00:00.000Z');
  });

  it('moves a reminder that falls at 23:00 to 20:00 the same evening', () => {
    expect(iso(lastAllowedBefore(new Date('2026-12-10T23:00:00+02:00')))).toBe('2026-12-10T18:00:00.000Z');
  });

  it('moves a reminder that falls at exactly 21:00 to 20:00', () => {
    expect(iso(lastAllowedBefore(new Date('2026-06-10T21:00:00+03:00')))).toBe('2026-06-10T17:00:00.000Z');
  });

  it('moves a reminder at 04:30 EEST after the spring change to 20:00 EET the evening before', () => {
    expect(iso(lastAllowedBefore(new Date('2026-03-29T01:30:00Z')))).toBe('2026-03-28T18:00:00.000Z');
  });

  it('moves a reminder in either pass of the repeated 03:30 to 20:00 EEST the evening before', () => {
    expect(iso(lastAllowedBefore(new Date('2026-10-25T00:30:00Z')))).toBe('2026-10-24T17:00:00.000Z');
    expect(iso(lastAllowedBefore(new Date('2026-10-25T01:30:00Z')))).toBe('2026-10-24T17:00:00.000Z');
  });

  it('stops at the end of the previous quiet period when less than an hour is allowed between them', () => {
    const nearlyAlways = quiet({ start: '21:00', end: '20:30' });
    expect(iso(lastAllowedBefore(new Date('2026-06-10T23:00:00+03:00'), nearlyAlways))).toBe(
      '2026-06-10T17:30:00.000Z',
    );
  });
});

describe('quiet hours over a whole year', () => {
  const anyInstant = fc.date({
    min: new Date('2026-01-01T00:00:00Z'),
    max: new Date('2027-01-01T00:00:00Z'),
    noInvalidDate: true,
  });

  // The night is 11 hours on the wall clock; the autumn change makes one of them 12 real hours
  // (21:00 EEST to 08:00 EET), the spring change one of them 10.
  it('defers every instant to an allowed time no earlier than it', () => {
    fc.assert(
      fc.property(anyInstant, (instant) => {
        const next = nextAllowedTime(instant);
        expect(isQuiet(next)).toBe(false);
        expect(next.getTime()).toBeGreaterThanOrEqual(instant.getTime());
        expect(next.getTime() - instant.getTime()).toBeLessThanOrEqual(12 * 3_600_000);
      }),
    );
  });

  it('waits 12 real hours from the start of the autumn-change night and 10 from the spring one', () => {
    const autumnStart = new Date('2026-10-24T18:00:00Z'); // 21:00 EEST
    expect(nextAllowedTime(autumnStart).getTime() - autumnStart.getTime()).toBe(12 * 3_600_000);
    const springStart = new Date('2026-03-28T19:00:00Z'); // 21:00 EET
    expect(nextAllowedTime(springStart).getTime() - springStart.getTime()).toBe(10 * 3_600_000);
  });

  // Every minute of both change days and the nights around them, so the bounds above do not rest on
  // where a random sample happens to fall.
  it.each([
    ['spring', '2026-03-27T12:00:00Z'],
    ['autumn', '2026-10-23T12:00:00Z'],
  ])('holds both bounds at every minute around the %s change', (_change, from) => {
    const start = new Date(from).getTime();
    for (let m = 0; m < 3 * 24 * 60; m += 1) {
      const instant = new Date(start + m * 60_000);
      const next = nextAllowedTime(instant);
      const last = lastAllowedBefore(instant);
      if (isQuiet(next) || isQuiet(last)) throw new Error(`quiet result for ${iso(instant)}`);
      const wait = next.getTime() - instant.getTime();
      const lead = instant.getTime() - last.getTime();
      if (wait < 0 || wait > 12 * 3_600_000) throw new Error(`waits ${wait} ms from ${iso(instant)}`);
      if (lead < 0 || lead > 13 * 3_600_000) throw new Error(`moves ${lead} ms back from ${iso(instant)}`);
    }
  });

  it('moves every instant to an allowed time no later than it', () => {
    fc.assert(
      fc.property(anyInstant, (instant) => {
        const last = lastAllowedBefore(instant);
        expect(isQuiet(last)).toBe(false);
        expect(last.getTime()).toBeLessThanOrEqual(instant.getTime());
        expect(instant.getTime() - last.getTime()).toBeLessThanOrEqual(13 * 3_600_000);
      }),
    );
  });
});
