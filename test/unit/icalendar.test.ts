import { describe, expect, it } from 'vitest';
import { localParts } from '../../shared/domain/bucharest-time.ts';
import { calendarSequence } from '../../shared/domain/hearing.ts';
import { type CalendarEvent, renderCalendar } from '../../shared/domain/icalendar.ts';
import { parseCalendar } from '../support/calendar-parser.ts';

const NOW = new Date('2026-06-10T12:00:00Z');

const anEvent = (overrides: Partial<CalendarEvent> = {}): CalendarEvent => ({
  uid: '01JXAMPLE0000000000000000A@alaturi',
  startsAt: new Date('2026-12-10T08:00:00Z'),
  durationMinutes: 120,
  summary: 'Întâlnire P-0042',
  cancelled: false,
  sequence: 0,
  lastModified: new Date('2026-06-01T09:15:00Z'),
  ...overrides,
});

const render = (...events: CalendarEvent[]) => renderCalendar(events, NOW, 'Audieri DJ');

/** The logical lines: continuation lines joined back, the final CRLF's empty remainder dropped. */
const unfold = (ics: string): string[] =>
  ics
    .replace(/\r\n[ \t]/g, '')
    .split('\r\n')
    .slice(0, -1);

const physicalLines = (ics: string): string[] => ics.split('\r\n').slice(0, -1);

/** The lines between the n-th BEGIN:VEVENT and its END:VEVENT. */
const eventProps = (ics: string, n = 0): string[] => {
  const lines = unfold(ics);
  const begins = lines.flatMap((line, i) => (line === 'BEGIN:VEVENT' ? [i] : []));
  const begin = begins[n] ?? -1;
  return lines.slice(begin + 1, lines.indexOf('END:VEVENT', begin));
};

const prop = (lines: string[], name: string): string | undefined =>
  lines.find((line) => line.startsWith(`${name}:`) || line.startsWith(`${name};`));

