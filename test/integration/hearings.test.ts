import { beforeAll, describe, expect, it } from 'vitest';
import { GetCommand } from '../../shared/data/document-client.ts';
import { halfYearOf } from '../../shared/domain/periods.ts';
import { isQuiet } from '../../shared/domain/quiet-hours.ts';
import { call } from '../support/api.ts';
import { coordinatorDJ, coordinatorGJ, prosecutorCraiova, prosecutorOther } from '../support/factories.ts';
import {
  aCoordinator,
  aHearing,
  indicatorCount,
  localNoonIn,
  openCase,
  scheduleHearing,
  storedMessages,
  useOwnTables,
} from '../support/messaging-factories.ts';

const HOUR = 3_600_000;

beforeAll(async () => {
  await useOwnTables('hearings');
});

type ReminderView = { status: string; kind: string; sendAt: string };
const pendingOf = (reminders: ReminderView[], kind = 'reminder') =>
  reminders.filter((r) => r.status === 'pending' && r.kind === kind);

describe('POST /cases/{caseId}/hearings', () => {
  it('schedules two pending reminders 72 h and 24 h ahead, outside quiet hours, with Location and ETag', async () => {
    const me = aCoordinator();
    const { id } = await openCase();
    const startsAt = localNoonIn(5);
    const res = await call('POST', `/cases/${id}/hearings`, { as: me, body: aHearing({ startsAt }) });
    expect(res.status).toBe(201);
    expect(res.headers['etag']).toBe('"1"');
    expect(res.headers['location']).toBe(`/cases/${id}/hearings/${res.body.id}`);
    expect(res.body).toMatchObject({ status: 'scheduled', startsAt, caseId: id, pseudonym: 'V-17' });
    const sendAts = res.body.reminders.map((r: { sendAt: string }) => r.sendAt);
    const start = new Date(startsAt).getTime();
    expect(sendAts).toEqual([
      new Date(start - 72 * HOUR).toISOString(),
      new Date(start - 24 * HOUR).toISOString(),
    ]);
    expect(res.body.reminders.every((r: { status: string }) => r.status === 'pending')).toBe(true);
    for (const sendAt of sendAts) expect(isQuiet(new Date(sendAt))).toBe(false);
  });

  it('stores the reminders as sparse due-index items with the phone encrypted and no text but the place', async () => {
    const { id, body } = await openCase();
    await scheduleHearing(id, aCoordinator());
    const items = await storedMessages(id);
    expect(items).toHaveLength(2);
    for (const item of items) {
      expect(item).toMatchObject({
        status: 'pending',
        kind: 'reminder',
        language: 'ro',
        attempts: 0,
        version: 1,
      });
      expect(item['gsi1pk']).toBe('OUTBOX#PENDING');
      expect(item['gsi1sk']).toBe(`${item['sendAt']}#${item['id']}`);
      expect(JSON.stringify(item)).not.toContain(body.victim.phone?.slice(3));
      expect(item['params']).toEqual({
        startsAt: expect.any(String),
        publicLocation: 'Str. Unirii 10, Craiova',
      });
    }
  });

  it('schedules no reminder without SMS consent, or when remindVictim is false', async () => {
    const noConsent = await openCase({ consents: { smsReminders: false, feedbackSurveys: true } });
    const a = await scheduleHearing(noConsent.id, aCoordinator());
    expect(a.reminders).toEqual([]);
    const consenting = await openCase();
    const b = await scheduleHearing(consenting.id, aCoordinator(), { remindVictim: false });
    expect(b.reminders).toEqual([]);
    expect(await storedMessages(noConsent.id)).toHaveLength(0);
    expect(await storedMessages(consenting.id)).toHaveLength(0);
  });

  it('schedules no reminder in the past: a hearing 30 hours ahead gets only the 24-hour one', async () => {
    const { id } = await openCase();
    const startsAt = new Date(Date.now() + 30 * HOUR);
    startsAt.setUTCMinutes(0, 0, 0);
    const hearing = await scheduleHearing(id, aCoordinator(), { startsAt: startsAt.toISOString() });
    expect(hearing.reminders.length).toBeLessThanOrEqual(1);
    for (const r of hearing.reminders) expect(new Date(r.sendAt).getTime()).toBeGreaterThan(Date.now());
  });

  it('schedules a minor’s reminders like anyone’s, holding no phone number (the sender picks the recipient)', async () => {
    const { id } = await openCase({
      victim: {
        birthYear: new Date().getUTCFullYear() - 12,
        legalRepresentative: { phone: '+40733000111', safeToContact: true },
      },
    });
    await scheduleHearing(id, aCoordinator());
    const { body: caseBody } = await call('GET', `/cases/${id}`, { as: coordinatorDJ });
    expect(caseBody.victim.isMinor).toBe(true);
    const items = await storedMessages(id);
    expect(items).toHaveLength(2);
    expect(JSON.stringify(items)).not.toContain('733000111');
  });

  it('returns 409 naming the overlapping hearing when the coordinator is booked, and 201 with allowConflict=true', async () => {
    const me = aCoordinator();
    const first = await openCase();
    const second = await openCase();
    const startsAt = localNoonIn(8, 10);
    const booked = await call('POST', `/cases/${first.id}/hearings`, {
      as: me,
      body: aHearing({ startsAt }),
    });
    expect(booked.status).toBe(201);
    const overlapping = aHearing({ startsAt: new Date(new Date(startsAt).getTime() + HOUR).toISOString() });
    const refused = await call('POST', `/cases/${second.id}/hearings`, { as: me, body: overlapping });
    expect(refused.status).toBe(409);
    expect(refused.headers['content-type']).toBe('application/problem+json');
    expect(refused.body.conflicts).toEqual([{ hearingId: booked.body.id, caseId: first.id, startsAt }]);
    const adjacent = aHearing({ startsAt: new Date(new Date(startsAt).getTime() + 2 * HOUR).toISOString() });
    expect((await call('POST', `/cases/${second.id}/hearings`, { as: me, body: adjacent })).status).toBe(201);
    const forced = await call('POST', `/cases/${second.id}/hearings?allowConflict=true`, {
      as: me,
      body: overlapping,
    });
    expect(forced.status).toBe(201);
  });

  it('does not count a cancelled hearing as a conflict', async () => {
    const me = aCoordinator();
    const { id } = await openCase();
    const startsAt = localNoonIn(9, 10);
    const booked = await scheduleHearing(id, me, { startsAt });
    const cancel = await call('POST', `/cases/${id}/hearings/${booked.id}/cancel`, { as: me, ifMatch: 1 });
    expect(cancel.status).toBe(200);
    const again = await call('POST', `/cases/${id}/hearings`, { as: me, body: aHearing({ startsAt }) });
    expect(again.status).toBe(201);
  });

  it.each([
    ['a duration under 15 minutes', { durationMinutes: 10 }, 'durationMinutes'],
    ['a duration over 12 hours', { durationMinutes: 721 }, 'durationMinutes'],
    ['an unknown kind', { kind: 'trial_day' }, 'kind'],
    ['an unknown room', { room: 'basement' }, 'room'],
    ['an unknown accommodation', { accommodations: ['bodyguard'] }, 'accommodations.0'],
    [
      'an interpreter language that is no ISO code',
      { interpreterLanguage: 'Ukrainian' },
      'interpreterLanguage',
    ],
    ['a place longer than 40 characters', { publicLocation: 'x'.repeat(41) }, 'publicLocation'],
  ])('refuses %s with 400 naming the field', async (_name, overrides, path) => {
    const { id } = await openCase();
    const res = await call('POST', `/cases/${id}/hearings`, {
      as: aCoordinator(),
      body: aHearing(overrides),
    });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
  });

  it.each([
    ['a place naming a prosecutor’s office', { publicLocation: 'Parchetul Craiova' }],
    ['a place naming a court', { publicLocation: 'Tribunalul Dolj, sala 2' }],
    ['a place naming a court of appeal', { publicLocation: 'Curtea de Apel Craiova' }],
  ])('refuses %s with 422 naming publicLocation', async (_name, overrides) => {
    const { id } = await openCase();
    const res = await call('POST', `/cases/${id}/hearings`, {
      as: aCoordinator(),
      body: aHearing(overrides),
    });
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(['publicLocation']);
  });

  it('accepts an interpreter language outside the SMS languages', async () => {
    const { id } = await openCase();
    const hearing = await scheduleHearing(id, aCoordinator(), { interpreterLanguage: 'ar' });
    expect(hearing.interpreterLanguage).toBe('ar');
  });

  it('hides the case from another county (404) and refuses prosecutors (403)', async () => {
    const { id } = await openCase();
    expect(
      (await call('POST', `/cases/${id}/hearings`, { as: coordinatorGJ, body: aHearing() })).status,
    ).toBe(404);
    expect(
      (await call('POST', `/cases/${id}/hearings`, { as: prosecutorCraiova, body: aHearing() })).status,
    ).toBe(403);
  });
});

