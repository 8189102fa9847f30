// Telling people (issue 14 point 7), through the real handlers and DynamoDB Local: notification targets under
// If-Match, the e-mail an urgent request, an urgent alert or a failed delivery writes in its own transaction,
// the sender sending each exactly once (two senders racing, quiet hours not applied), and the daily digest.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { getConfig } from '../../shared/config.ts';
import { listCaseMails } from '../../shared/data/outbox-repository.ts';
import * as clock from '../../shared/domain/clock.ts';
import { plusDays } from '../../shared/domain/local-date.ts';
import { MemoryMailOutbox } from '../../shared/mail/memory-mail-outbox.ts';
import { sendDueMessages } from '../../shared/services/message-sender.ts';
import { writeReviewDigests } from '../../shared/services/review-digest.ts';
import { type OutboundSms, type SmsGateway, SmsPermanentError } from '../../shared/sms/gateway.ts';
import { call, type Who } from '../support/api.ts';
import { admin, aPhone, coordinatorDJ } from '../support/factories.ts';
import {
  aMessage,
  aMessageSid,
  openCase,
  putMessages,
  twilioPost,
  useOwnTables,
} from '../support/messaging-factories.ts';
import { aProtectionRequest, aUnit } from '../support/protection-voucher-factories.ts';

// 11:00 in Bucharest on a Wednesday: a working hour, far from quiet hours unless a test says otherwise.
const NOW = new Date('2027-03-10T09:00:00.000Z');
const TODAY = '2027-03-10';

beforeAll(async () => {
  await useOwnTables('notify');
});
beforeEach(() => clock.setClock(NOW));
afterAll(() => clock.setClock(undefined));

const prosecutorOf = (unit: string): Who => ({ role: 'prosecutor', unit, sub: `pros-${unit}` });

async function setTargets(scope: string, emails: string[]) {
  const read = await call('GET', `/notification-targets/${scope}`, { as: admin });
  const res = await call('PUT', `/notification-targets/${scope}`, {
    as: admin,
    ifMatch: read.body.version,
    body: { emails },
  });
  expect(res.status).toBe(200);
}

async function urgentRequestIn(unit: string) {
  const { id } = await openCase({ prosecutorUnit: unit });
  const res = await call('POST', `/cases/${id}/protection-requests`, {
    as: coordinatorDJ,
    body: aProtectionRequest({ urgent: true }),
  });
  expect(res.status).toBe(201);
  return { caseId: id, requestId: res.body.id as string };
}

/** An SMS gateway that takes everything: these tests are about e-mail. */
const phones: SmsGateway = { send: async () => ({ providerId: `SM${'0'.repeat(32)}` }) };

