// Wall-clock time in a named zone (Europe/Bucharest unless told), from Intl alone: storage is UTC,
// and everything a person sees (quiet hours, SMS text, calendars, periods) is local time.

export const BUCHAREST = 'Europe/Bucharest';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/** A local calendar date. */
export type LocalDate = { year: number; month: number; day: number };

/** A local wall-clock time, to the minute. */
export type LocalDateTime = LocalDate & { hour: number; minute: number };

/** `weekday` is ISO 8601: 1 = Monday … 7 = Sunday. */
export type LocalParts = LocalDateTime & { second: number; weekday: number };

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

// Building a DateTimeFormat costs far more than using one, and a Lambda reuses them across invocations.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      // h23, not hour12: false, which some ICU versions render as "24" at midnight.
      hourCycle: 'h23',
      weekday: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The local date, time and ISO weekday of an instant; throws RangeError for an invalid date or zone. */
export function localParts(instant: Date, timeZone: string = BUCHAREST): LocalParts {
  const fields: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) fields[part.type] = part.value;
  return {
    year: Number(fields['year']),
    month: Number(fields['month']),
    day: Number(fields['day']),
    hour: Number(fields['hour']),
    minute: Number(fields['minute']),
    second: Number(fields['second']),
    weekday: WEEKDAYS[fields['weekday'] ?? ''] ?? Number.NaN,
  };
}

/** The zone's offset from UTC at an instant, in milliseconds (+2 h in Bucharest winter, +3 h in summer). */
export function offsetMs(instant: Date, timeZone: string = BUCHAREST): number {
  const p = localParts(instant, timeZone);
  const wholeSeconds = Math.floor(instant.getTime() / 1000) * 1000;
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - wholeSeconds;
}

/** The calendar date `days` after (or before, when negative) a local date. */
export function addDays(date: LocalDate, days: number): LocalDate {
  const shifted = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() };
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function assertValidLocal(local: LocalDateTime): void {
  const { year, month, day, hour, minute } = local;
  const valid =
    [year, month, day, hour, minute].every(Number.isInteger) &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month) &&
    hour >= 0 &&
    hour <= 23 &&
    minute >= 0 &&
    minute <= 59;
  if (!valid) throw new RangeError(`Not a local date and time: ${JSON.stringify(local)}`);
}

function showsWallClock(instantMs: number, local: LocalDateTime, timeZone: string): boolean {
  const p = localParts(new Date(instantMs), timeZone);
  return (
    p.year === local.year &&
    p.month === local.month &&
    p.day === local.day &&
    p.hour === local.hour &&
    p.minute === local.minute
  );
}

/**
 * The instant at which the zone's clocks show `local`.
 *
 * DST makes some wall-clock times ambiguous; the choice is Temporal's "compatible" one, so it is
 * deterministic and familiar:
 * - a time skipped by the spring change (03:00-03:59 on the last Sunday of March in Bucharest) is read
 *   with the offset in force before the change, so it lands as far past the gap as it was into it:
 *   03:30 becomes 04:30 EEST (01:30Z);
 * - a time repeated by the autumn change (03:00-03:59 on the last Sunday of October) resolves to the
 *   earlier of its two instants, the summer one: 03:30 becomes 03:30 EEST (00:30Z), not EET (01:30Z).
 */
export function zonedTimeToUtc(local: LocalDateTime, timeZone: string = BUCHAREST): Date {
  assertValidLocal(local);
  const asIfUtc = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute);
  // A day either side is outside any transition near this time (zones change offset at most twice a year).
  const offsetBefore = offsetMs(new Date(asIfUtc - DAY_MS), timeZone);
  const offsetAfter = offsetMs(new Date(asIfUtc + DAY_MS), timeZone);
  const candidates = [asIfUtc - offsetBefore, asIfUtc - offsetAfter].filter((t) =>
    showsWallClock(t, local, timeZone),
  );
  if (candidates.length === 0) return new Date(asIfUtc - offsetBefore);
  return new Date(Math.min(...candidates));
}