describe('GET /cases/{caseId}/hearings and /hearings/{hearingId}', () => {
  it('shows the hearing with its reminders and ETag to the county and the unit, as 404 to others', async () => {
    const { id } = await openCase();
    const hearing = await scheduleHearing(id, aCoordinator());
    const mine = await call('GET', `/cases/${id}/hearings/${hearing.id}`, { as: coordinatorDJ });
    expect(mine.status).toBe(200);
    expect(mine.headers['etag']).toBe('"1"');
    expect(mine.body.reminders).toHaveLength(2);
    const unit = await call('GET', `/cases/${id}/hearings/${hearing.id}`, { as: prosecutorCraiova });
    expect(unit.status).toBe(200);
    for (const who of [coordinatorGJ, prosecutorOther]) {
      expect((await call('GET', `/cases/${id}/hearings/${hearing.id}`, { as: who })).status).toBe(404);
      expect((await call('GET', `/cases/${id}/hearings`, { as: who })).status).toBe(404);
    }
    const list = await call('GET', `/cases/${id}/hearings`, { as: coordinatorDJ });
    expect(list.body.items.map((h: { id: string }) => h.id)).toEqual([hearing.id]);
  });

  it('follows the case to the prosecutor unit it moved to, and hides the hearing from the unit it left', async () => {
    const { id } = await openCase();
    const hearing = await scheduleHearing(id, aCoordinator());
    const moved = await call('PATCH', `/cases/${id}`, {
      as: coordinatorDJ,
      ifMatch: 1,
      body: { prosecutorUnit: prosecutorOther.unit },
    });
    expect(moved.status).toBe(200);
    const path = `/cases/${id}/hearings/${hearing.id}`;
    expect((await call('GET', path, { as: prosecutorOther })).status).toBe(200);
    expect((await call('GET', path, { as: prosecutorCraiova })).status).toBe(404);
  });

  it('answers a foreign county’s hearing as a missing case, whether the hearing exists or not', async () => {
    const { id } = await openCase();
    const hearing = await scheduleHearing(id, aCoordinator());
    const detail = async (hearingId: string, who: typeof coordinatorDJ | typeof coordinatorGJ) => {
      const res = await call('GET', `/cases/${id}/hearings/${hearingId}`, { as: who });
      return `${res.status} ${res.body.detail}`;
    };
    const missing = '01JAAAAAAAAAAAAAAAAAAAAAAA';
    expect(await detail(hearing.id, coordinatorGJ)).toBe('404 No such case.');
    expect(await detail(missing, coordinatorGJ)).toBe('404 No such case.');
    expect(await detail(missing, coordinatorDJ)).toBe('404 No such hearing.');
  });

  it('lists each hearing with its own reminders when asked, as the one-hearing read shows them', async () => {
    const { id } = await openCase();
    const first = await scheduleHearing(id, aCoordinator());
    const second = await scheduleHearing(id, aCoordinator(), { startsAt: localNoonIn(9) });
    const plain = await call('GET', `/cases/${id}/hearings`, { as: coordinatorDJ });
    expect(plain.body.items.every((h: { reminders?: unknown }) => h.reminders === undefined)).toBe(true);
    const listed = await call('GET', `/cases/${id}/hearings?include=reminders`, { as: coordinatorDJ });
    expect(listed.status).toBe(200);
    for (const hearing of [first, second]) {
      const one = await call('GET', `/cases/${id}/hearings/${hearing.id}`, { as: coordinatorDJ });
      const inList = listed.body.items.find((h: { id: string }) => h.id === hearing.id);
      expect(one.body.reminders).toHaveLength(2);
      expect(inList.reminders).toEqual(one.body.reminders);
    }
    const wrong = await call('GET', `/cases/${id}/hearings?include=notes`, { as: coordinatorDJ });
    expect(wrong.status).toBe(400);
    expect(JSON.stringify(wrong.body.errors)).toContain('include');
  });

  it('answers 404 for a hearing of another case', async () => {
    const a = await openCase();
    const b = await openCase();
    const hearing = await scheduleHearing(a.id, aCoordinator());
    expect((await call('GET', `/cases/${b.id}/hearings/${hearing.id}`, { as: coordinatorDJ })).status).toBe(
      404,
    );
  });
});

