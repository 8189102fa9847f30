import { describe, expect, it } from 'vitest';
import { type CalendarEvent, renderCalendar } from '../../shared/domain/icalendar.ts';

const NOW = new Date('2026-06-10T12:00:00Z');

const anEvent = (overrides: Partial<CalendarEvent> = {}): CalendarEvent => ({
  uid: '01JXAMPLE0000000000000000A@alaturi',
  startsAt: new Date('2026-12-10T08:00:00Z'),
  durationMinutes: 120,
  summary: 'Întâlnire P-0042',
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

  it('describes Europe/Bucharest: EEST from the last Sunday of March, EET from the last Sunday of October', () => {
    const lines = unfold(render());
    const begin = lines.indexOf('BEGIN:VTIMEZONE');
    expect(lines.slice(begin, lines.indexOf('END:VTIMEZONE') + 1)).toEqual([
      'BEGIN:VTIMEZONE',
      'TZID:Europe/Bucharest',
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
    ]);
  });

  it('writes an event with its UID, a UTC DTSTAMP, summary, location and description', () => {
    const props = eventProps(
      render(anEvent({ location: 'Str. Unirii 10', description: 'Însoțitor: da', durationMinutes: 90 })),
    );
    expect(props).toEqual([
      'UID:01JXAMPLE0000000000000000A@alaturi',
      'DTSTAMP:20260610T120000Z',
      'DTSTART;TZID=Europe/Bucharest:20261210T100000',
      'DTEND;TZID=Europe/Bucharest:20261210T113000',
      'SUMMARY:Întâlnire P-0042',
      'LOCATION:Str. Unirii 10',
      'DESCRIPTION:Însoțitor: da',
    ]);
  });

  it('writes a winter hearing at its local time, two hours ahead of UTC', () => {
    const props = eventProps(render(anEvent({ startsAt: new Date('2026-12-10T08:00:00Z') })));
    expect(prop(props, 'DTSTART')).toBe('DTSTART;TZID=Europe/Bucharest:20261210T100000');
    expect(prop(props, 'DTEND')).toBe('DTEND;TZID=Europe/Bucharest:20261210T120000');
  });

  it('writes a summer hearing at its local time, three hours ahead of UTC', () => {
    const props = eventProps(
      render(anEvent({ startsAt: new Date('2026-07-15T06:30:00Z'), durationMinutes: 45 })),
    );
    expect(prop(props, 'DTSTART')).toBe('DTSTART;TZID=Europe/Bucharest:20260715T093000');
    expect(prop(props, 'DTEND')).toBe('DTEND;TZID=Europe/Bucharest:20260715T101500');
  });

  it('ends a two-hour event that spans the autumn change at 04:00 EET', () => {
    const props = eventProps(render(anEvent({ startsAt: new Date('2026-10-25T00:00:00Z') })));
    expect(prop(props, 'DTSTART')).toBe('DTSTART;TZID=Europe/Bucharest:20261025T030000');
    expect(prop(props, 'DTEND')).toBe('DTEND;TZID=Europe/Bucharest:20261025T040000');
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