describe('renderCalendar', () => {
  it('opens with the calendar header and closes the calendar', () => {
    const lines = unfold(render(anEvent()));
    expect(lines.slice(0, 5)).toEqual([
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//Alaturi//Hearings//RO',
      'CALSCALE:GREGORIAN',
      'METHOD:PUBLISH',
    ]);
    expect(lines).toContain('X-WR-CALNAME:Audieri DJ');
    expect(lines.at(-1)).toBe('END:VCALENDAR');
  });

  it('ends every line with CRLF and has no bare CR or LF', () => {
    const ics = render(anEvent({ description: 'rândul 1\nrândul 2\rrândul 3' }));
    expect(ics.endsWith('\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it('needs no VTIMEZONE, since every time is UTC, and names Bucharest as the zone to show', () => {
    const lines = unfold(render(anEvent()));
    expect(lines).not.toContain('BEGIN:VTIMEZONE');
    expect(lines.some((line) => line.includes('TZID'))).toBe(false);
    expect(lines).toContain('X-WR-TIMEZONE:Europe/Bucharest');
  });

  it('writes an event with its UID, UTC times, sequence, status, summary, location and description', () => {
    const props = eventProps(
      render(anEvent({ location: 'Str. Unirii 10', description: 'Însoțitor: da', durationMinutes: 90 })),
    );
    expect(props).toEqual([
      'UID:01JXAMPLE0000000000000000A@alaturi',
      'DTSTAMP:20260610T120000Z',
      'DTSTART:20261210T080000Z',
      'DTEND:20261210T093000Z',
      'SEQUENCE:0',
      'STATUS:CONFIRMED',
      'LAST-MODIFIED:20260601T091500Z',
      'SUMMARY:Întâlnire P-0042',
      'LOCATION:Str. Unirii 10',
      'DESCRIPTION:Însoțitor: da',
    ]);
  });

  it('writes a winter hearing at its UTC time, which Bucharest shows two hours later', () => {
    const [event] = parseCalendar(render(anEvent({ startsAt: new Date('2026-12-10T08:00:00Z') }))).events;
    expect(event?.utc).toBe(true);
    expect(event?.start.toISOString()).toBe('2026-12-10T08:00:00.000Z');
    expect(event?.end.toISOString()).toBe('2026-12-10T10:00:00.000Z');
    expect(localParts(event?.start ?? new Date(Number.NaN))).toMatchObject({ day: 10, hour: 10, minute: 0 });
  });

  it('writes a summer hearing at its UTC time, which Bucharest shows three hours later', () => {
    const ics = render(anEvent({ startsAt: new Date('2026-07-15T06:30:00Z'), durationMinutes: 45 }));
    const [event] = parseCalendar(ics).events;
    expect(event?.start.toISOString()).toBe('2026-07-15T06:30:00.000Z');
    expect(event?.end.toISOString()).toBe('2026-07-15T07:15:00.000Z');
    expect(localParts(event?.start ?? new Date(Number.NaN))).toMatchObject({ hour: 9, minute: 30 });
  });

  it('keeps apart the two 03:30s of the night clocks go back (31 October 2027), as a parser reads them', () => {
    // 04:00 EEST becomes 03:00 EET: 03:30 happens at 00:30 UTC and again at 01:30 UTC.
    const firstTime = new Date('2027-10-31T00:30:00Z');
    const secondTime = new Date('2027-10-31T01:30:00Z');
    expect(localParts(firstTime)).toMatchObject({ day: 31, hour: 3, minute: 30 });
    expect(localParts(secondTime)).toMatchObject({ day: 31, hour: 3, minute: 30 });
    const ics = render(
      anEvent({ uid: 'first-0330', startsAt: firstTime, durationMinutes: 30 }),
      anEvent({ uid: 'second-0330', startsAt: secondTime, durationMinutes: 30 }),
    );
    expect(prop(eventProps(ics, 0), 'DTSTART')).toBe('DTSTART:20271031T003000Z');
    expect(prop(eventProps(ics, 1), 'DTSTART')).toBe('DTSTART:20271031T013000Z');
    const [first, second] = parseCalendar(ics).events;
    expect(first?.start.toISOString()).toBe('2027-10-31T00:30:00.000Z');
    expect(first?.end.toISOString()).toBe('2027-10-31T01:00:00.000Z');
    expect(second?.start.toISOString()).toBe('2027-10-31T01:30:00.000Z');
    expect(second?.end.toISOString()).toBe('2027-10-31T02:00:00.000Z');
  });

  it('ends a two-hour event that spans the autumn change two hours after it starts', () => {
    const [event] = parseCalendar(render(anEvent({ startsAt: new Date('2026-10-25T00:00:00Z') }))).events;
    // 03:00 EEST to 04:00 EET on the wall clock: two hours, not one.
    expect(event?.end.getTime()).toBe(new Date('2026-10-25T02:00:00Z').getTime());
  });

  it('writes the spring-forward night in UTC too (29 March 2026, 02:30 to 05:30 Bucharest)', () => {
    const [event] = parseCalendar(render(anEvent({ startsAt: new Date('2026-03-29T00:30:00Z') }))).events;
    expect(event?.start.toISOString()).toBe('2026-03-29T00:30:00.000Z');
    expect(event?.end.toISOString()).toBe('2026-03-29T02:30:00.000Z');
  });

  it('keeps a cancelled event in the calendar as STATUS:CANCELLED with its sequence', () => {
    const ics = render(
      anEvent({ uid: 'kept' }),
      anEvent({ uid: 'called-off', cancelled: true, sequence: 2 }),
    );
    const events = parseCalendar(ics).events;
    expect(events.map((e) => [e.uid, e.status, e.sequence])).toEqual([
      ['kept', 'CONFIRMED', 0],
      ['called-off', 'CANCELLED', 2],
    ]);
  });

  it('writes the sequence it is given, so a rescheduled event outranks the copy a client holds', () => {
    const [event] = parseCalendar(render(anEvent({ sequence: 3 }))).events;
    expect(event?.sequence).toBe(3);
    expect(event?.lastModified?.toISOString()).toBe('2026-06-01T09:15:00.000Z');
  });

  it('rejects a negative or fractional sequence', () => {
    expect(() => render(anEvent({ sequence: -1 }))).toThrow(RangeError);
    expect(() => render(anEvent({ sequence: 1.5 }))).toThrow(RangeError);
  });

  it('reads back through ical.js with the same text it was given, escapes and folds undone', () => {
    const longText = 'Însoțitor de încredere, psiholog și interpret (uk) 🚌 transport asigurat; '.repeat(3);
    const ics = renderCalendar(
      [
        anEvent({
          summary: 'Audiere; sala 2, etaj 1',
          location: 'Str. Unirii 10, Craiova',
          description: `Dosar C:\\acte\nrândul 2 ${longText}`,
        }),
      ],
      NOW,
      'Audieri DJ',
    );
    const calendar = parseCalendar(ics);
    expect(calendar.timezone).toBe('Europe/Bucharest');
    expect(calendar.timezones).toBe(0);
    expect(calendar.events).toEqual([
      {
        uid: '01JXAMPLE0000000000000000A@alaturi',
        summary: 'Audiere; sala 2, etaj 1',
        location: 'Str. Unirii 10, Craiova',
        description: `Dosar C:\\acte\nrândul 2 ${longText}`,
        start: new Date('2026-12-10T08:00:00Z'),
        end: new Date('2026-12-10T10:00:00Z'),
        utc: true,
        status: 'CONFIRMED',
        sequence: 0,
        lastModified: new Date('2026-06-01T09:15:00Z'),
      },
    ]);
  });

  it('leaves out LOCATION and DESCRIPTION when there are none', () => {
    const props = eventProps(render(anEvent()));
    expect(prop(props, 'LOCATION')).toBeUndefined();
    expect(prop(props, 'DESCRIPTION')).toBeUndefined();
  });

  it('escapes backslashes, semicolons, commas and newlines in text', () => {
    const props = eventProps(
      render(
        anEvent({
          summary: 'Audiere; sala 2, etaj 1',
          location: 'Str. Unirii 10, Craiova',
          description: 'Dosar C:\\acte\nrândul 2\r\nrândul 3',
        }),
      ),
    );
    expect(prop(props, 'SUMMARY')).toBe('SUMMARY:Audiere\\; sala 2\\, etaj 1');
    expect(prop(props, 'LOCATION')).toBe('LOCATION:Str. Unirii 10\\, Craiova');
    expect(prop(props, 'DESCRIPTION')).toBe('DESCRIPTION:Dosar C:\\\\acte\\nrândul 2\\nrândul 3');
  });

  it('drops control characters other than tab, which TEXT forbids', () => {
    const props = eventProps(render(anEvent({ summary: 'Sala\u0007 2\tetaj\u001b 1' })));
    expect(prop(props, 'SUMMARY')).toBe('SUMMARY:Sala 2\tetaj 1');
  });

  it('escapes the calendar name', () => {
    expect(unfold(renderCalendar([], NOW, 'Audieri; DJ, 2026'))).toContain(
      'X-WR-CALNAME:Audieri\\; DJ\\, 2026',
    );
  });

  it('writes events in the order given', () => {
    const ics = render(anEvent({ uid: 'first' }), anEvent({ uid: 'second' }));
    expect(prop(eventProps(ics, 0), 'UID')).toBe('UID:first');
    expect(prop(eventProps(ics, 1), 'UID')).toBe('UID:second');
  });

  it('rejects an event with no duration', () => {
    expect(() => render(anEvent({ durationMinutes: 0 }))).toThrow(RangeError);
  });

  describe('line folding', () => {
    const longText = 'Însoțitor de încredere, psiholog și interpret (uk) 🚌 transport asigurat; '.repeat(6);

    it('keeps every physical line within 75 octets', () => {
      const ics = render(anEvent({ description: longText, location: longText }));
      const lengths = physicalLines(ics).map((line) => Buffer.byteLength(line, 'utf8'));
      expect(Math.max(...lengths)).toBeLessThanOrEqual(75);
      expect(lengths.filter((n) => n > 70).length).toBeGreaterThan(4);
    });

    it('starts each continuation line with a space and unfolds back to the whole property', () => {
      const ics = render(anEvent({ summary: longText }));
      const summary = prop(eventProps(ics), 'SUMMARY');
      expect(summary).toBe(`SUMMARY:${longText.replace(/;/g, '\\;').replace(/,/g, '\\,')}`);
      const folded = physicalLines(ics);
      const first = folded.findIndex((line) => line.startsWith('SUMMARY:'));
      expect(folded[first + 1]?.startsWith(' ')).toBe(true);
    });

    it('never splits a multi-byte character between lines', () => {
      const ics = render(anEvent({ description: longText }));
      for (const line of physicalLines(ics)) {
        // A split UTF-8 sequence or surrogate pair would not survive encoding and decoding.
        expect(Buffer.from(line, 'utf8').toString('utf8')).toBe(line);
      }
    });

    it('leaves a 75-octet line whole and folds a 76-octet one after octet 75', () => {
      const exact = physicalLines(render(anEvent({ summary: 'a'.repeat(67) })));
      expect(exact).toContain(`SUMMARY:${'a'.repeat(67)}`);
      const over = physicalLines(render(anEvent({ summary: 'a'.repeat(68) })));
      const at = over.indexOf(`SUMMARY:${'a'.repeat(67)}`);
      expect(over[at + 1]).toBe(' a');
    });

    it('moves a two-octet letter that would straddle octet 75 to the next line', () => {
      const lines = physicalLines(render(anEvent({ summary: `${'a'.repeat(66)}ăb` })));
      const at = lines.indexOf(`SUMMARY:${'a'.repeat(66)}`);
      expect(at).toBeGreaterThan(-1);
      expect(lines[at + 1]).toBe(' ăb');
    });

    it('keeps a four-octet emoji, a surrogate pair, whole on the next line', () => {
      const lines = physicalLines(render(anEvent({ summary: `${'a'.repeat(64)}🚌` })));
      const at = lines.indexOf(`SUMMARY:${'a'.repeat(64)}`);
      expect(at).toBeGreaterThan(-1);
      expect(lines[at + 1]).toBe(' 🚌');
    });
  });
});

describe('calendarSequence', () => {
  const booked = {
    sequence: 1,
    startsAt: '2026-12-10T08:00:00.000Z',
    durationMinutes: 120,
    publicLocation: 'Str. Unirii 10',
    status: 'scheduled' as const,
  };

  it('raises the sequence when the hearing moves, lengthens or changes place', () => {
    expect(calendarSequence(booked, { ...booked, startsAt: '2026-12-12T08:00:00.000Z' })).toBe(2);
    expect(calendarSequence(booked, { ...booked, durationMinutes: 90 })).toBe(2);
    expect(calendarSequence(booked, { ...booked, publicLocation: undefined })).toBe(2);
  });

  it('raises the sequence when the hearing is cancelled', () => {
    expect(calendarSequence(booked, { ...booked, status: 'cancelled' })).toBe(2);
  });

  it('keeps the sequence for a change a calendar does not show, such as an outcome', () => {
    expect(calendarSequence(booked, { ...booked })).toBe(1);
    expect(calendarSequence(booked, { ...booked, status: 'completed' })).toBe(1);
  });

  it('counts from 0 for a hearing stored before the calendar kept a sequence', () => {
    const { sequence: _, ...older } = booked;
    expect(calendarSequence(older, { ...older, startsAt: '2026-12-12T08:00:00.000Z' })).toBe(1);
  });
});
