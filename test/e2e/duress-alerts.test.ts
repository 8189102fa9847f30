// Issue 12 (points 5-7) over HTTP on the real `npm start`: a coordinator agrees a duress word with a victim;
// the victim texts it; the phone gets exactly the reply any help request gets, the case's reminders are held,
// the coordinators' list shows an urgent alert first, and only the coordinator's release lets them go.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aCase } from '../support/factories.ts';
import { bucharestAt, type LocalRuntime, startLocalRuntime, uniquePhone } from '../support/local-runtime.ts';

const HOUR = 3_600_000;
let runtime: LocalRuntime;
let coordinator: string;

async function openCaseFor(phone: string) {
  const res = await runtime.http('POST', '/cases', {
    token: coordinator,
    body: aCase({ victim: { phone } }),
  });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

beforeAll(async () => {
  runtime = await startLocalRuntime();
  coordinator = runtime.token('--role', 'coordinator', '--county', 'DJ', '--sub', 'e2e-duress');
});

afterAll(async () => {
  await runtime.stop();
});

describe('the duress word, from agreement to release', () => {
  it('holds the reminders silently, alerts urgently, and sends them only after the coordinator releases them', async () => {
    const phone = uniquePhone();
    const caseId = await openCaseFor(phone);
    const hearing = await runtime.http('POST', `/cases/${caseId}/hearings?allowConflict=true`, {
      token: coordinator,
      body: {
        startsAt: bucharestAt(5, 12),
        durationMinutes: 90,
        kind: 'prosecutor_hearing',
        publicLocation: 'Str. Unirii 10, Craiova',
        remindVictim: true,
      },
    });
    expect(hearing.status).toBe(201);
    const reminders = hearing.body.reminders as { status: string }[];
    expect(reminders.length).toBeGreaterThan(0);

    // The coordinator agrees the word: 204, and the case shows only that one exists.
    const put = await runtime.http('PUT', `/cases/${caseId}/duress-word`, {
      token: coordinator,
      body: { word: 'Lavandă' },
    });
    expect(put.status).toBe(204);
    const read = await runtime.http('GET', `/cases/${caseId}`, { token: coordinator });
    expect(read.body.duressWordSet).toBe(true);
    expect(read.text.toLowerCase()).not.toContain('lavand');

    // The victim texts it, typed without diacritics; another victim asks for help the ordinary way.
    const duressReply = await runtime.sms(phone, 'ok, lavanda');
    const otherVictim = uniquePhone();
    await openCaseFor(otherVictim);
    const helpReply = await runtime.sms(otherVictim, 'AJUTOR');
    expect(helpReply).not.toBeNull();
    expect(duressReply).toBe(helpReply);

    // The coordinators' list: the duress alert first, urgent, before the older-or-not help alert.
    const alerts = await runtime.http('GET', '/alerts?status=open', { token: coordinator });
    expect(alerts.status).toBe(200);
    expect(alerts.body.items[0]).toMatchObject({ caseId, kind: 'duress', urgent: true, status: 'open' });
    expect(alerts.body.items.map((a: { kind: string }) => a.kind)).toContain('help');

    // Nothing reaches the phone while the messages are held, even with every reminder due.
    const justBefore = new Date(new Date(hearing.body.startsAt).getTime() - HOUR);
    await runtime.clock(justBefore);
    expect(await runtime.outbox(phone)).toEqual([]);
    const messages = await runtime.http('GET', `/cases/${caseId}/messages`, { token: coordinator });
    const out = messages.body.items.filter((m: { direction: string }) => m.direction === 'out');
    expect(out.map((m: { status: string }) => m.status)).toEqual(out.map(() => 'held'));
    // The service clock stands still here, so "newest first" cannot order these: find what the phone wrote.
    const inbound = messages.body.items.filter((m: { direction: string }) => m.direction === 'in');
    expect(inbound).toEqual([
      expect.objectContaining({ kind: 'duress', status: 'received', body: 'ok, lavanda' }),
    ]);

    // The coordinator releases them with the case's ETag; the next run sends them.
    const version = Number(
      (await runtime.http('GET', `/cases/${caseId}`, { token: coordinator })).body.version,
    );
    const stale = await runtime.http('POST', `/cases/${caseId}/messages/release`, {
      token: coordinator,
      ifMatch: version - 1,
    });
    expect(stale.status).toBe(412);
    const released = await runtime.http('POST', `/cases/${caseId}/messages/release`, {
      token: coordinator,
      ifMatch: version,
    });
    expect(released.status).toBe(200);
    expect(released.body.released).toBe(out.length);
    await runtime.clock(justBefore);
    const sent = await runtime.outbox(phone);
    expect(sent.length).toBe(out.length);
    expect(sent[0]?.body).toMatch(/^Reamintire: programare/);
  });
});