describe('PATCH /cases/{caseId}/hearings/{hearingId}', () => {
  it('moves the pending reminders to the new time and writes exactly one change notice', async () => {
    const me = aCoordinator();
    const { id } = await openCase();
    const hearing = await scheduleHearing(id, me);
    const newStart = localNoonIn(7, 14);
    const res = await call('PATCH', `/cases/${id}/hearings/${hearing.id}`, {
      as: me,
      ifMatch: 1,
      body: { startsAt: newStart },
    });
    expect(res.status).toBe(200);
    expect(res.headers['etag']).toBe('"2"');
    const start = new Date(newStart).getTime();
    expect(pendingOf(res.body.reminders).map((r: { sendAt: string }) => r.sendAt)).toEqual([
      new Date(start - 72 * HOUR).toISOString(),
      new Date(start - 24 * HOUR).toISOString(),
    ]);
    expect(pendingOf(res.body.reminders, 'change_notice')).toHaveLength(1);
    const cancelled = res.body.reminders.filter((r: { status: string }) => r.status === 'cancelled');
    expect(cancelled.map((r: { sendAt: string }) => r.sendAt)).toEqual(
      hearing.reminders.map((r: { sendAt: string }) => r.sendAt),
    );
    const items = await storedMessages(id);
    expect(items.filter((m) => m['gsi1pk'] === 'OUTBOX#PENDING')).toHaveLength(3);
    expect(items.filter((m) => m['status'] === 'cancelled' && m['gsi1pk'] !== undefined)).toHaveLength(0);
  });

  it('answers with the hearing’s messages exactly as a read right after shows them', async () => {
    const me = aCoordinator();
    const { id } = await openCase();
    const hearing = await scheduleHearing(id, me);
    const path = `/cases/${id}/hearings/${hearing.id}`;
    const moved = await call('PATCH', path, { as: me, ifMatch: 1, body: { startsAt: localNoonIn(8) } });
    expect(moved.body.reminders).toHaveLength(5);
    expect(moved.body.reminders).toEqual((await call('GET', path, { as: me })).body.reminders);
    const cancelled = await call('POST', `${path}/cancel`, { as: me, ifMatch: 2 });
    expect(cancelled.body.reminders).toHaveLength(6);
    expect(cancelled.body.reminders).toEqual((await call('GET', path, { as: me })).body.reminders);
  });

  it('replaces the pending change notice when rescheduled twice, so the victim hears of the latest time only', async () => {
    const me = aCoordinator();
    const { id } = await openCase();
    const hearing = await scheduleHearing(id, me);
    await call('PATCH', `/cases/${id}/hearings/${hearing.id}`, {
      as: me,
      ifMatch: 1,
      body: { startsAt: localNoonIn(6) },
    });
    const res = await call('PATCH', `/cases/${id}/hearings/${hearing.id}`, {
      as: me,
      ifMatch: 2,
      body: { startsAt: localNoonIn(7) },
    });
    expect(pendingOf(res.body.reminders, 'change_notice')).toHaveLength(1);
  });

  it('keeps the reminders when only the room changes', async () => {
    const me = aCoordinator();
    const { id } = await openCase();
    const hearing = await scheduleHearing(id, me);
    const res = await call('PATCH', `/cases/${id}/hearings/${hearing.id}`, {
      as: me,
      ifMatch: 1,
      body: { room: 'standard' },
    });
    expect(res.status).toBe(200);
    expect(res.body.reminders.map((r: { id: string }) => r.id)).toEqual(
      hearing.reminders.map((r: { id: string }) => r.id),
    );
  });

  it('refuses a stale If-Match with 412 and a missing one with 428, changing nothing', async () => {
    const me = aCoordinator();
    const { id } = await openCase();
    const hearing = await scheduleHearing(id, me);
    const body = { startsAt: localNoonIn(6) };
    expect(
      (await call('PATCH', `/cases/${id}/hearings/${hearing.id}`, { as: me, ifMatch: 7, body })).status,
    ).toBe(412);
    expect((await call('PATCH', `/cases/${id}/hearings/${hearing.id}`, { as: me, body })).status).toBe(428);
    expect(
      (await call('POST', `/cases/${id}/hearings/${hearing.id}/cancel`, { as: me, ifMatch: 3 })).status,
    ).toBe(412);
    expect((await call('POST', `/cases/${id}/hearings/${hearing.id}/cancel`, { as: me })).status).toBe(428);
    const after = await call('GET', `/cases/${id}/hearings/${hearing.id}`, { as: me });
    expect(after.body).toMatchObject({ version: 1, startsAt: hearing.startsAt, status: 'scheduled' });
    expect(await storedMessages(id)).toHaveLength(2);
  });

  it('refuses a reschedule onto another of the coordinator’s hearings with 409', async () => {
    const me = aCoordinator();
    const { id } = await openCase();
    const a = await scheduleHearing(id, me, { startsAt: localNoonIn(10, 9) });
    const b = await scheduleHearing(id, me, { startsAt: localNoonIn(10, 14) });
    const res = await call('PATCH', `/cases/${id}/hearings/${b.id}`, {
      as: me,
      ifMatch: 1,
      body: { startsAt: a.startsAt },
    });
    expect(res.status).toBe(409);
    expect(res.body.conflicts).toEqual([{ hearingId: a.id, caseId: id, startsAt: a.startsAt }]);
  });
});

