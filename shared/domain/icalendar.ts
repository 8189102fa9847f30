// Renders hearings as an RFC 5545 calendar (GET /hearings.ics). Callers pass only what may be shown: never a
// victim's name. Times are UTC (`...Z`): a Bucharest local time with a TZID cannot name the second 03:30 of the
// night clocks go back (RFC 5545 §3.3.5 reads an ambiguous local time as its first occurrence), and UTC needs
// no VTIMEZONE; X-WR-TIMEZONE still tells clients which zone to show the events in.
import { BUCHAREST, MINUTE_MS } from './bucharest-time.ts';

export type CalendarEvent = {
  uid: string;
  startsAt: Date;
  durationMinutes: number;
  summary: string;
  location?: string;
  description?: string;
  /** A cancelled event stays in the feed as STATUS:CANCELLED, so subscribed clients remove it. */
  cancelled: boolean;
  /** RFC 5545 §3.8.7.4: raised on every revision that moves or cancels it; a client keeps the highest. */
  sequence: number;
  lastModified: Date;
};

const CRLF = '\r\n';
const MAX_LINE_OCTETS = 75;

/** RFC 5545 §3.3.11 TEXT: backslash first, so the escapes added after it are not escaped again. */
export function escapeText(value: string): string {
  return (
    value
      .replace(/\\/g, '\\\\')
      .replace(/;/g, '\\;')
      .replace(/,/g, '\\,')
      .replace(/\r\n|\r|\n/g, '\\n')
      // TEXT forbids control characters other than tab; a stray one would break strict parsers.
      // biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
  );
}

function utf8Octets(char: string): number {
  const codePoint = char.codePointAt(0) ?? 0;
  if (codePoint < 0x80) return 1;
  if (codePoint < 0x800) return 2;
  return codePoint < 0x10000 ? 3 : 4;
}

/**
 * RFC 5545 §3.1: at most 75 octets a line, continuation lines begin with a space (which counts).
 * Iterating by code point keeps each UTF-8 sequence, and each surrogate pair, on one line.
 */
export function foldLine(line: string): string {
  const lines: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = utf8Octets(char);
    if (octets + size > MAX_LINE_OCTETS) {
      lines.push(current);
      current = ' ';
      octets = 1;
    }
    current += char;
    octets += size;
  }
  lines.push(current);
  return lines.join(CRLF);
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

function utcStamp(instant: Date): string {
  return (
    `${pad(instant.getUTCFullYear(), 4)}${pad(instant.getUTCMonth() + 1)}${pad(instant.getUTCDate())}` +
    `T${pad(instant.getUTCHours())}${pad(instant.getUTCMinutes())}${pad(instant.getUTCSeconds())}Z`
  );
}

function eventLines(event: CalendarEvent, dtstamp: string): string[] {
  // RFC 5545 wants DTEND after DTSTART; a zero or negative duration is a caller's bug, not a calendar.
  if (!(event.durationMinutes > 0 && Number.isFinite(event.durationMinutes))) {
    throw new RangeError(`Event ${event.uid} needs a positive duration, got ${event.durationMinutes}`);
  }
  if (!(Number.isSafeInteger(event.sequence) && event.sequence >= 0)) {
    throw new RangeError(`Event ${event.uid} needs a non-negative integer sequence, got ${event.sequence}`);
  }
  const endsAt = new Date(event.startsAt.getTime() + event.durationMinutes * MINUTE_MS);
  return [
    'BEGIN:VEVENT',
    `UID:${escapeText(event.uid)}`,
    `DTSTAMP:${dtstamp}`,
    `DTSTART:${utcStamp(event.startsAt)}`,
    `DTEND:${utcStamp(endsAt)}`,
    `SEQUENCE:${event.sequence}`,
    `STATUS:${event.cancelled ? 'CANCELLED' : 'CONFIRMED'}`,
    `LAST-MODIFIED:${utcStamp(event.lastModified)}`,
    `SUMMARY:${escapeText(event.summary)}`,
    ...(event.location === undefined ? [] : [`LOCATION:${escapeText(event.location)}`]),
    ...(event.description === undefined ? [] : [`DESCRIPTION:${escapeText(event.description)}`]),
    'END:VEVENT',
  ];
}

/** The whole calendar, CRLF-terminated; `now` becomes every event's DTSTAMP. */
export function renderCalendar(events: readonly CalendarEvent[], now: Date, calendarName: string): string {
  const dtstamp = utcStamp(now);
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Alaturi//Hearings//RO',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `NAME:${escapeText(calendarName)}`,
    `X-WR-CALNAME:${escapeText(calendarName)}`,
    `X-WR-TIMEZONE:${BUCHAREST}`,
    ...events.flatMap((event) => eventLines(event, dtstamp)),
    'END:VCALENDAR',
  ];
  return lines.map(foldLine).join(CRLF) + CRLF;
}
