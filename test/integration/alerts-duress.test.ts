// A person behind every reply (issue 12, points 5-7), through the real handlers and DynamoDB Local: alerts
// from a case's phones, their order and acknowledgement, the duress transaction, release under If-Match,
// delivery failures, and the messages of a case.
import { beforeAll, describe, expect, it } from 'vitest';
import { getDocumentClient, tableNames } from '../../shared/data/client.ts';
import { SMS_CASE_PUT_ATTRIBUTES } from '../../shared/data/inbound-message-repository.ts';
import { HOLD_ATTRIBUTES, HOLD_READ_ATTRIBUTES } from '../../shared/data/outbox-repository.ts';
import { phoneHash } from '../../shared/data/phone-hash.ts';
import { findPhonePointers } from '../../shared/data/phone-pointer-repository.ts';
import { sendDueMessages } from '../../shared/services/message-sender.ts';
import { type OutboundSms, type SmsGateway, SmsPermanentError } from '../../shared/sms/gateway.ts';
import { keywordReply } from '../../shared/sms/keyword-replies.ts';
import { smsText } from '../../shared/sms/templates.ts';
import { twimlMessage } from '../../shared/sms/twiml.ts';
import { raiseAlert } from '../support/alert-examples.ts';
import { call } from '../support/api.ts';
import { admin, aPhone, coordinatorDJ, coordinatorGJ } from '../support/factories.ts';
import {
  aCoordinator,
  aMessageSid,
  openCase,
  scheduleHearing,
  storedMessages,
  twilioPost,
  useOwnTables,
} from '../support/messaging-factories.ts';

beforeAll(async () => {
  await useOwnTables('alerts');
});

const text = async (from: string, body: string) =>
  twimlMessage(
    (await twilioPost('/sms/inbound', { MessageSid: aMessageSid(), From: from, Body: body })).text,
  );

const caseAlerts = async (caseId: string) =>
  (await call('GET', `/cases/${caseId}/alerts`, { as: coordinatorDJ })).body.items as Record<
    string,
    unknown
  >[];

/** Records what would have been sent, and sends it. */
class RecordingGateway implements SmsGateway {
  readonly sent: OutboundSms[] = [];
  async send(message: OutboundSms) {
    this.sent.push(message);
    return { providerId: `SM${String(this.sent.length).padStart(32, '0')}` };
  }
}

describe('a message from a phone of a case', () => {
  it('answers help from a Ukrainian victim in Ukrainian that someone will call, and raises a help alert with the text', async () => {
    const phone = aPhone();
    const { id } = await openCase({ victim: { phone, language: 'uk' } });
    expect(await text(phone, 'HELP')).toBe(keywordReply('call_back', 'uk'));
    const [alert] = await caseAlerts(id);
    expect(alert).toMatchObject({
      kind: 'help',
      urgent: false,
      status: 'open',
      from: 'victim',
      text: 'HELP',
    });
  });

  it('raises a message alert for anything written outside a survey, and none for a stranger', async () => {
    const phone = aPhone();
    const { id } = await openCase({ victim: { phone } });
    expect(await text(phone, 'Pot să vin mai târziu?')).toBe(keywordReply('call_back', 'ro'));
    expect((await caseAlerts(id)).map((a) => [a['kind'], a['text']])).toEqual([
      ['message', 'Pot să vin mai târziu?'],
    ]);
    const stranger = await text(aPhone(), 'Pot să vin mai târziu?');
    expect(stranger).toBe(smsText('survey_closed', 'ro').body);
  });
});

describe('GET /alerts', () => {
  it('lists a coordinator’s county urgent first, then oldest; another county sees none of them; an admin all', async () => {
    const { id } = await openCase({});
    const older = await raiseAlert(id, 'help', '2030-01-01T10:00:00.000Z');
    const newer = await raiseAlert(id, 'message', '2030-01-02T10:00:00.000Z');
    const urgent = await raiseAlert(id, 'duress', '2030-01-03T10:00:00.000Z');
    const res = await call('GET', '/alerts?status=open&limit=100', { as: coordinatorDJ });
    expect(res.status).toBe(200);
    const ids = (res.body.items as { id: string }[]).map((a) => a.id);
    expect(ids.filter((i) => [older, newer, urgent].includes(i))).toEqual([urgent, older, newer]);
    expect(ids[0]).toBe(urgent);

    const other = await call('GET', '/alerts', { as: coordinatorGJ });
    expect((other.body.items as { caseId: string }[]).filter((a) => a.caseId === id)).toEqual([]);
    const all = await call('GET', '/alerts?limit=100', { as: admin });
    expect((all.body.items as { id: string }[]).map((a) => a.id)).toEqual(
      expect.arrayContaining([older, urgent]),
    );
  });
});

