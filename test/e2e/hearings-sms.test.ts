// Issue 3 over HTTP on the real `npm start`: a hearing's discreet SMS reminders outside quiet hours, sent
// by the clock exactly once, moved by a reschedule, stopped by a cancellation and by the victim's STOP;
// overlapping hearings refused; the calendar feed with the pseudonym only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCalendar } from '../support/calendar-parser.ts';
import { aCase } from '../support/factories.ts';
import {
  bucharestAt,
  bucharestTime,
  E2E_START,
  expectedSegments,
  INDISCREET,
  inQuietHours,
  type LocalRuntime,
  now,
  type OutboxItem,
  startLocalRuntime,
  uniquePhone,
} from '../support/local-runtime.ts';

const HOUR = 3_600_000;
const PLACE = 'Str. Unirii 10, Craiova';
const victim = {
  fullName: 'Olena Remindercheck',
  pseudonym: 'V-E2E-H1',
  phone: uniquePhone(),
  language: 'uk' as const,
  nationality: 'UA',
};

let runtime: LocalRuntime;
let coordinator: string;
let caseId: string;

type Reminder = { id: string; kind: string; status: string; sendAt: string };
const pending = (reminders: Reminder[], kind = 'reminder') =>
  reminders.filter((r) => r.status === 'pending' && r.kind === kind);

