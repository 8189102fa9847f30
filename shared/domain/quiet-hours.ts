// Quiet hours, when no SMS may be sent (DESIGN.md "Privacy and safety rules"), in local time with DST:
// a message due in them waits for their end; a reminder that must precede an event moves before them.
import {
  addDays,
  BUCHAREST,
  HOUR_MS,
  type LocalDate,
  type LocalParts,
  localParts,
  MINUTE_MS,
  zonedTimeToUtc,
} from './bucharest-time.ts';

/** `start` and `end` are local 'HH:MM'; start after end means the period crosses midnight. */
export type QuietHours = { start: string; end: string; timeZone: string };

export const DEFAULT_QUIET_HOURS: Readonly<QuietHours> = Object.freeze({
  start: '21:00',
  end: '08:00',
  timeZone: BUCHAREST,
});

const CLOCK = /^([01]\d|2[0-3]):([0-5]\d)$/;

function minutesOfDay(clock: string): number {
  const match = CLOCK.exec(clock);
  if (!match) throw new RangeError(`Quiet hours need 'HH:MM', got '${clock}'`);
  return Number(match[1]) * 60 + Number(match[2]);
}

type Window = { start: number; end: number; crossesMidnight: boolean };

function windowOf(q: QuietHours): Window {
  const start = minutesOfDay(q.start);
  const end = minutesOfDay(q.end);
  return { start, end, crossesMidnight: start > end };
}

// start === end is read as "no quiet hours" rather than "always quiet": a configuration that silenced
// every message for good would be a worse surprise than one that silences none.
function inWindow(minute: number, w: Window): boolean {
  if (w.start === w.end) return false;
  return w.crossesMidnight ? minute >= w.start || minute < w.end : minute >= w.start && minute < w.end;
}

function minuteOf(p: LocalParts): number {
  return p.hour * 60 + p.minute;
}

function atClock(date: LocalDate, minutes: number, timeZone: string): Date {
  return zonedTimeToUtc({ ...date, hour: Math.floor(minutes / 60), minute: minutes % 60 }, timeZone);
}

/** True when the local minute of `instant` is within [start, end). */
export function isQuiet(instant: Date, q: QuietHours = DEFAULT_QUIET_HOURS): boolean {
  return inWindow(minuteOf(localParts(instant, q.timeZone)), windowOf(q));
}

/** `instant` itself when allowed; otherwise the end of its quiet period (08:00 local by default). */
export function nextAllowedTime(instant: Date, q: QuietHours = DEFAULT_QUIET_HOURS): Date {
  const w = windowOf(q);
  const p = localParts(instant, q.timeZone);
  const minute = minuteOf(p);
  if (!inWindow(minute, w)) return instant;
  const endDate = w.crossesMidnight && minute >= w.start ? addDays(p, 1) : p;
  const end = atClock(endDate, w.end, q.timeZone);
  if (end > instant) return end;
  // Only when the end's wall time is repeated by an autumn change and we are in its second pass:
  // the clock runs straight to the end from here, so count the minutes.
  return new Date(Math.floor(instant.getTime() / MINUTE_MS) * MINUTE_MS + (w.end - minute) * MINUTE_MS);
}

/**
 * `instant` itself when allowed; otherwise one hour before its quiet period began (20:00 local, the
 * evening the period started, by default), so a reminder still arrives ahead of what it announces.
 * Whether that is already past is the caller's concern: it knows `now`.
 */
export function lastAllowedBefore(instant: Date, q: QuietHours = DEFAULT_QUIET_HOURS): Date {
  const w = windowOf(q);
  const p = localParts(instant, q.timeZone);
  const minute = minuteOf(p);
  if (!inWindow(minute, w)) return instant;
  const startDate = w.crossesMidnight && minute < w.end ? addDays(p, -1) : p;
  const quietStart = atClock(startDate, w.start, q.timeZone);
  const candidate = new Date(quietStart.getTime() - HOUR_MS);
  // With less than an hour allowed between two quiet periods, the hour before reaches back into the
  // previous one; its end is then the earliest allowed moment before this one.
  return isQuiet(candidate, q) ? nextAllowedTime(candidate, q) : candidate;
}