describe('POST /cases/{caseId}/alerts/{alertId}/acknowledge', () => {
  it('needs If-Match, refuses a stale one, and takes the alert off the open list with its note', async () => {
    const { id } = await openCase({});
    const alertId = await raiseAlert(id, 'help');
    const path = `/cases/${id}/alerts/${alertId}/acknowledge`;
    const body = { note: 'Called back; all well.' };
    expect((await call('POST', path, { as: coordinatorDJ, body })).status).toBe(428);
    expect((await call('POST', path, { as: coordinatorDJ, body, ifMatch: 2 })).status).toBe(412);
    const done = await call('POST', path, { as: coordinatorDJ, body, ifMatch: 1 });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'acknowledged', note: body.note, version: 2 });
    expect(done.headers['etag']).toBe('"2"');
    const open = await call('GET', '/alerts?limit=100', { as: coordinatorDJ });
    expect((open.body.items as { id: string }[]).map((a) => a.id)).not.toContain(alertId);
    expect((await call('POST', path, { as: coordinatorDJ, body, ifMatch: 2 })).status).toBe(409);
  });
});

describe('the duress word', () => {
  async function caseWithReminders(language: 'ro' | 'de' = 'ro') {
    const phone = aPhone();
    const coordinator = aCoordinator();
    const opened = await openCase({ victim: { phone, language } }, coordinator);
    const hearing = await scheduleHearing(opened.id, coordinator);
    return { ...opened, phone, coordinator, hearing };
  }

  it('is stored sealed and never returned: the case only says duressWordSet', async () => {
    const { id } = await openCase({});
    const put = await call('PUT', `/cases/${id}/duress-word`, {
      as: coordinatorDJ,
      body: { word: 'Lavandă' },
    });
    expect(put.status).toBe(204);
    const read = await call('GET', `/cases/${id}`, { as: coordinatorDJ });
    expect(read.body.duressWordSet).toBe(true);
    expect(read.text.toLowerCase()).not.toContain('lavand');
    expect(read.body.version).toBe(2);
  });

  it('refuses a word that is not 3-20 letters with 400 naming word', async () => {
    const { id } = await openCase({});
    for (const word of ['ab', 'two words', 'abc1', 'a'.repeat(21)]) {
      const res = await call('PUT', `/cases/${id}/duress-word`, { as: coordinatorDJ, body: { word } });
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(['word']);
    }
  });

  it('holds every pending message, raises an urgent alert and answers exactly the help reply, in one go', async () => {
    const { id, phone, hearing } = await caseWithReminders();
    await call('PUT', `/cases/${id}/duress-word`, { as: coordinatorDJ, body: { word: 'lavanda' } });
    const pendingBefore = (await storedMessages(id)).filter((m) => m['status'] === 'pending').length;
    expect(pendingBefore).toBeGreaterThan(0);

    const helpReplyOfThisPhone = keywordReply('call_back', 'ro');
    expect(await text(phone, 'Bună, LAVANDĂ, pe mâine')).toBe(helpReplyOfThisPhone);

    const messages = await storedMessages(id);
    const outbox = messages.filter((m) => m['direction'] !== 'in');
    expect(outbox.map((m) => m['status'])).toEqual(outbox.map(() => 'held'));
    expect(outbox.every((m) => m['gsi1pk'] === undefined)).toBe(true);
    const [alert] = await caseAlerts(id);
    expect(alert).toMatchObject({ kind: 'duress', urgent: true, status: 'open' });

    // The sender, at the hour before the appointment, sends nothing of this case.
    const gateway = new RecordingGateway();
    const beforeStart = new Date(new Date(hearing.startsAt).getTime() - 3_600_000);
    await sendDueMessages(beforeStart, gateway);
    expect(gateway.sent.filter((m) => m.to === phone)).toEqual([]);
  });

  it('does not react to the word inside a longer word, nor from a phone that is not the victim’s', async () => {
    const { id, phone } = await caseWithReminders();
    await call('PUT', `/cases/${id}/duress-word`, { as: coordinatorDJ, body: { word: 'lavanda' } });
    await text(phone, 'lavandaria');
    await text(aPhone(), 'lavanda');
    expect((await storedMessages(id)).filter((m) => m['status'] === 'held')).toEqual([]);
  });

  it('releases held messages under the case’s If-Match only, back to pending on the due index', async () => {
    const { id, phone } = await caseWithReminders();
    await call('PUT', `/cases/${id}/duress-word`, { as: coordinatorDJ, body: { word: 'lavanda' } });
    await text(phone, 'lavanda');
    const held = (await storedMessages(id)).filter((m) => m['status'] === 'held').length;
    const { version } = (await call('GET', `/cases/${id}`, { as: coordinatorDJ })).body;
    const path = `/cases/${id}/messages/release`;
    expect((await call('POST', path, { as: coordinatorDJ })).status).toBe(428);
    expect((await call('POST', path, { as: coordinatorDJ, ifMatch: version - 1 })).status).toBe(412);
    const released = await call('POST', path, { as: coordinatorDJ, ifMatch: version });
    expect(released.status).toBe(200);
    expect(released.body).toEqual({ released: held, version: version + 1 });
    expect(released.headers['etag']).toBe(`"${version + 1}"`);
    const outbox = (await storedMessages(id)).filter((m) => m['direction'] !== 'in');
    expect(outbox.map((m) => [m['status'], m['gsi1pk']])).toEqual(
      outbox.map(() => ['pending', 'OUTBOX#PENDING']),
    );
  });

  it('cancels held reminders with their hearing, so a later release cannot send an outdated time', async () => {
    const { id, phone, hearing, coordinator } = await caseWithReminders();
    await call('PUT', `/cases/${id}/duress-word`, { as: coordinatorDJ, body: { word: 'lavanda' } });
    await text(phone, 'lavanda');
    const cancelled = await call('POST', `/cases/${id}/hearings/${hearing.id}/cancel`, {
      as: coordinator,
      ifMatch: hearing.version,
    });
    expect(cancelled.status).toBe(200);
    const reminders = (await storedMessages(id)).filter((m) => m['kind'] === 'reminder');
    expect(reminders.map((m) => m['status'])).toEqual(reminders.map(() => 'cancelled'));
  });

  it('puts the word’s keyed hash on the pointers, never the word', async () => {
    const phone = aPhone();
    const { id } = await openCase({ victim: { phone } });
    await call('PUT', `/cases/${id}/duress-word`, { as: coordinatorDJ, body: { word: 'lavanda' } });
    const [pointer] = await findPhonePointers(await phoneHash(phone));
    expect(pointer?.duressWordHash).toMatch(/^[\w-]{43}$/);
    expect(JSON.stringify(pointer)).not.toContain('lavanda');
  });
});