// "ср, 10 груд., 07:30": weekday, day, month name and time in Bucharest, the way a Ukrainian SMS shows an
// appointment (Intl only, like the rest of these tests; the victim's +40 number needs no time-zone note).
const ukrainianTime = new Intl.DateTimeFormat('uk', {
  timeZone: 'Europe/Bucharest',
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
function smsTime(iso: string): string {
  const text = ukrainianTime.format(new Date(iso));
  const t = bucharestTime(iso);
  const two = (n: number) => String(n).padStart(2, '0');
  // The same wall-clock day and time the rest of the suite computes, with a Ukrainian weekday and month.
  expect(text).toMatch(
    new RegExp(`^(пн|вт|ср|чт|пт|сб|нд), ${t.day} \\p{L}+\\.?, ${two(t.hour)}:${two(t.minute)}$`, 'u'),
  );
  return text;
}

function expectDiscreet(message: OutboxItem) {
  expect(message.body).not.toMatch(INDISCREET);
  expect(message.body).not.toContain('Olena');
  expect(message.body).not.toContain('Remindercheck');
  expect(message.body).not.toContain(victim.pseudonym);
  expect(message.body).toContain('STOP');
  // Ukrainian needs UCS-2, and its segments follow the 70/67 rule.
  expect(message.encoding).toBe('UCS-2');
  expect(message.segments).toBe(expectedSegments(message.body, 'UCS-2'));
}

async function openCase(overrides: Parameters<typeof aCase>[0] = {}): Promise<string> {
  const res = await runtime.http('POST', '/cases', { token: coordinator, body: aCase(overrides) });
  expect(res.status).toBe(201);
  return res.body.id;
}

function hearing(startsAt: string, overrides: Record<string, unknown> = {}) {
  return {
    startsAt,
    durationMinutes: 120,
    kind: 'forensic_exam',
    publicLocation: PLACE,
    room: 'standard',
    accommodations: ['interpreter'],
    interpreterLanguage: 'uk',
    transportNeeded: true,
    remindVictim: true,
    ...overrides,
  };
}

async function schedule(id: string, startsAt: string, query = '') {
  const res = await runtime.http('POST', `/cases/${id}/hearings${query}`, {
    token: coordinator,
    body: hearing(startsAt),
  });
  expect(res.status).toBe(201);
  return res.body as { id: string; startsAt: string; reminders: Reminder[] };
}

beforeAll(async () => {
  runtime = await startLocalRuntime();
  coordinator = runtime.token('--role', 'coordinator', '--county', 'DJ', '--sub', 'e2e-hearings');
  caseId = await openCase({ victim });
});

afterAll(async () => {
  await runtime.stop();
});

describe('hearing reminders by SMS on the local runtime', () => {
  // 07:30: both reminders would fall in quiet hours at their plain offsets, so they must move.
  const startsAt = bucharestAt(5, 7, 30);
  let first: { id: string; reminders: Reminder[] };

  it('gives a hearing five days ahead two pending reminders, none in quiet hours', async () => {
    first = await schedule(caseId, startsAt);
    const reminders = pending(first.reminders);
    expect(first.reminders).toHaveLength(2);
    expect(reminders).toHaveLength(2);
    const [early, late] = reminders.map((r) => new Date(r.sendAt).getTime()) as [number, number];
    for (const r of reminders) {
      expect(inQuietHours(r.sendAt)).toBe(false);
      expect(new Date(r.sendAt).getTime()).toBeGreaterThan(now().getTime());
    }
    const start = new Date(startsAt).getTime();
    // Moved earlier, to the evening before, never later than the plain 72 h and 24 h offsets.
    expect(early).toBeLessThanOrEqual(start - 72 * HOUR);
    expect(early).toBeGreaterThan(start - 84 * HOUR);
    expect(late).toBeLessThanOrEqual(start - 24 * HOUR);
    expect(late).toBeGreaterThan(start - 36 * HOUR);
  });

  it('sends both reminders once the clock passes them, in Ukrainian, and nothing more on a second run', async () => {
    const due = pending(first.reminders)
      .map((r) => r.sendAt)
      .sort();
    const now = due.at(-1) as string;
    const run = await runtime.clock(now);
    expect(run).toMatchObject({ sent: 2, deferred: 0, failed: 0, skipped: 0 });
    const received = await runtime.outbox(victim.phone);
    expect(received).toHaveLength(2);
    for (const message of received) {
      expect(message.to).toBe(victim.phone);
      expect(message.body).toBe(`Нагадування: зустріч ${smsTime(startsAt)}, ${PLACE}. STOP = відписатися`);
      expect(message.sentAt).toBe(new Date(now).toISOString());
      expectDiscreet(message);
    }
    expect(await runtime.clock(now)).toMatchObject({ sent: 0, deferred: 0, failed: 0, skipped: 0 });
    expect(await runtime.outbox(victim.phone)).toHaveLength(2);
    // Copied as is, `?to=+40...` arrives with a space for the plus: the outbox reads it back as the number.
    const unencoded = await runtime.http('GET', `/_local/outbox?to=${victim.phone}`);
    expect(unencoded.body.items).toEqual(received);
    const read = await runtime.http('GET', `/cases/${caseId}/hearings/${first.id}`, { token: coordinator });
    expect(read.body.reminders.map((r: Reminder) => r.status)).toEqual(['sent', 'sent']);
  });

  let moved: { id: string; startsAt: string; reminders: Reminder[] };

  it('moves the pending reminders on a reschedule and sends exactly one change notice', async () => {
    const booked = await schedule(caseId, bucharestAt(10, 11));
    const newStart = bucharestAt(12, 11);
    const res = await runtime.http('PATCH', `/cases/${caseId}/hearings/${booked.id}`, {
      token: coordinator,
      ifMatch: 1,
      body: { startsAt: newStart },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe('"2"');
    moved = res.body;
    const start = new Date(newStart).getTime();
    expect(pending(moved.reminders).map((r) => r.sendAt)).toEqual([
      new Date(start - 72 * HOUR).toISOString(),
      new Date(start - 24 * HOUR).toISOString(),
    ]);
    const before = booked.reminders.map((r) => r.id);
    expect(pending(moved.reminders).some((r) => before.includes(r.id))).toBe(false);
    const notices = pending(moved.reminders, 'change_notice');
    expect(notices).toHaveLength(1);

    const run = await runtime.clock((notices[0] as Reminder).sendAt);
    expect(run.sent).toBe(1);
    const received = await runtime.outbox(victim.phone);
    expect(received).toHaveLength(3);
    const notice = received[2] as OutboxItem;
    expect(notice.body).toBe(`Зустріч перенесено: ${smsTime(newStart)}, ${PLACE}. STOP = відписатися`);
    expectDiscreet(notice);
  });

  it('leaves no pending reminder on a cancellation and sends exactly one cancellation notice', async () => {
    const res = await runtime.http('POST', `/cases/${caseId}/hearings/${moved.id}/cancel`, {
      token: coordinator,
      ifMatch: 2,
    });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('cancelled');
    expect(pending(res.body.reminders)).toEqual([]);
    expect(pending(res.body.reminders, 'change_notice')).toEqual([]);
    const notices = pending(res.body.reminders, 'cancellation_notice');
    expect(notices).toHaveLength(1);

    const run = await runtime.clock((notices[0] as Reminder).sendAt);
    expect(run.sent).toBe(1);
    // Even at the times the moved reminders were due, nothing more goes out.
    const start = new Date(moved.startsAt).getTime();
    expect((await runtime.clock(new Date(start - HOUR))).sent).toBe(0);
    const received = await runtime.outbox(victim.phone);
    expect(received).toHaveLength(4);
    const notice = received[3] as OutboxItem;
    expect(notice.body).toBe(`Зустріч ${smsTime(moved.startsAt)} скасовано. STOP = відписатися`);
    expectDiscreet(notice);
  });

  it('sends nothing more to a phone that answered STOP, even for a new hearing', async () => {
    const reply = await runtime.sms(victim.phone, 'STOP');
    // In the case's language, Ukrainian, though STOP is every language's word.
    expect(reply).toBe(
      'Ви більше не отримуватимете повідомлень. START = відновити\nNu veți mai primi mesaje. START = reluare\nYou will receive no more messages. START = resume',
    );
    expect(reply).not.toMatch(INDISCREET);
    const later = await schedule(caseId, bucharestAt(15, 12));
    const start = new Date(later.startsAt).getTime();
    for (const r of later.reminders) await runtime.clock(r.sendAt);
    await runtime.clock(new Date(start - HOUR));
    expect(await runtime.outbox(victim.phone)).toHaveLength(4);
    const read = await runtime.http('GET', `/cases/${caseId}/hearings/${later.id}`, { token: coordinator });
    expect(pending(read.body.reminders)).toEqual([]);
    expect(read.body.reminders.some((r: Reminder) => r.status === 'sent')).toBe(false);
  });
});

describe('conflicts and the calendar feed', () => {
  it('refuses an overlapping hearing of the same coordinator with 409 naming the hearing it overlaps', async () => {
    const booked = await schedule(caseId, bucharestAt(20, 10));
    const otherCase = await openCase();
    const res = await runtime.http('POST', `/cases/${otherCase}/hearings`, {
      token: coordinator,
      body: hearing(bucharestAt(20, 11)),
    });
    expect(res.status).toBe(409);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.body.conflicts).toEqual([{ hearingId: booked.id, caseId, startsAt: booked.startsAt }]);
    const list = await runtime.http('GET', `/cases/${otherCase}/hearings`, { token: coordinator });
    expect(list.body.items).toEqual([]);
  });

  it('serves /hearings.ics as text/calendar with the pseudonym and without the name or the phone', async () => {
    const from = new Date(E2E_START.getTime() - HOUR).toISOString();
    const to = bucharestAt(30, 0);
    const res = await runtime.http('GET', `/hearings.ics?from=${from}&to=${to}`, { token: coordinator });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/calendar/);
    expect(res.text).toMatch(/^BEGIN:VCALENDAR\r\n/);
    expect(res.text).toContain(victim.pseudonym);
    const { events } = parseCalendar(res.text);
    // The first hearing, the one after STOP, the one booked, and the cancelled one marked so.
    expect(events).toHaveLength(4);
    const list = await runtime.http('GET', `/cases/${caseId}/hearings`, { token: coordinator });
    const stored = list.body.items as Array<{ id: string; startsAt: string; status: string }>;
    expect(events.map((e) => [e.uid, e.start.toISOString(), e.status]).sort()).toEqual(
      stored
        .map((h) => [
          `${h.id}@alaturi`,
          new Date(h.startsAt).toISOString(),
          h.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED',
        ])
        .sort(),
    );
    expect(events.every((e) => e.utc && e.summary === `${victim.pseudonym}: Expertiză medico-legală`)).toBe(
      true,
    );
    // Rescheduled once, then cancelled: two revisions a subscribed client must take over its copy.
    expect(events.filter((e) => e.status === 'CANCELLED').map((e) => e.sequence)).toEqual([2]);
    expect(events.filter((e) => e.status === 'CONFIRMED').map((e) => e.sequence)).toEqual([0, 0, 0]);
    expect(res.text).not.toContain('Olena');
    expect(res.text).not.toContain('Remindercheck');
    expect(res.text).not.toContain(victim.phone);
    expect(res.text).not.toContain(victim.phone.slice(3));
  });

  it('never writes a phone number, a victim name or a token to its logs', () => {
    const output = runtime.output();
    expect(output).toContain('"route":"createHearing"');
    expect(output).not.toContain(victim.phone.slice(3));
    expect(output).not.toContain('Remindercheck');
    expect(output).not.toContain('Ana Popescu');
    for (const t of runtime.tokens) expect(output).not.toContain(t.split('.')[1] as string);
  });
});
