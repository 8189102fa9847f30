// Renders hearings as an RFC 5545 calendar (GET /hearings.ics), in Bucharest local time with its own
// VTIMEZONE so clients need not know the zone. Callers pass only what may be shown: never a victim's name.
import { BUCHAREST, localParts, MINUTE_MS } from './bucharest-time.ts';

export type CalendarEvent = {
  uid: string;
  startsAt: Date;
  durationMinutes: number;
  summary: string;
  location?: string;
  description?: string;
};

const CRLF = '\r\n';
const MAX_LINE_OCTETS = 75;

// EU rules, in force in Romania since 1997: the onset DTSTARTs are local times in the observance
// being left (03:00 EET in March, 04:00 EEST in October), each a last Sunday of its month.
const VTIMEZONE = [
  'BEGIN:VTIMEZONE',
  `TZID:${BUCHAREST}`,
  'BEGIN:DAYLIGHT',
  'TZOFFSETFROM:+0200',
  'TZOFFSETTO:+0300',
  'TZNAME:EEST',
  'DTSTART:19970330T030000',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
  'END:DAYLIGHT',
  'BEGIN:STANDARD',
  'TZOFFSETFROM:+0300',
  'TZOFFSETTO:+0200',
  'TZNAME:EET',
  'DTSTART:19971026T040000',
  'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
  'END:STANDARD',
  'END:VTIMEZONE',
];

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

function localStamp(instant: Date): string {
  const p = localParts(instant, BUCHAREST);
  return `${pad(p.year, 4)}${pad(p.month)}${pad(p.day)}T${pad(p.hour)}${pad(p.minute)}${pad(p.second)}`;
}

function eventLines(event: CalendarEvent, dtstamp: string): string[] {
  // RFC 5545 wants DTEND after DTSTART; a zero or negative duration is a caller's bug, not a calendar.
  if (!(event.durationMinutes > 0 && Number.isFinite(event.durationMinutes))) {
    throw new RangeError(`Event ${event.uid} needs a positive duration, got ${event.durationMinutes}`);
  }
  const endsAt = new Date(event.startsAt.getTime() + event.durationMinutes * MINUTE_MS);
  return [
    'BEGIN:VEVENT',
    `UID:${escapeText(event.uid)}`,
    `DTSTAMP:${dtstamp}`,
    `DTSTART;TZID=${BUCHAREST}:${localStamp(event.startsAt)}`,
    `DTEND;TZID=${BUCHAREST}:${localStamp(endsAt)}`,
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
    ...VTIMEZONE,
    ...events.flatMap((event) => eventLines(event, dtstamp)),
    'END:VCALENDAR',
  ];
  return lines.map(foldLine).join(CRLF) + CRLF;
}
