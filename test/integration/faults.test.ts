// DynamoDB throttling and timeouts where they hurt most: scheduling a hearing (one transaction with its
// reminders), the sender (claim, record), and the SMS webhook that Twilio retries. A request fails with a
// clear 503 and Retry-After; after the fault clears, every reminder and every answer is there exactly once.
// (Reads and case writes under faults are in dynamodb-faults.test.ts; Twilio 429/5xx in message-sender.)

import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { getDocumentClient, tableNames } from '../../shared/data/client.ts';
import { GetCommand, QueryCommand } from '../../shared/data/document-client.ts';
import { surveyKeys } from '../../shared/data/keys.ts';
import { phoneHash } from '../../shared/data/phone-hash.ts';
import { sendDueMessages } from '../../shared/services/message-sender.ts';
import type { OutboundSms, SmsGateway } from '../../shared/sms/gateway.ts';
import { twimlMessage } from '../../shared/sms/twiml.ts';
import { call } from '../support/api.ts';
import { aPhone } from '../support/factories.ts';
import { type DynamoFault, injectDynamoFault } from '../support/faults.ts';
import {
  aCoordinator,
  aHearing,
  aMessage,
  aMessageSid,
  openCase,
  putMessages,
  storedMessages,
  twilioPost,
  useOwnTables,
} from '../support/messaging-factories.ts';
import { invite, publishSurvey } from '../support/survey-factories.ts';

const TRANSACTION = ['TransactWriteCommand', 'TransactWriteItemsCommand'];
const UPDATE = ['UpdateCommand', 'UpdateItemCommand'];
const tally = { faults: 0, refusedWith503: 0 };

let fault: ReturnType<typeof injectDynamoFault> | undefined;

function inject(kind: DynamoFault, commands?: string[], count = 1) {
  fault = injectDynamoFault(kind, { count, commands });
  return fault;
}

afterEach(() => {
  tally.faults += fault?.injected ?? 0;
  fault?.remove();
  fault = undefined;
});

beforeAll(async () => {
  await useOwnTables('faults');
  return () => {
    process.stdout.write(
      `faults: ${tally.faults} DynamoDB faults injected, ${tally.refusedWith503} requests answered 503 with Retry-After, 0 500s\n`,
    );
  };
});

function expect503(res: { status: number; headers: Record<string, string>; text: string }) {
  expect(res.status).toBe(503);
  expect(res.headers['retry-after']).toMatch(/^\d+$/);
  expect(res.headers['content-type']).toBe('application/problem+json');
  expect(res.text).not.toMatch(/Exception|socket|\.ts:\d+/);
  tally.refusedWith503 += 1;
}

describe('scheduling a hearing when DynamoDB fails', () => {
  it.each(['throttle', 'timeout'] as const)(
    'answers 503 on a %s of its transaction, and the retry stores the hearing and its reminders once',
    async (kind) => {
      const c = await openCase();
      const me = aCoordinator();
      const body = aHearing();
      const path = `/cases/${c.id}/hearings?allowConflict=true`;

      const failed = inject(kind, TRANSACTION);
      expect503(await call('POST', path, { as: me, body }));
      expect(failed.injected).toBe(1);
      failed.remove();
      expect((await call('GET', `/cases/${c.id}/hearings`, { as: me })).body.items).toEqual([]);
      expect(await storedMessages(c.id)).toEqual([]);

      const retried = await call('POST', path, { as: me, body });
      expect(retried.status).toBe(201);
      const hearings = (await call('GET', `/cases/${c.id}/hearings`, { as: me })).body.items;
      expect(hearings.map((h: { id: string }) => h.id)).toEqual([retried.body.id]);
      const reminders = (await storedMessages(c.id)).filter((m) => m['kind'] === 'reminder');
      expect(reminders).toHaveLength(retried.body.reminders.length);
      expect(reminders.length).toBeGreaterThan(0);
    },
  );

  it('answers 503 when the read before the write times out, and writes nothing', async () => {
    const c = await openCase();
    const me = aCoordinator();
    inject('timeout', ['GetCommand', 'GetItemCommand', 'QueryCommand']);
    expect503(await call('POST', `/cases/${c.id}/hearings?allowConflict=true`, { as: me, body: aHearing() }));
    fault?.remove();
    expect(await storedMessages(c.id)).toEqual([]);
  });
});

/** Counts sends; can fail the DynamoDB write that follows a send it accepted. */
class CountingGateway implements SmsGateway {
  readonly sends: OutboundSms[] = [];
  afterSend?: () => void;
  async send(message: OutboundSms) {
    this.sends.push(message);
    this.afterSend?.();
    return { providerId: `SM${String(this.sends.length).padStart(32, '0')}` };
  }
}

