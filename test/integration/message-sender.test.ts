import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { marshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler as sendMessagesHandler } from '../../functions/jobs/send-messages.ts';
import { getDocumentClient, tableNames } from '../../shared/data/client.ts';
import { QueryCommand } from '../../shared/data/document-client.ts';
import { openMessageRef } from '../../shared/data/message-token.ts';
import { claimMessage, fromStoredMessage } from '../../shared/data/outbox-repository.ts';
import { sendDueMessages } from '../../shared/services/message-sender.ts';
import { localOutbox } from '../../shared/services/outbound-gateway.ts';
import { findForbiddenWords } from '../../shared/sms/forbidden-words.ts';
import type { OutboundSms, SmsGateway } from '../../shared/sms/gateway.ts';
import { MemoryOutboxGateway } from '../../shared/sms/memory-outbox-gateway.ts';
import { formatSmsTime } from '../../shared/sms/templates.ts';
import { createTwilioGateway } from '../../shared/sms/twilio-gateway.ts';
import { call } from '../support/api.ts';
import { coordinatorDJ } from '../support/factories.ts';
import {
  aCoordinator,
  aMessage,
  aMessageSid,
  openCase,
  putMessages,
  scheduleHearing,
  storedMessages,
  twilioPost,
  useOwnTables,
} from '../support/messaging-factories.ts';

// A local imitation of Twilio's Messages API, scripted per test (RECIPES.md "Twilio, offline").
const ACCOUNT_SID = `AC${'1'.repeat(32)}`;
const AUTH_TOKEN = 'test-auth-token';
let stub: Server;
let stubUrl: string;
const script: { status: number; body: Record<string, unknown> }[] = [];
const stubReceived: Record<string, string>[] = [];

beforeAll(async () => {
  let sid = 0;
  stub = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      raw += chunk;
    });
    req.on('end', () => {
      stubReceived.push(Object.fromEntries(new URLSearchParams(raw)));
      sid += 1;
      const answer = script.shift() ?? {
        status: 201,
        body: { sid: `SM${sid.toString(16).padStart(32, '0')}`, status: 'accepted' },
      };
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => stub.listen(0, '127.0.0.1', resolve));
  stubUrl = `http://127.0.0.1:${(stub.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => stub.close(() => resolve()));
});

beforeEach(async () => {
  // Each test owns its outbox: a message another test left pending must not be sent here.
  await useOwnTables('sender');
  script.length = 0;
  stubReceived.length = 0;
});

function twilio(): SmsGateway {
  return createTwilioGateway({
    accountSid: ACCOUNT_SID,
    authToken: AUTH_TOKEN,
    messagingServiceSid: `MG${'2'.repeat(32)}`,
    baseUrl: stubUrl,
  });
}

const twilioError = (status: number, code: number) => ({
  status,
  body: { code, message: `error ${code}`, more_info: `https://www.twilio.com/docs/errors/${code}`, status },
});

/** Counts every call, so a message sent twice shows up twice. */
class CountingGateway implements SmsGateway {
  readonly sends: OutboundSms[] = [];
  async send(message: OutboundSms) {
    this.sends.push(message);
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 3));
    return { providerId: `P${this.sends.length}` };
  }
}

const at = (iso: string) => new Date(iso);

