import { describe, expect, it } from 'vitest';
import {
  ageBand,
  halfYearOf,
  isMinor,
  isoWeekOf,
  isValidPeriod,
  periodRange,
} from '../../shared/domain/periods.ts';

const at = (iso: string) => new Date(iso);

describe('halfYearOf', () => {
  it.each([
    ['2026-03-15T12:00:00Z', '2026-S1'],
    ['2026-09-15T12:00:00Z', '2026-S2'],
    // 00:30 on 1 July in Bucharest while still 30 June in UTC.
    ['2026-06-30T21:30:00Z', '2026-S2'],
    ['2026-06-30T20:59:59Z', '2026-S1'],
    // Bucharest's new year starts at 22:00 UTC.
    ['2025-12-31T22:00:00Z', '2026-S1'],
    ['2025-12-31T21:59:59Z', '2025-S2'],
  ])('puts %s in %s', (instant, period) => {
    expect(halfYearOf(at(instant))).toBe(period);
  });
});

describe('periodRange', () => {
  it('spans local 1 January to local 1 July for S1', () => {
    const { from, to } = periodRange('2026-S1');
    expect([from.toISOString(), to.toISOString()]).toEqual([
      '2025-12-31T22:00:00.000Z',
      '2026-06-30T21:00:00.000Z',
    ]);
  });

  it('spans local 1 July to local 1 January for S2, summer offset at the start and winter at the end', () => {
    const { from, to } = periodRange('2026-S2');
    expect([from.toISOString(), to.toISOString()]).toEqual([
      '2026-06-30T21:00:00.000Z',
      '2026-12-31T22:00:00.000Z',
    ]);
  });

  it('agrees with halfYearOf at both ends, the end being exclusive', () => {
    const { from, to } = periodRange('2027-S2');
    expect(halfYearOf(from)).toBe('2027-S2');
    expect(halfYearOf(new Date(from.getTime() - 1))).toBe('2027-S1');
    expect(halfYearOf(new Date(to.getTime() - 1))).toBe('2027-S2');
    expect(halfYearOf(to)).toBe('2028-S1');
  });

  it('rejects a string that is not a period', () => {
    expect(() => periodRange('2026-S3')).toThrow(/Not a period/);
  });
});

describe('isValidPeriod', () => {
  it.each([
    ['2026-S1', true],
    ['2026-S2', true],
    ['2026-S3', false],
    ['2026-s1', false],
    ['26-S1', false],
    ['2026-S1 ', false],
    ['2026-H1', false],
    ['', false],
  ])('says %j is a period: %s', (s, expected) => {
    expect(isValidPeriod(s)).toBe(expected);
  });
});

describe('isoWeekOf', () => {
  it.each([
    ['2026-01-01T12:00:00Z', '2026-W01'],
    ['2026-06-10T12:00:00Z', '2026-W24'],
    // 2026 starts on a Thursday, so it has 53 weeks and 1 January 2027 (a Friday) is in its last.
    ['2027-01-01T12:00:00Z', '2026-W53'],
    ['2027-01-04T12:00:00Z', '2027-W01'],
    // Monday 30 December 2024 belongs to the week holding Thursday 2 January 2025.
    ['2024-12-30T12:00:00Z', '2025-W01'],
    ['2021-01-03T12:00:00Z', '2020-W53'],
  ])('puts %s in %s', (instant, week) => {
    expect(isoWeekOf(at(instant))).toBe(week);
  });

  it('starts the week at Monday midnight in Bucharest, not in UTC', () => {
    expect(isoWeekOf(at('2026-01-04T21:59:00Z'))).toBe('2026-W01');
    expect(isoWeekOf(at('2026-01-04T22:00:00Z'))).toBe('2026-W02');
  });
});

describe('isMinor', () => {
  const now = at('2026-06-10T12:00:00Z');

  it('counts someone born in 2008 as a minor in 2026: they may be 17 until December', () => {
    expect(isMinor(2008, now)).toBe(true);
  });

  it('counts someone born in 2007 as an adult in 2026: they are at least 18', () => {
    expect(isMinor(2007, now)).toBe(false);
  });

  it('counts a child as a minor', () => {
    expect(isMinor(2015, now)).toBe(true);
  });

  it('keeps a person the coordinator marked as a minor a minor whatever the birth year', () => {
    expect(isMinor(1990, now, true)).toBe(true);
    expect(isMinor(undefined, now, true)).toBe(true);
  });

  it('does not count a person with no birth year and no mark as a minor', () => {
    expect(isMinor(undefined, now)).toBe(false);
    expect(isMinor(undefined, now, false)).toBe(false);
  });

  it("takes the year from Bucharest's calendar", () => {
    expect(isMinor(2007, at('2025-12-31T21:59:00Z'))).toBe(true);
    expect(isMinor(2007, at('2025-12-31T22:00:00Z'))).toBe(false);
  });

  it('rejects a birth year that is not a whole number', () => {
    expect(() => isMinor(2000.5, now)).toThrow(RangeError);
  });
});

describe('ageBand', () => {
  const now = at('2026-06-10T12:00:00Z');

  it.each([
    [2008, null],
    [2007, '18-25'],
    [2000, '18-25'],
    [1999, '26-35'],
    [1990, '26-35'],
    [1989, '36+'],
    [1950, '36+'],
  ])('puts someone born in %i in band %s in 2026', (birthYear, band) => {
    expect(ageBand(birthYear, now)).toBe(band);
  });

  it('gives no band to exactly those isMinor counts as minors', () => {
    for (let birthYear = 1980; birthYear <= 2026; birthYear++) {
      expect(ageBand(birthYear, now) === null).toBe(isMinor(birthYear, now));
    }
  });
});