describe('the sender when DynamoDB fails', () => {
  const due = new Date('2030-01-10T10:00:00Z');
  // An outbox of its own: the reminders of the hearings above must not be what the fault hits.
  beforeAll(() => useOwnTables('faults-sender'));

  it.each(['throttle', 'timeout'] as const)(
    'leaves a message pending when its claim meets a %s, finishes the others, and a later run sends it once',
    async (kind) => {
      const c = await openCase();
      const messages = Array.from({ length: 5 }, () => aMessage(c.id));
      await putMessages(messages);
      const gateway = new CountingGateway();

      inject(kind, UPDATE);
      await expect(sendDueMessages(due, gateway)).rejects.toThrow();
      fault?.remove();
      // The run ended only once every other message was through: none is left claimed mid-send.
      expect(gateway.sends).toHaveLength(4);
      const statuses = (await storedMessages(c.id)).map((m) => m['status']).sort();
      expect(statuses).toEqual(['pending', 'sent', 'sent', 'sent', 'sent']);
      const [pending] = (await storedMessages(c.id)).filter((m) => m['status'] === 'pending');
      expect(pending).toMatchObject({ attempts: 0, gsi1pk: 'OUTBOX#PENDING' });

      expect(await sendDueMessages(new Date(due.getTime() + 60_000), gateway)).toMatchObject({ sent: 1 });
      expect(await sendDueMessages(new Date(due.getTime() + 3_600_000), gateway)).toMatchObject({ sent: 0 });
      expect(new Set(gateway.sends.map((s) => s.idempotencyKey))).toEqual(new Set(messages.map((m) => m.id)));
      expect(gateway.sends).toHaveLength(5);
    },
  );

  it('leaves a message pending when the due index cannot be read, and a later run sends it once', async () => {
    const c = await openCase();
    await putMessages([aMessage(c.id)]);
    const gateway = new CountingGateway();
    inject('timeout', ['QueryCommand']);
    await expect(sendDueMessages(due, gateway)).rejects.toThrow();
    fault?.remove();
    expect(await sendDueMessages(due, gateway)).toMatchObject({ sent: 1 });
    expect(gateway.sends).toHaveLength(1);
  });

  it('does not send again a message Twilio accepted when recording it as sent is throttled', async () => {
    const c = await openCase();
    const message = aMessage(c.id);
    await putMessages([message]);
    const gateway = new CountingGateway();
    // The claim went through; the write that records the send meets the fault.
    gateway.afterSend = () => {
      gateway.afterSend = undefined;
      inject('throttle', UPDATE);
    };

    expect(await sendDueMessages(due, gateway)).toMatchObject({ sent: 1, deferred: 0 });
    expect(fault?.injected).toBe(1);
    fault?.remove();
    const [stored] = await storedMessages(c.id);
    expect(stored).toMatchObject({ status: 'sent', attempts: 1, providerId: `SM${'1'.padStart(32, '0')}` });
    // Hours later, with every backoff long past: still one send.
    expect(await sendDueMessages(new Date(due.getTime() + 6 * 3_600_000), gateway)).toMatchObject({
      sent: 0,
      deferred: 0,
    });
    expect(gateway.sends.map((s) => s.idempotencyKey)).toEqual([message.id]);
  });
});

const WAVE = '2031-S1';

async function insightsItem(key: { pk: string; sk: string }) {
  const out = await getDocumentClient().send(
    new GetCommand({ TableName: tableNames().insights, Key: key, ConsistentRead: true }),
  );
  return out.Item;
}

async function responses(surveyId: string) {
  const out = await getDocumentClient().send(
    new QueryCommand({
      TableName: tableNames().insights,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `RESP#${surveyId}#${WAVE}` },
      ConsistentRead: true,
    }),
  );
  return out.Items ?? [];
}

describe('POST /sms/inbound when DynamoDB fails (Twilio retries the same MessageSid)', () => {
  async function inbound(from: string, body: string, sid: string) {
    return twilioPost('/sms/inbound', { MessageSid: sid, From: from, Body: body });
  }

  it('answers 503 while the fault lasts, then the replay gets the reply and each answer is stored once', async () => {
    const survey = await publishSurvey();
    const phone = aPhone();
    const c = await openCase({ victim: { phone, birthYear: 1992 } });
    expect((await invite(c.id, survey.id, WAVE)).status).toBe(202);
    const session = async () => insightsItem(surveyKeys.session(await phoneHash(phone)));
    expect((await inbound(phone, 'DA', aMessageSid())).status).toBe(200);
    const before = await session();

    const answers: [string, string][] = [
      ['4', 'V-a fost de folos sprijinul? (DA/NU)\nSTOP = oprire mesaje'],
      ['da', 'Ce ar trebui să facem altfel?\nSTOP = oprire mesaje'],
      ['Mai multă răbdare', 'Mulțumim! STOP = oprire'],
    ];
    for (const [index, [body, next]] of answers.entries()) {
      const sid = aMessageSid();
      inject(index % 2 === 0 ? 'throttle' : 'timeout', TRANSACTION);
      expect503(await inbound(phone, body, sid));
      fault?.remove();
      if (index === 0) expect(await session()).toEqual(before);
      expect(await insightsItem(surveyKeys.inboundSeen(sid))).toBeUndefined();

      const replay = await inbound(phone, body, sid);
      expect(replay.status).toBe(200);
      expect(twimlMessage(replay.text)).toBe(next);
      // Twilio may deliver it once more: the same reply, nothing applied twice.
      const again = await inbound(phone, body, sid);
      expect(again.text).toBe(replay.text);
    }

    expect(await session()).toBeUndefined();
    const stored = await responses(survey.id);
    expect(stored).toHaveLength(1);
    expect(stored[0]?.['answers']).toMatchObject({ safe: 4, helped: true });
  });

  it('opts the number out once the STOP that met a timeout is replayed, and not before', async () => {
    const phone = aPhone();
    const sid = aMessageSid();
    const optOut = async () => insightsItem(surveyKeys.optOut(await phoneHash(phone)));

    inject('timeout', TRANSACTION);
    expect503(await inbound(phone, 'STOP', sid));
    fault?.remove();
    expect(await optOut()).toBeUndefined();

    // A STOP reads nothing (the MessageSid's conditional write catches a replay), so the write fails again.
    inject('throttle', TRANSACTION);
    expect503(await inbound(phone, 'STOP', sid));
    fault?.remove();
    expect(await optOut()).toBeUndefined();

    const replay = await inbound(phone, 'STOP', sid);
    expect(twimlMessage(replay.text)).toBe(
      'Nu veți mai primi mesaje. START = reluare\nYou will receive no more messages. START = resume',
    );
    expect(await optOut()).toBeDefined();
    expect(await insightsItem(surveyKeys.inboundSeen(sid))).toBeDefined();
  });
});