describe('sendDueMessages', () => {
  it('sends discreet reminders in the victim’s language, with encoding and segments, and nothing more on a second run', async () => {
    const ukCase = await openCase({ victim: { language: 'uk', fullName: 'Olena Kovalenko' } });
    const enCase = await openCase({ victim: { language: 'en' } });
    const me = aCoordinator();
    const uk = await scheduleHearing(ukCase.id, me);
    await scheduleHearing(enCase.id, me, { startsAt: uk.startsAt, publicLocation: 'Calea Bucuresti 5' });
    const firstReminder = new Date(uk.reminders[0].sendAt);
    const gateway = new MemoryOutboxGateway({ now: () => firstReminder });

    expect(await sendDueMessages(firstReminder, gateway)).toMatchObject({ sent: 2, deferred: 0, failed: 0 });
    const [toUk] = gateway.list(ukCase.body.victim.phone);
    const [toEn] = gateway.list(enCase.body.victim.phone);
    expect(toUk?.body).toBe(
      `Нагадування: зустріч ${formatSmsTime(uk.startsAt, 'uk')}, Str. Unirii 10, Craiova. STOP = відписатися`,
    );
    expect(toUk).toMatchObject({ encoding: 'UCS-2', segments: 2 });
    expect(toEn?.body).toBe(
      `Reminder: appointment ${formatSmsTime(uk.startsAt, 'en')}, Calea Bucuresti 5. STOP = no more messages`,
    );
    expect(toEn?.body).toMatch(
      /^Reminder: appointment (Mon|Tue|Wed|Thu|Fri|Sat|Sun), [A-Z][a-z]{2} \d{1,2}, 12:00,/,
    );
    expect(toEn).toMatchObject({ encoding: 'GSM-7', segments: 1 });
    for (const entry of gateway.list()) {
      expect(findForbiddenWords(entry.body)).toEqual([]);
      expect(entry.body).not.toContain('Olena');
      expect(entry.body).not.toContain('V-17');
    }

    expect(await sendDueMessages(firstReminder, gateway)).toMatchObject({ sent: 0, deferred: 0, failed: 0 });
    expect(gateway.list()).toHaveLength(2);
    const view = await call('GET', `/cases/${ukCase.id}/hearings/${uk.id}`, { as: coordinatorDJ });
    expect(view.body.reminders.map((r: { status: string }) => r.status)).toEqual(['sent', 'pending']);
    const sent = (await storedMessages(ukCase.id)).find((m) => m['status'] === 'sent');
    expect(sent?.['gsi1pk']).toBeUndefined();
    expect(sent?.['providerId']).toBe(toUk?.providerId);
    // The outbox holds no recipient: the number is read from the case when the message goes out.
    expect(sent).not.toHaveProperty('to');
    expect(JSON.stringify(await storedMessages(ukCase.id))).not.toContain(ukCase.body.victim.phone as string);
  });

  it('sends to the number the case has now, in its language now, not the ones it had when scheduled', async () => {
    const c = await openCase({ victim: { language: 'ro' } });
    const hearing = await scheduleHearing(c.id, aCoordinator());
    const oldPhone = c.body.victim.phone as string;
    const newPhone = '+40799000111';
    const current = await call('GET', `/cases/${c.id}`, { as: coordinatorDJ });
    const changed = await call('PATCH', `/cases/${c.id}`, {
      as: coordinatorDJ,
      ifMatch: current.body.version,
      body: { victim: { phone: newPhone, language: 'en' } },
    });
    expect(changed.status).toBe(200);
    const due = new Date(hearing.reminders[0].sendAt);
    const gateway = new MemoryOutboxGateway({ now: () => due });

    expect(await sendDueMessages(due, gateway)).toMatchObject({ sent: 1 });
    expect(gateway.list(oldPhone)).toHaveLength(0);
    expect(gateway.list(newPhone)[0]?.body).toMatch(/^Reminder: appointment/);
  });

  it('sends a minor’s reminders to the legal representative’s phone, never the minor’s', async () => {
    const c = await openCase({
      victim: {
        birthYear: new Date().getUTCFullYear() - 12,
        legalRepresentative: { phone: '+40733000222', safeToContact: true },
      },
    });
    const hearing = await scheduleHearing(c.id, aCoordinator());
    const due = new Date(hearing.reminders[0].sendAt);
    const gateway = new MemoryOutboxGateway({ now: () => due });

    expect(await sendDueMessages(due, gateway)).toMatchObject({ sent: 1 });
    expect(gateway.list('+40733000222')).toHaveLength(1);
    expect(gateway.list(c.body.victim.phone as string)).toHaveLength(0);
  });

  it('sends each of 500 due messages exactly once when four senders race', async () => {
    const cases = await Promise.all([openCase(), openCase(), openCase(), openCase(), openCase()]);
    const messages = Array.from({ length: 500 }, (_, i) => {
      const c = cases[i % cases.length]!;
      return aMessage(c.id, {
        sendAt: new Date(Date.parse('2030-01-10T08:00:00Z') + i * 1000).toISOString(),
      });
    });
    await putMessages(messages);
    const gateway = new CountingGateway();
    const now = at('2030-01-10T10:00:00Z');

    const runs = await Promise.all([1, 2, 3, 4].map(() => sendDueMessages(now, gateway)));

    const keys = gateway.sends.map((s) => s.idempotencyKey);
    expect(keys).toHaveLength(500);
    expect(new Set(keys).size).toBe(500);
    expect(runs.reduce((sum, r) => sum + r.sent, 0)).toBe(500);
    const statuses = (await Promise.all(cases.map((c) => storedMessages(c.id))))
      .flat()
      .map((m) => m['status']);
    expect(statuses.filter((s) => s === 'sent')).toHaveLength(500);
  });

  it('retries a Twilio 5xx with backoff and finally sends it', async () => {
    const c = await openCase();
    const message = aMessage(c.id);
    await putMessages([message]);
    script.push(twilioError(503, 20503), twilioError(500, 20500));
    const gateway = twilio();

    const t0 = at('2030-01-10T09:00:00Z');
    expect(await sendDueMessages(t0, gateway)).toMatchObject({ sent: 0, deferred: 1 });
    let [item] = await storedMessages(c.id);
    expect(item).toMatchObject({ status: 'pending', attempts: 1, lastError: '20503' });
    expect(item?.['sendAt']).toBe('2030-01-10T09:01:00.000Z');
    expect(await sendDueMessages(at('2030-01-10T09:00:30Z'), gateway)).toMatchObject({
      sent: 0,
      deferred: 0,
    });

    expect(await sendDueMessages(at('2030-01-10T09:01:00Z'), gateway)).toMatchObject({ deferred: 1 });
    [item] = await storedMessages(c.id);
    expect(item).toMatchObject({ status: 'pending', attempts: 2, sendAt: '2030-01-10T09:03:00.000Z' });

    expect(await sendDueMessages(at('2030-01-10T09:03:00Z'), gateway)).toMatchObject({ sent: 1 });
    [item] = await storedMessages(c.id);
    expect(item).toMatchObject({ status: 'sent', attempts: 3 });
    expect(item?.['providerId']).toMatch(/^SM[0-9a-f]{32}$/);
    expect(stubReceived).toHaveLength(3);
    // The callback names the message by a sealed token: Twilio keeps the URL, and must not learn the case.
    const callback = new URL(String(stubReceived[2]?.['StatusCallback']));
    expect(`${callback.origin}${callback.pathname}`).toBe('https://api.alaturi.test/sms/status');
    expect([...callback.searchParams.keys()]).toEqual(['m']);
    expect(callback.search).not.toContain(c.id);
    expect(await openMessageRef(callback.searchParams.get('m') as string)).toEqual({
      caseId: c.id,
      messageId: message.id,
    });
  });

  it('marks a message failed after the last attempt', async () => {
    const c = await openCase();
    await putMessages([aMessage(c.id)]);
    for (let i = 0; i < 5; i += 1) script.push(twilioError(429, 20429));
    let now = at('2030-01-10T09:00:00Z');
    for (let i = 0; i < 5; i += 1) {
      await sendDueMessages(now, twilio());
      now = new Date(now.getTime() + 3_600_000);
    }
    const [item] = await storedMessages(c.id);
    expect(item).toMatchObject({ status: 'failed', attempts: 5, lastError: '20429' });
    expect(stubReceived).toHaveLength(5);
  });

  it('ends a permanent failure (21211) as failed at once, visible on the case’s hearing', async () => {
    const c = await openCase();
    const hearing = await scheduleHearing(c.id, aCoordinator());
    script.push(twilioError(400, 21211));
    const due = new Date(hearing.reminders[0].sendAt);
    expect(await sendDueMessages(due, twilio())).toMatchObject({ sent: 0, failed: 1 });
    const view = await call('GET', `/cases/${c.id}/hearings/${hearing.id}`, { as: coordinatorDJ });
    expect(view.body.reminders[0]).toMatchObject({ status: 'failed', error: '21211', attempts: 1 });
    expect(view.body.reminders[1]).toMatchObject({ status: 'pending' });
  });

  it('stops every later reminder to a phone that sent STOP', async () => {
    const c = await openCase();
    const hearing = await scheduleHearing(c.id, aCoordinator());
    const stop = await twilioPost('/sms/inbound', {
      MessageSid: aMessageSid(),
      From: c.body.victim.phone as string,
      Body: 'stop',
    });
    expect(stop.status).toBe(200);
    const gateway = new MemoryOutboxGateway();
    const due = new Date(hearing.reminders[1].sendAt);
    expect(await sendDueMessages(due, gateway)).toMatchObject({ sent: 0, skipped: 2 });
    expect(gateway.list()).toEqual([]);
    const view = await call('GET', `/cases/${c.id}/hearings/${hearing.id}`, { as: coordinatorDJ });
    expect(view.body.reminders.map((r: { status: string; error: string }) => [r.status, r.error])).toEqual([
      ['cancelled', 'opted_out'],
      ['cancelled', 'opted_out'],
    ]);
  });

  it('cancels at send time a message whose case withdrew consent', async () => {
    const c = await openCase();
    const hearing = await scheduleHearing(c.id, aCoordinator());
    const patch = await call('PATCH', `/cases/${c.id}`, {
      as: coordinatorDJ,
      ifMatch: 1,
      body: { consents: { smsReminders: false } },
    });
    expect(patch.status).toBe(200);
    const gateway = new MemoryOutboxGateway();
    expect(await sendDueMessages(new Date(hearing.reminders[0].sendAt), gateway)).toMatchObject({
      skipped: 1,
    });
    expect(gateway.list()).toEqual([]);
  });

  it('defers a message due in quiet hours to their end, then sends it', async () => {
    const c = await openCase();
    await putMessages([aMessage(c.id, { sendAt: '2030-01-10T19:30:00.000Z' })]);
    const gateway = new MemoryOutboxGateway();
    // 22:00 in Bucharest (UTC+2 in January).
    expect(await sendDueMessages(at('2030-01-10T20:00:00Z'), gateway)).toMatchObject({
      sent: 0,
      deferred: 1,
    });
    const [item] = await storedMessages(c.id);
    expect(item).toMatchObject({ status: 'pending', sendAt: '2030-01-11T06:00:00.000Z', attempts: 0 });
    expect(await sendDueMessages(at('2030-01-11T05:59:00Z'), gateway)).toMatchObject({
      sent: 0,
      deferred: 0,
    });
    expect(await sendDueMessages(at('2030-01-11T06:00:00Z'), gateway)).toMatchObject({ sent: 1 });
    expect(gateway.list()).toHaveLength(1);
  });

  it('retries a claim left by a crashed sender once it is older than the timeout', async () => {
    const c = await openCase();
    const message = aMessage(c.id);
    await putMessages([message]);
    const [stored] = await storedMessages(c.id);
    expect(await claimMessage(fromStoredMessage(stored!), at('2030-01-10T09:00:00Z'))).toBeDefined();
    const gateway = new MemoryOutboxGateway();
    expect(await sendDueMessages(at('2030-01-10T09:05:00Z'), gateway)).toMatchObject({
      sent: 0,
      deferred: 0,
    });
    expect(await sendDueMessages(at('2030-01-10T09:11:00Z'), gateway)).toMatchObject({ deferred: 1 });
    expect(await sendDueMessages(at('2030-01-10T09:12:00Z'), gateway)).toMatchObject({ sent: 1 });
    expect(gateway.list().map((e) => e.idempotencyKey)).toEqual([message.id]);
  });

  it('reads only the due part of the index', async () => {
    const c = await openCase();
    const later = Array.from({ length: 50 }, () => aMessage(c.id, { sendAt: '2031-01-01T10:00:00.000Z' }));
    await putMessages([aMessage(c.id), ...later]);
    const out = await getDocumentClient().send(
      new QueryCommand({
        TableName: tableNames().coordination,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk <= :upper',
        ExpressionAttributeValues: { ':pk': 'OUTBOX#PENDING', ':upper': '2030-01-10T10:00:00.000Z#~' },
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    expect(out.Count).toBe(1);
    expect(await sendDueMessages(at('2030-01-10T10:00:00Z'), new MemoryOutboxGateway())).toMatchObject({
      sent: 1,
    });
  });
});

describe('functions/jobs/send-messages handler', () => {
  it('sends a just-inserted due notice from its stream record through the local outbox, ignoring the rest', async () => {
    const c = await openCase();
    const me = aCoordinator();
    const hearing = await scheduleHearing(c.id, me);
    const cancel = await call('POST', `/cases/${c.id}/hearings/${hearing.id}/cancel`, { as: me, ifMatch: 1 });
    expect(cancel.status).toBe(200);
    const notice = (await storedMessages(c.id)).find((m) => m['kind'] === 'cancellation_notice');
    expect(notice?.['status']).toBe('pending');
    const reminder = (await storedMessages(c.id)).find((m) => m['kind'] === 'reminder');
    const record = (item: Record<string, unknown>) => ({
      eventName: 'INSERT' as const,
      dynamodb: { NewImage: marshall(item, { removeUndefinedValues: true }) as never },
    });
    localOutbox.clear();
    // The handler reads the clock itself: pin it to a weekday morning, so quiet hours cannot defer the notice.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2030-01-10T10:00:00Z'));
    try {
      const outcome = await sendMessagesHandler({ Records: [record(notice!), record(reminder!)] } as never);
      expect(outcome).toMatchObject({ sent: 1, skipped: 0 });
    } finally {
      vi.useRealTimers();
    }
    const [sms] = localOutbox.list(c.body.victim.phone);
    expect(sms?.body).toBe(
      `Programarea din ${formatSmsTime(hearing.startsAt, 'ro')} s-a anulat. STOP = oprire mesaje`,
    );
    expect(localOutbox.list()).toHaveLength(1);
  });
});

describe('sendDueMessages, to a number abroad', () => {
  it('names Romania’s time in a reminder to a foreign number, and not to a Romanian one', async () => {
    const foreign = `+38050${String(Date.now() % 10_000_000).padStart(7, '0')}`;
    const abroad = await openCase({ victim: { language: 'uk', phone: foreign } });
    const home = await openCase({ victim: { language: 'uk' } });
    const me = aCoordinator();
    const first = await scheduleHearing(abroad.id, me, { publicLocation: 'Str. Unirii 10' });
    await scheduleHearing(home.id, me, { startsAt: first.startsAt, publicLocation: 'Str. Unirii 10' });
    const due = new Date(first.reminders[0].sendAt);
    const gateway = new MemoryOutboxGateway({ now: () => due });
    await sendDueMessages(due, gateway);
    const when = formatSmsTime(first.startsAt, 'uk');
    expect(gateway.list(foreign).map((m) => m.body)).toEqual([
      `Нагадування: зустріч ${when} (за часом Румунії), Str. Unirii 10. STOP = відписатися`,
    ]);
    expect(gateway.list(home.body.victim.phone).map((m) => m.body)).toEqual([
      `Нагадування: зустріч ${when}, Str. Unirii 10. STOP = відписатися`,
    ]);
  });
});
