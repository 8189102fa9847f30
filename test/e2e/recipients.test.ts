// Issue 12 over HTTP on the real `npm start`: a child's hearing is never texted to a representative who is not
// safe to contact. With nobody safe, the hearing says so and no SMS leaves; with a safe contact, they are
// reminded instead; a family_ties_to_offender assessment silences a representative who was safe until then.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aCase } from '../support/factories.ts';
import {
  bucharestAt,
  E2E_START,
  type LocalRuntime,
  startLocalRuntime,
  uniquePhone,
} from '../support/local-runtime.ts';

const HOUR = 3_600_000;
let runtime: LocalRuntime;
let coordinator: string;

const childBirthYear = E2E_START.getUTCFullYear() - 12;

async function openChildCase(victim: Record<string, unknown>) {
  const body = aCase({ victim: { phone: uniquePhone(), birthYear: childBirthYear, ...victim } });
  const res = await runtime.http('POST', '/cases', { token: coordinator, body });
  expect(res.status).toBe(201);
  expect(res.body.victim.isMinor).toBe(true);
  return { id: res.body.id as string, phone: body.victim.phone as string };
}

async function scheduleIn(caseId: string, days: number) {
  const res = await runtime.http('POST', `/cases/${caseId}/hearings?allowConflict=true`, {
    token: coordinator,
    body: {
      startsAt: bucharestAt(days, 12),
      durationMinutes: 90,
      kind: 'prosecutor_hearing',
      publicLocation: 'Str. Unirii 10, Craiova',
      remindVictim: true,
    },
  });
  expect(res.status).toBe(201);
  return res.body as {
    id: string;
    startsAt: string;
    reminderRecipient: string | null;
    reminderRecipientReason?: string;
    reminders: { id: string; sendAt: string; status: string }[];
  };
}

/** Runs the sender up to just before the hearing: every reminder it could send is due by then. */
async function runClockUntilJustBefore(startsAt: string) {
  return runtime.clock(new Date(new Date(startsAt).getTime() - HOUR).toISOString());
}

beforeAll(async () => {
  runtime = await startLocalRuntime();
  coordinator = runtime.token('--role', 'coordinator', '--county', 'DJ', '--sub', 'e2e-recipients');
});

afterAll(async () => {
  await runtime.stop();
});

describe('a minor whose legal representative is not safe to contact', () => {
  it('refuses a representative without the safeToContact decision (422 naming the field)', async () => {
    const body = aCase({
      victim: {
        phone: uniquePhone(),
        birthYear: childBirthYear,
        legalRepresentative: { phone: uniquePhone() },
      },
    });
    const res = await runtime.http('POST', '/cases', { token: coordinator, body });
    expect(res.status).toBe(422);
    expect(res.body.errors[0].path).toBe('victim.legalRepresentative.safeToContact');
  });

  it('with nobody safe: the hearing says reminderRecipient null with the reason, and no SMS ever leaves', async () => {
    const representative = uniquePhone();
    const child = await openChildCase({
      legalRepresentative: { phone: representative, safeToContact: false },
    });
    const hearing = await scheduleIn(child.id, 5);
    expect(hearing.reminderRecipient).toBeNull();
    expect(hearing.reminderRecipientReason).toBe('no_safe_recipient');
    expect(hearing.reminders).toEqual([]);

    await runClockUntilJustBefore(hearing.startsAt);
    expect(await runtime.outbox(representative)).toEqual([]);
    expect(await runtime.outbox(child.phone)).toEqual([]);
    const read = await runtime.http('GET', `/cases/${child.id}/hearings/${hearing.id}`, {
      token: coordinator,
    });
    expect(read.body).toMatchObject({
      reminderRecipient: null,
      reminderRecipientReason: 'no_safe_recipient',
    });
  });

  it('with a safe contact: the shelter worker is reminded, never the representative or the child', async () => {
    const representative = uniquePhone();
    const shelter = uniquePhone();
    const child = await openChildCase({
      legalRepresentative: { phone: representative, safeToContact: false },
      safeContact: { name: 'Maria Adăpost', phone: shelter, relation: 'shelter worker' },
    });
    const hearing = await scheduleIn(child.id, 5);
    expect(hearing.reminderRecipient).toBe('safe_contact');
    expect(hearing.reminders).toHaveLength(2);

    await runClockUntilJustBefore(hearing.startsAt);
    const received = await runtime.outbox(shelter);
    expect(received).toHaveLength(2);
    for (const sms of received) expect(sms.body).not.toContain('Maria');
    expect(await runtime.outbox(representative)).toEqual([]);
    expect(await runtime.outbox(child.phone)).toEqual([]);
  });

  it('found tied to the offender: the pending reminders to them are cancelled and never sent', async () => {
    const representative = uniquePhone();
    const child = await openChildCase({
      legalRepresentative: { phone: representative, safeToContact: true },
    });
    const hearing = await scheduleIn(child.id, 5);
    expect(hearing.reminderRecipient).toBe('legal_representative');

    const filed = await runtime.http('POST', `/cases/${child.id}/protection-requests`, {
      token: coordinator,
      body: {
        stage: 'prosecution',
        riskAssessment: {
          factors: ['family_ties_to_offender'],
          level: 'high',
          summary: 'The guardian is the recruiter’s brother',
        },
        measures: [{ type: 'escort_travel', justification: 'She must not travel with the guardian' }],
      },
    });
    expect(filed.status).toBe(201);

    const file = await runtime.http('GET', `/cases/${child.id}`, { token: coordinator });
    expect(file.body.victim.legalRepresentative.safeToContact).toBe(false);
    const read = await runtime.http('GET', `/cases/${child.id}/hearings/${hearing.id}`, {
      token: coordinator,
    });
    expect(read.body.reminderRecipient).toBeNull();
    expect(read.body.reminders.map((r: { status: string }) => r.status)).toEqual(['cancelled', 'cancelled']);

    await runClockUntilJustBefore(hearing.startsAt);
    expect(await runtime.outbox(representative)).toEqual([]);
    expect(await runtime.outbox(child.phone)).toEqual([]);
  });
});