describe('a message that fails for good', () => {
  it('raises a delivery_failed alert on its case with the message id', async () => {
    const { id } = await openCase({});
    const coordinator = aCoordinator();
    const opened = await openCase({}, coordinator);
    const hearing = await scheduleHearing(opened.id, coordinator);
    const failing: SmsGateway = {
      send: async () => {
        throw new SmsPermanentError('invalid number', 21211, 400);
      },
    };
    await sendDueMessages(new Date(new Date(hearing.startsAt).getTime() - 3_600_000), failing);
    const alerts = await caseAlerts(opened.id);
    const failed = (await storedMessages(opened.id)).filter((m) => m['status'] === 'failed');
    expect(failed.length).toBeGreaterThan(0);
    expect(
      alerts
        .filter((a) => a['kind'] === 'delivery_failed')
        .map((a) => a['messageId'])
        .sort(),
    ).toEqual(failed.map((m) => m['id']).sort());
    expect(await caseAlerts(id)).toEqual([]);
  });
});

describe('GET /cases/{caseId}/messages', () => {
  it('lists what went out and what came in, newest first, with the text for the coordinator only', async () => {
    const coordinator = aCoordinator();
    const phone = aPhone();
    const opened = await openCase({ victim: { phone } }, coordinator);
    await scheduleHearing(opened.id, coordinator);
    await text(phone, 'Mulțumesc, vin.');
    const res = await call('GET', `/cases/${opened.id}/messages`, { as: coordinatorDJ });
    expect(res.status).toBe(200);
    const [newest, ...older] = res.body.items as Record<string, unknown>[];
    expect(newest).toMatchObject({
      direction: 'in',
      kind: 'message',
      status: 'received',
      body: 'Mulțumesc, vin.',
    });
    expect(older.length).toBeGreaterThan(0);
    expect(older.every((m) => m['direction'] === 'out' && typeof m['hearingId'] === 'string')).toBe(true);
    expect(older[0]?.['body']).toMatch(/^Reamintire: programare/);

    const asAdmin = await call('GET', `/cases/${opened.id}/messages`, { as: admin });
    expect((asAdmin.body.items as Record<string, unknown>[]).map((m) => m['body'])).toEqual(
      asAdmin.body.items.map(() => undefined),
    );
    const page = await call('GET', `/cases/${opened.id}/messages?limit=1`, { as: coordinatorDJ });
    expect(page.body.items).toHaveLength(1);
    const next = await call('GET', `/cases/${opened.id}/messages?limit=1&cursor=${page.body.nextCursor}`, {
      as: coordinatorDJ,
    });
    expect(next.body.items[0].id).toBe(older[0]?.['id']);
  });

  it('answers 404 to a coordinator of another county', async () => {
    const { id } = await openCase({});
    expect((await call('GET', `/cases/${id}/messages`, { as: coordinatorGJ })).status).toBe(404);
  });
});