describe('PUT /notification-targets/{scope}', () => {
  it('starts empty at version 0, is created with If-Match "0", and refuses a stale version with 412', async () => {
    const scope = `unit:${aUnit('TGT')}`;
    const first = await call('GET', `/notification-targets/${scope}`, { as: admin });
    expect(first.body).toEqual({ scope, emails: [], version: 0 });
    expect(first.headers['etag']).toBe('"0"');

    const created = await call('PUT', `/notification-targets/${scope}`, {
      as: admin,
      ifMatch: 0,
      body: { emails: ['Parchet@Example.ro', 'parchet@example.ro', 'grefa@example.ro'] },
    });
    expect(created.status).toBe(200);
    expect(created.headers['etag']).toBe('"1"');
    expect(created.body.emails).toEqual(['parchet@example.ro', 'grefa@example.ro']);

    const stale = await call('PUT', `/notification-targets/${scope}`, {
      as: admin,
      ifMatch: 0,
      body: { emails: ['other@example.ro'] },
    });
    expect(stale.status).toBe(412);
    const read = await call('GET', `/notification-targets/${scope}`, { as: admin });
    expect(read.body).toMatchObject({ emails: ['parchet@example.ro', 'grefa@example.ro'], version: 1 });
  });

  it('requires If-Match (428)', async () => {
    const res = await call('PUT', '/notification-targets/county:DJ', {
      as: admin,
      body: { emails: ['dj@example.ro'] },
    });
    expect(res.status).toBe(428);
  });

  it('refuses an address that is not one and more than 20 addresses, naming the field', async () => {
    const bad = await call('PUT', '/notification-targets/county:GJ', {
      as: admin,
      ifMatch: 0,
      body: { emails: ['not an address'] },
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('emails');
    const many = Array.from({ length: 21 }, (_, i) => `p${i}@example.ro`);
    const tooMany = await call('PUT', '/notification-targets/county:GJ', {
      as: admin,
      ifMatch: 0,
      body: { emails: many },
    });
    expect(tooMany.status).toBe(400);
    expect(JSON.stringify(tooMany.body)).toContain('emails');
  });

  it('refuses a scope that is neither a unit nor a known county', async () => {
    const res = await call('GET', '/notification-targets/county:ZZ', { as: admin });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('scope');
  });

  it('is for admins only: a coordinator gets 403', async () => {
    const res = await call('GET', '/notification-targets/county:DJ', { as: coordinatorDJ });
    expect(res.status).toBe(403);
  });
});

describe('an urgent protection request', () => {
  it('writes one e-mail to its unit with the request, carrying a count and no personal data', async () => {
    const unit = aUnit('MAIL');
    const { caseId } = await urgentRequestIn(unit);
    const mails = await listCaseMails(caseId);
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({
      status: 'pending',
      channel: 'email',
      mail: { kind: 'urgent_protection_request', scope: `unit:${unit}`, count: 1 },
    });
    expect(JSON.stringify(mails[0])).not.toMatch(/Ana|Popescu|recruiter|\+40/);
  });

  it('writes none for a request that is not urgent', async () => {
    const { id } = await openCase({ prosecutorUnit: aUnit('CALM') });
    const res = await call('POST', `/cases/${id}/protection-requests`, {
      as: coordinatorDJ,
      body: aProtectionRequest({ urgent: false }),
    });
    expect(res.status).toBe(201);
    expect(await listCaseMails(id)).toEqual([]);
  });

  it('is sent once to the unit’s addresses even by two senders at once, with a neutral subject and a link', async () => {
    const unit = aUnit('RACE');
    await setTargets(`unit:${unit}`, ['parchet@example.ro', 'grefa@example.ro']);
    const { caseId } = await urgentRequestIn(unit);
    const [a, b] = [new MemoryMailOutbox(), new MemoryMailOutbox()];
    await Promise.all([sendDueMessages(NOW, phones, { mail: a }), sendDueMessages(NOW, phones, { mail: b })]);
    const sent = [...a.list(), ...b.list()];
    expect(sent).toHaveLength(1);
    expect(sent[0]?.to).toEqual(['parchet@example.ro', 'grefa@example.ro']);
    expect(sent[0]?.subject).toBe('Alături: notificare / notification');
    expect(sent[0]?.text).toContain(`${getConfig().PUBLIC_BASE_URL.replace(/\/$/, '')}/console/queue`);
    expect(sent[0]?.text).toContain('O cerere urgentă');
    expect(sent[0]?.text).toContain('One urgent request');
    const [stored] = await listCaseMails(caseId);
    expect(stored).toMatchObject({ status: 'sent', attempts: 1 });

    const again = new MemoryMailOutbox();
    await sendDueMessages(new Date(NOW.getTime() + 600_000), phones, { mail: again });
    expect(again.list()).toEqual([]);
  });

  it('goes out in quiet hours: a unit’s inbox is told at once, day or night', async () => {
    const night = new Date('2027-03-10T21:30:00.000Z'); // 23:30 in Bucharest
    clock.setClock(night);
    const unit = aUnit('NIGHT');
    await setTargets(`unit:${unit}`, ['noapte@example.ro']);
    await urgentRequestIn(unit);
    const inbox = new MemoryMailOutbox();
    await sendDueMessages(night, phones, { mail: inbox });
    expect(inbox.list('noapte@example.ro')).toHaveLength(1);
  });

  it('is cancelled as no_recipient when the unit has no address', async () => {
    const { caseId } = await urgentRequestIn(aUnit('NOBODY'));
    await sendDueMessages(NOW, phones, { mail: new MemoryMailOutbox() });
    const [stored] = await listCaseMails(caseId);
    expect(stored).toMatchObject({ status: 'cancelled', lastError: 'no_recipient' });
  });
});

describe('alerts tell the county', () => {
  it('an urgent alert (the duress word) writes one e-mail to the county, sent to its coordinators', async () => {
    await setTargets('county:DJ', ['coordonatori.dj@example.ro']);
    const phone = aPhone();
    const { id } = await openCase({ victim: { phone } });
    await call('PUT', `/cases/${id}/duress-word`, { as: coordinatorDJ, body: { word: 'lavanda' } });
    await twilioPost('/sms/inbound', { MessageSid: aMessageSid(), From: phone, Body: 'lavanda' });
    const mails = await listCaseMails(id);
    expect(mails.map((m) => m.mail)).toEqual([{ kind: 'urgent_alert', scope: 'county:DJ', count: 1 }]);
    const inbox = new MemoryMailOutbox();
    await sendDueMessages(NOW, phones, { mail: inbox });
    const [mail] = inbox.list('coordonatori.dj@example.ro');
    expect(mail?.text).toContain('/console/today');
    expect(mail?.text).not.toContain('lavanda');
  });

  it('a help word e-mails the county at once, and a message outside a survey waits in the list', async () => {
    const phone = aPhone();
    const { id } = await openCase({ victim: { phone } });
    await twilioPost('/sms/inbound', { MessageSid: aMessageSid(), From: phone, Body: 'HELP' });
    expect((await listCaseMails(id)).map((m) => m['mail'])).toEqual([
      { kind: 'urgent_alert', scope: 'county:DJ', count: 1 },
    ]);

    const other = aPhone();
    const second = await openCase({ victim: { phone: other } });
    await twilioPost('/sms/inbound', {
      MessageSid: aMessageSid(),
      From: other,
      Body: 'Pot veni mai târziu?',
    });
    expect(await listCaseMails(second.id)).toEqual([]);
  });

  it('a failed delivery writes the delivery_failed alert and its county e-mail in one transaction', async () => {
    const { id } = await openCase({});
    const due = NOW.toISOString();
    await putMessages([
      aMessage(id, {
        kind: 'change_notice',
        params: { startsAt: '2027-03-20T08:00:00.000Z', publicLocation: 'Str. Unirii 10' },
        sendAt: due,
        createdAt: due,
      }),
    ]);
    const refusing: SmsGateway = {
      send: async (_m: OutboundSms) => {
        throw new SmsPermanentError('not a mobile number', 21614);
      },
    };
    // The change notice fails at once (a permanent error).
    await sendDueMessages(NOW, refusing, { mail: new MemoryMailOutbox() });
    const mails = await listCaseMails(id);
    expect(mails.map((m) => m.mail)).toEqual([
      { kind: 'delivery_failed_alert', scope: 'county:DJ', count: 1 },
    ]);
    const alerts = await call('GET', `/cases/${id}/alerts`, { as: coordinatorDJ });
    expect((alerts.body.items as { kind: string }[]).map((a) => a.kind)).toEqual(['delivery_failed']);
  });
});

describe('the daily review digest', () => {
  async function activeMeasureDueIn(unit: string, days: number) {
    const { caseId, requestId } = await urgentRequestIn(unit);
    const res = await call('POST', `/cases/${caseId}/protection-requests/${requestId}/decision`, {
      as: prosecutorOf(unit),
      ifMatch: 1,
      body: {
        threatenedWitnessOrdinance: { number: '12/P/2027', date: TODAY },
        decisions: [
          { measure: 'escort_travel', outcome: 'confirmed', reviewBy: plusDays(TODAY, days) },
          { measure: 'remote_av_distorted', outcome: 'rejected', reason: 'A screen will do' },
        ],
      },
    });
    expect(res.status).toBe(200);
  }

  it('tells each unit once a day how many measures are due within seven days, and nothing more', async () => {
    const unit = aUnit('DIGEST');
    await setTargets(`unit:${unit}`, ['digest@example.ro']);
    await activeMeasureDueIn(unit, 3);
    await activeMeasureDueIn(unit, 7);
    await activeMeasureDueIn(unit, 8);
    // A unit without measures due gets no digest.
    await setTargets(`unit:${aUnit('QUIET')}`, ['quiet@example.ro']);

    const first = await writeReviewDigests(NOW);
    const second = await writeReviewDigests(new Date(NOW.getTime() + 3_600_000));
    expect(first.digests).toBe(1);
    expect(second.digests).toBe(0);

    const inbox = new MemoryMailOutbox();
    await sendDueMessages(new Date(NOW.getTime() + 3_600_000), phones, { mail: inbox });
    const digests = inbox.list('digest@example.ro').filter((m) => m.text.includes('/console/due'));
    expect(digests).toHaveLength(1);
    expect(digests[0]?.text).toContain('2 măsuri trebuie reevaluate');
    expect(digests[0]?.text).toContain('2 measures are due for review within 7 days');
    expect(inbox.list('quiet@example.ro')).toEqual([]);
  });
});