describe('POST /cases/{caseId}/hearings/{hearingId}/cancel', () => {
  it('leaves no pending reminder and writes one cancellation notice', async () => {
    const me = aCoordinator();
    const { id } = await openCase();
    const hearing = await scheduleHearing(id, me);
    const res = await call('POST', `/cases/${id}/hearings/${hearing.id}/cancel`, { as: me, ifMatch: 1 });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('cancelled');
    expect(pendingOf(res.body.reminders)).toHaveLength(0);
    expect(pendingOf(res.body.reminders, 'cancellation_notice')).toHaveLength(1);
    const items = await storedMessages(id);
    expect(items.filter((m) => m['status'] === 'pending').map((m) => m['kind'])).toEqual([
      'cancellation_notice',
    ]);
    const again = await call('POST', `/cases/${id}/hearings/${hearing.id}/cancel`, { as: me, ifMatch: 2 });
    expect(again.status).toBe(409);
  });

  it('sends no cancellation notice without consent', async () => {
    const me = aCoordinator();
    const { id } = await openCase({ consents: { smsReminders: false, feedbackSurveys: false } });
    const hearing = await scheduleHearing(id, me);
    const res = await call('POST', `/cases/${id}/hearings/${hearing.id}/cancel`, { as: me, ifMatch: 1 });
    expect(res.body.reminders).toEqual([]);
  });
});