describe('what the SMS webhook touches of the CoordinationTable', () => {
  type Call = { command: string; input: Record<string, unknown> };

  /** Records every DynamoDB call the shared client makes while `work` runs. */
  async function recorded(work: () => Promise<unknown>): Promise<Call[]> {
    const calls: Call[] = [];
    const stack = getDocumentClient().middlewareStack;
    stack.add(
      (next, context) => async (args) => {
        calls.push({ command: context.commandName ?? '', input: args.input as Record<string, unknown> });
        return next(args);
      },
      { step: 'initialize', name: 'test-recorder', override: true },
    );
    try {
      await work();
    } finally {
      stack.remove('test-recorder');
    }
    return calls;
  }

  const KEYS = ['pk', 'sk'];
  const bareNames = (expression: string) =>
    expression
      .replace(/[#:]\w+/g, ' ')
      .split(/[\s,=()]+/)
      .filter((w) => w && !['SET', 'REMOVE', 'ADD', 'DELETE', 'AND', 'OR'].includes(w));

  /** A key value as the SDK holds it at this step: marshalled (`{ S: 'CASE#...' }`) or plain. */
  const str = (value: unknown): string =>
    typeof value === 'string' ? value : String((value as { S?: string } | undefined)?.S ?? '');

  /** The SMS function's IAM statements on the CoordinationTable (infra/alaturi-stack.ts), as a predicate. */
  function allowedByTheGrant(call: Call): boolean {
    const coordination = tableNames().coordination;
    const command = call.command.replace(/(Items?)?Command$/, '');
    if (command === 'Query' || command === 'Get' || command === 'GetItem') {
      if (call.input['TableName'] !== coordination) return true;
      const values = call.input['ExpressionAttributeValues'] as Record<string, unknown>;
      const pk = str(values[':pk']);
      if (pk.startsWith('PHONE#')) return true;
      const names = Object.values((call.input['ExpressionAttributeNames'] ?? {}) as Record<string, string>);
      const projected = typeof call.input['ProjectionExpression'] === 'string';
      return (
        command === 'Query' &&
        pk.startsWith('CASE#') &&
        projected &&
        names.every((n) => [...KEYS, ...HOLD_READ_ATTRIBUTES].includes(n))
      );
    }
    if (command === 'TransactWrite') {
      const items = call.input['TransactItems'] as Record<string, Record<string, unknown>>[];
      return items.every((item) => {
        const [kind, op] = Object.entries(item).find(([, v]) => v !== undefined) as [
          string,
          Record<string, unknown>,
        ];
        if (op['TableName'] !== coordination) return true;
        const key = (op['Key'] ?? op['Item']) as Record<string, unknown>;
        if (!str(key['pk']).startsWith('CASE#')) return false;
        if (kind === 'Put') {
          return Object.keys(op['Item'] as object).every((a) =>
            [...KEYS, ...SMS_CASE_PUT_ATTRIBUTES].includes(a),
          );
        }
        if (kind === 'Update') {
          const names = Object.values(op['ExpressionAttributeNames'] as Record<string, string>);
          const bare = bareNames(op['UpdateExpression'] as string);
          return [...names, ...bare].every((a) => HOLD_ATTRIBUTES.includes(a));
        }
        return false;
      });
    }
    if (command === 'BatchGet') {
      return Object.keys(call.input['RequestItems'] as object).every((t) => t !== coordination);
    }
    return false;
  }

  it('reads phone pointers and, on their case, only what its grants allow: the duress word and a help request', async () => {
    const phone = aPhone();
    const coordinator = aCoordinator();
    const opened = await openCase({ victim: { phone } }, coordinator);
    await scheduleHearing(opened.id, coordinator);
    await call('PUT', `/cases/${opened.id}/duress-word`, { as: coordinatorDJ, body: { word: 'lavanda' } });

    const calls = await recorded(async () => {
      await text(phone, 'Lavanda');
      await text(phone, 'AJUTOR');
      await text(phone, 'Salut');
    });
    const onCoordination = calls.filter((c) => JSON.stringify(c.input).includes(tableNames().coordination));
    expect(onCoordination.length).toBeGreaterThanOrEqual(6);
    expect(onCoordination.filter((c) => !allowedByTheGrant(c))).toEqual([]);
    expect((await storedMessages(opened.id)).some((m) => m['status'] === 'held')).toBe(true);
  });
});
