// Reporting periods and coarse time and age strata, all in Bucharest local time: half-years for indicators
// and survey waves, ISO weeks for survey responses, age bands and the minor rule from a birth year alone.
import { BUCHAREST, localParts, zonedTimeToUtc } from './bucharest-time.ts';

/** A half-year: S1 is January-June, S2 July-December (DOMAIN.md "Places and time"). */
export type Period = `${number}-S${1 | 2}`;

export type AgeBand = '18-25' | '26-35' | '36+';

const PERIOD = /^(\d{4})-S([12])$/;

export function isValidPeriod(s: string): s is Period {
  return PERIOD.test(s);
}

export function halfYearOf(instant: Date): Period {
  const { year, month } = localParts(instant, BUCHAREST);
  return `${year}-S${month <= 6 ? 1 : 2}`;
}

/** The UTC instants of local midnight at the period's start (`from`) and the next period's (`to`, exclusive). */
export function periodRange(period: string): { from: Date; to: Date } {
  const match = PERIOD.exec(period);
  if (!match) throw new RangeError(`Not a period like 2026-S2: '${period}'`);
  const year = Number(match[1]);
  const first = match[2] === '1';
  const midnight = { day: 1, hour: 0, minute: 0 };
  return {
    from: zonedTimeToUtc({ year, month: first ? 1 : 7, ...midnight }, BUCHAREST),
    to: zonedTimeToUtc({ year: first ? year : year + 1, month: first ? 7 : 1, ...midnight }, BUCHAREST),
  };
}

/**
 * The ISO 8601 week ('2026-W01') of the local date. Survey responses keep only this, never a timestamp,
 * so a response cannot be matched to an invitation's send time.
 */
export function isoWeekOf(instant: Date): string {
  const { year, month, day, weekday } = localParts(instant, BUCHAREST);
  // The week belongs to the ISO year that holds its Thursday.
  const thursday = new Date(Date.UTC(year, month - 1, day + 4 - weekday));
  const isoYear = thursday.getUTCFullYear();
  const dayOfYear = (thursday.getTime() - Date.UTC(isoYear, 0, 1)) / 86_400_000;
  const week = Math.floor(dayOfYear / 7) + 1;
  return `${isoYear}-W${String(week).padStart(2, '0')}`;
}

const WEEK_SECONDS = 7 * 86_400;
/** 1970-01-01 was a Thursday: weeks of epoch seconds start four days later, on Monday 00:00 UTC. */
const FIRST_MONDAY_SECONDS = 4 * 86_400;

/**
 * The first Monday 00:00 UTC at or after `epochSeconds`: the only kind of time the InsightsTable keeps
 * (TTLs and expiries included), so no stored time can be matched to a message's or a reply's exact time.
 */
export function weekCeil(epochSeconds: number): number {
  return (
    Math.ceil((epochSeconds - FIRST_MONDAY_SECONDS) / WEEK_SECONDS) * WEEK_SECONDS + FIRST_MONDAY_SECONDS
  );
}

/**
 * The youngest a person born in `birthYear` can be at some point in `now`'s local year: without the
 * birthday, someone born in 2008 may still be 17 until 31 December 2026.
 */
function youngestAge(birthYear: number, now: Date): number {
  if (!Number.isInteger(birthYear)) throw new RangeError(`A birth year is a whole number: ${birthYear}`);
  return localParts(now, BUCHAREST).year - birthYear - 1;
}

/**
 * Minor unless proven adult. A coordinator's mark wins (CPP art. 113(6): a person of uncertain age is
 * treated as a minor), even over a birth year; a birth year makes a minor until the person is surely 18,
 * i.e. while the current year minus the birth year is under 19. No birth year and no mark: not a minor.
 */
export function isMinor(birthYear: number | undefined, now: Date, markedMinor = false): boolean {
  if (markedMinor) return true;
  if (birthYear === undefined) return false;
  return youngestAge(birthYear, now) < 18;
}

/** The survey stratum, by the same youngest-possible age as isMinor; null for a (possible) minor. */
export function ageBand(birthYear: number, now: Date): AgeBand | null {
  const age = youngestAge(birthYear, now);
  if (age < 18) return null;
  if (age <= 25) return '18-25';
  if (age <= 35) return '26-35';
  return '36+';
}
