// Reads an .ics the way a calendar client would, with Mozilla's ical.js, so tests check what a real parser
// understands rather than how our own lines look.
import ICAL from 'ical.js';

export interface ParsedEvent {
  uid: string;
  summary: string;
  location: string | null;
  description: string | null;
  start: Date;
  end: Date;
  /** Whether DTSTART and DTEND were written in UTC (`...Z`), which no reader can take for another instant. */
  utc: boolean;
  status: string | null;
  sequence: number;
  lastModified: Date | null;
}

export interface ParsedCalendar {
  // No calendar name: ical.js knows neither NAME (RFC 7986) nor X-WR-CALNAME, so it leaves their escapes in.
  timezone: string | null;
  /** VTIMEZONE components: none are needed when every time is UTC. */
  timezones: number;
  events: ParsedEvent[];
}

const text = (component: ICAL.Component, name: string): string | null => {
  const value = component.getFirstPropertyValue(name);
  return value === null ? null : String(value);
};

/** Throws, as ical.js does, on anything that is not an iCalendar object. */
export function parseCalendar(ics: string): ParsedCalendar {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  if (calendar.name !== 'vcalendar') throw new Error(`Expected a VCALENDAR, got ${calendar.name}`);
  return {
    timezone: text(calendar, 'x-wr-timezone'),
    timezones: calendar.getAllSubcomponents('vtimezone').length,
    events: calendar.getAllSubcomponents('vevent').map((vevent) => {
      const event = new ICAL.Event(vevent);
      const modified = vevent.getFirstPropertyValue('last-modified');
      return {
        uid: event.uid,
        summary: event.summary,
        location: text(vevent, 'location'),
        description: text(vevent, 'description'),
        start: event.startDate.toJSDate(),
        end: event.endDate.toJSDate(),
        utc:
          event.startDate.zone === ICAL.Timezone.utcTimezone &&
          event.endDate.zone === ICAL.Timezone.utcTimezone,
        status: text(vevent, 'status'),
        sequence: event.sequence,
        lastModified: modified instanceof ICAL.Time ? modified.toJSDate() : null,
      };
    }),
  };
}