describe('GET /hearings and /hearings.ics', () => {
  it('lists the coordinator’s own hearings and the prosecutor unit’s, sorted by start', async () => {
    const me = aCoordinator();
    const other = aCoordinator();
    const inUnit = await openCase();
    const elsewhere = await openCase({ prosecutorUnit: 'DIICOT-TARGU-JIU' });
    const later = await scheduleHearing(inUnit.id, me, { startsAt: localNoonIn(20, 15) });
    const earlier = await scheduleHearing(elsewhere.id, me, { startsAt: localNoonIn(20, 9) });
    const notMine = await scheduleHearing(inUnit.id, other, { startsAt: localNoonIn(20, 11) });
    const from = localNoonIn(20, 0);
    const to = localNoonIn(21, 0);

    const mine = await call('GET', `/hearings?from=${from}&to=${to}`, { as: me });
    expect(mine.status).toBe(200);
    expect(mine.body.items.map((h: { id: string }) => h.id)).toEqual([earlier.id, later.id]);

    const unit = await call('GET', `/hearings?from=${from}&to=${to}`, { as: prosecutorCraiova });
    const unitIds = unit.body.items.map((h: { id: string }) => h.id);
    expect(unitIds).toEqual([notMine.id, later.id]);
    expect(unitIds).not.toContain(earlier.id);
  });

  it('refuses analysts and a range that ends before it starts', async () => {
    expect((await call('GET', '/hearings', { as: { role: 'analyst', sub: 'a' } })).status).toBe(403);
    const bad = await call('GET', `/hearings?from=${localNoonIn(3)}&to=${localNoonIn(2)}`, {
      as: aCoordinator(),
    });
    expect(bad.status).toBe(400);
  });

  it('renders an iCalendar with the pseudonym and the place, never the name or the phone', async () => {
    const me = aCoordinator();
    const { id, body } = await openCase({ victim: { pseudonym: 'V-ICS-42', fullName: 'Maria Ionescu' } });
    await scheduleHearing(id, me, { startsAt: localNoonIn(25) });
    const res = await call('GET', `/hearings.ics?from=${localNoonIn(24)}&to=${localNoonIn(26)}`, { as: me });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/calendar/);
    expect(res.text).toMatch(/^BEGIN:VCALENDAR\r\n/);
    expect(res.text).toContain('SUMMARY:V-ICS-42: Audiere la procuror');
    expect(res.text).toContain('LOCATION:Str. Unirii 10\\, Craiova');
    expect(res.text).not.toContain('Maria');
    expect(res.text).not.toContain('Ionescu');
    expect(res.text).not.toContain((body.victim.phone as string).slice(4));
    expect(res.text.match(/BEGIN:VEVENT/g)).toHaveLength(1);
  });
});

describe('POST /cases/{caseId}/hearings/{hearingId}/outcome', () => {
  it('moves hearings_supported and hearings_in_special_room once, and refuses a second outcome with 409', async () => {
    const me = aCoordinator();
    const { id } = await openCase();
    const startsAt = new Date(Date.now() - 3 * HOUR).toISOString();
    const hearing = await scheduleHearing(id, me, { startsAt });
    const period = halfYearOf(new Date(startsAt));
    const before = {
      supported: await indicatorCount(period, 'DJ', 'hearings_supported'),
      special: await indicatorCount(period, 'DJ', 'hearings_in_special_room'),
      remote: await indicatorCount(period, 'DJ', 'hearings_remote'),
    };
    const outcome = {
      attended: true,
      heardInSpecialRoom: true,
      heardRemotely: false,
      notes: 'A fost însoțită de mamă.',
    };
    const res = await call('POST', `/cases/${id}/hearings/${hearing.id}/outcome`, {
      as: me,
      ifMatch: 1,
      body: outcome,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'completed',
      outcome: { attended: true, notes: outcome.notes },
    });
    const again = await call('POST', `/cases/${id}/hearings/${hearing.id}/outcome`, {
      as: me,
      ifMatch: 2,
      body: outcome,
    });
    expect(again.status).toBe(409);
    expect(await indicatorCount(period, 'DJ', 'hearings_supported')).toBe(before.supported + 1);
    expect(await indicatorCount(period, 'DJ', 'hearings_in_special_room')).toBe(before.special + 1);
    expect(await indicatorCount(period, 'DJ', 'hearings_remote')).toBe(before.remote);

    const { getDocumentClient, tableNames } = await import('../../shared/data/client.ts');
    const stored = await getDocumentClient().send(
      new GetCommand({
        TableName: tableNames().coordination,
        Key: { pk: `CASE#${id}`, sk: `HEARING#${hearing.id}` },
      }),
    );
    expect(JSON.stringify(stored.Item)).not.toContain('însoțită');
    const unit = await call('GET', `/cases/${id}/hearings/${hearing.id}`, { as: prosecutorCraiova });
    expect(unit.body.outcome.notes).toBeUndefined();
  });

  it('counts a foreign national heard with an interpreter once per case and period', async () => {
    const me = aCoordinator();
    const { id } = await openCase({ victim: { nationality: 'UA', language: 'uk' } });
    const startsAt = new Date(Date.now() - 5 * HOUR).toISOString();
    const first = await scheduleHearing(id, me, { startsAt, interpreterLanguage: 'uk' });
    const second = await scheduleHearing(id, me, {
      startsAt: new Date(Date.now() - 2 * HOUR).toISOString(),
      interpreterLanguage: 'uk',
    });
    const period = halfYearOf(new Date(startsAt));
    const before = await indicatorCount(period, 'DJ', 'foreign_victims_with_interpreter');
    const outcome = { attended: true, heardInSpecialRoom: false, heardRemotely: true };
    for (const h of [first, second]) {
      const res = await call('POST', `/cases/${id}/hearings/${h.id}/outcome`, {
        as: me,
        ifMatch: 1,
        body: outcome,
      });
      expect(res.status).toBe(200);
    }
    expect(await indicatorCount(period, 'DJ', 'foreign_victims_with_interpreter')).toBe(before + 1);
  });

  it('counts nothing when the victim did not attend, and refuses an outcome before the hearing with 422', async () => {
    const me = aCoordinator();
    const { id } = await openCase();
    const past = await scheduleHearing(id, me, { startsAt: new Date(Date.now() - 4 * HOUR).toISOString() });
    const period = halfYearOf(new Date(past.startsAt));
    const before = await indicatorCount(period, 'DJ', 'hearings_supported');
    const outcome = { attended: false, heardInSpecialRoom: false, heardRemotely: false };
    const res = await call('POST', `/cases/${id}/hearings/${past.id}/outcome`, {
      as: me,
      ifMatch: 1,
      body: outcome,
    });
    expect(res.status).toBe(200);
    expect(await indicatorCount(period, 'DJ', 'hearings_supported')).toBe(before);
    const future = await scheduleHearing(id, me);
    const early = await call('POST', `/cases/${id}/hearings/${future.id}/outcome`, {
      as: me,
      ifMatch: 1,
      body: outcome,
    });
    expect(early.status).toBe(422);
  });
});
