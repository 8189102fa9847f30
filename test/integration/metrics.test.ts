// Issue 17: the metrics the alarms read, emitted by the real code over DynamoDB Local. Each is one
// embedded-metric-format line on stdout; these tests read those lines and check the name, the labels and
// that no label carries a phone, a case id or a text.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sendDueMessages } from '../../shared/services/message-sender.ts';
import type { OutboundSms, SmsGateway } from '../../shared/sms/gateway.ts';
import { SmsPermanentError } from '../../shared/sms/gateway.ts';
import { raiseAlert } from '../support/alert-examples.ts';
import { call } from '../support/api.ts';
import { aPhone, coordinatorDJ } from '../support/factories.ts';
import {
  aMessage,
  aMessageSid,
  openCase,
  putMessages,
  twilioPost,
  useOwnTables,
} from '../support/messaging-factories.ts';

type Emf = Record<string, unknown> & { _aws: { CloudWatchMetrics: { Dimensions: string[][] }[] } };

let lines: string[] = [];
/** Every metric line of the file, for the last test. */
const everyLine: string[] = [];
const phones: string[] = [];

beforeAll(async () => {
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
  await useOwnTables('metrics');
  const write = process.stdout.write.bind(process.stdout);
  vi.spyOn(process.stdout, 'write').mockImplementation(((chunk: string | Uint8Array, ...rest: never[]) => {
    const text = String(chunk);
    if (text.includes('"_aws"')) {
      lines.push(...text.split('\n').filter(Boolean));
      everyLine.push(...text.split('\n').filter(Boolean));
    } else return write(chunk, ...rest);
    return true;
  }) as typeof process.stdout.write);
});

afterAll(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

/** The metric lines that `action` emitted, parsed. */
async function emitted(action: () => Promise<unknown>): Promise<Emf[]> {
  lines = [];
  await action();
  return lines.map((line) => JSON.parse(line) as Emf);
}

const named = (metrics: Emf[], name: string) => metrics.filter((metric) => name in metric);

class ScriptedGateway implements SmsGateway {
  constructor(private readonly fail: boolean) {}
  async send(_message: OutboundSms) {
    if (this.fail) throw new SmsPermanentError('unreachable', 21_211);
    return { providerId: `SM${'0'.repeat(32)}` };
  }
}

describe('the sender', () => {
  it('counts each send by kind, and measures the lag of the oldest due message', async () => {
    const phone = aPhone();
    phones.push(phone);
    const { id } = await openCase({ victim: { phone } });
    const now = new Date('2030-01-10T09:00:00.000Z');
    await putMessages([aMessage(id, { sendAt: '2030-01-10T08:40:00.000Z' })]);

    const metrics = await emitted(() => sendDueMessages(now, new ScriptedGateway(false)));

    expect(named(metrics, 'MessagesSent')).toEqual([
      expect.objectContaining({ service: 'alaturi', kind: 'reminder', MessagesSent: 1 }),
    ]);
    expect(named(metrics, 'SenderLagSeconds')[0]).toMatchObject({ SenderLagSeconds: 1200 });
    expect(named(metrics, 'OldestOpenUrgentAlertSeconds')[0]).toMatchObject({
      OldestOpenUrgentAlertSeconds: 0,
    });
  });

  it('counts a refusal by Twilio, the failure and the delivery_failed alert it raises', async () => {
    const phone = aPhone();
    phones.push(phone);
    const { id } = await openCase({ victim: { phone } });
    await putMessages([aMessage(id, { sendAt: '2030-01-10T08:59:00.000Z' })]);

    const metrics = await emitted(() =>
      sendDueMessages(new Date('2030-01-10T09:00:00.000Z'), new ScriptedGateway(true)),
    );

    expect(named(metrics, 'TwilioErrors')[0]).toMatchObject({ kind: 'reminder', TwilioErrors: 1 });
    expect(named(metrics, 'MessagesFailed')[0]).toMatchObject({ kind: 'reminder', MessagesFailed: 1 });
    expect(named(metrics, 'AlertsRaised')[0]).toMatchObject({ kind: 'delivery_failed', AlertsRaised: 1 });
  });

  it('measures how long the oldest urgent alert has waited', async () => {
    const { id } = await openCase({ victim: { phone: aPhone() } });
    await raiseAlert(id, 'duress', '2030-01-10T08:20:00.000Z');

    const metrics = await emitted(() =>
      sendDueMessages(new Date('2030-01-10T09:00:00.000Z'), new ScriptedGateway(false)),
    );

    expect(named(metrics, 'OldestOpenUrgentAlertSeconds')[0]).toMatchObject({
      OldestOpenUrgentAlertSeconds: 2400,
    });
  });
});

describe('the sender at night', () => {
  it('counts a message deferred out of quiet hours by kind', async () => {
    const { id } = await openCase({ victim: { phone: aPhone() } });
    await putMessages([aMessage(id, { sendAt: '2030-01-10T21:20:00.000Z' })]);

    // 23:30 in Bucharest: inside the quiet hours.
    const metrics = await emitted(() =>
      sendDueMessages(new Date('2030-01-10T21:30:00.000Z'), new ScriptedGateway(false)),
    );

    expect(named(metrics, 'MessagesDeferred')[0]).toMatchObject({ kind: 'reminder', MessagesDeferred: 1 });
    expect(named(metrics, 'MessagesSent')).toEqual([]);
  });
});

describe('the SMS webhook', () => {
  it("counts a keyword, a stranger's survey-less message and a help request from a case by class", async () => {
    const phone = aPhone();
    phones.push(phone);
    await openCase({ victim: { phone } });
    const stranger = aPhone();
    phones.push(stranger);
    const text = (from: string, body: string) =>
      twilioPost('/sms/inbound', { MessageSid: aMessageSid(), From: from, Body: body });

    const stop = await emitted(() => text(stranger, 'STOP'));
    const other = await emitted(() => text(stranger, 'hello'));
    const help = await emitted(() => text(phone, 'AJUTOR'));

    expect(named(stop, 'InboundMessages')[0]).toMatchObject({ class: 'keyword', InboundMessages: 1 });
    expect(named(other, 'InboundMessages')[0]).toMatchObject({ class: 'survey' });
    expect(named(help, 'InboundMessages')[0]).toMatchObject({ class: 'alert' });
    expect(named(help, 'AlertsRaised')[0]).toMatchObject({ kind: 'help', AlertsRaised: 1 });
  });
});

describe('a duress word and its alert', () => {
  it('counts the held messages and the duress alert, and the acknowledgement by kind', async () => {
    const phone = aPhone();
    phones.push(phone);
    const { id } = await openCase({ victim: { phone } });
    await putMessages([
      aMessage(id, { sendAt: '2030-02-10T08:00:00.000Z' }),
      aMessage(id, { sendAt: '2030-02-11T08:00:00.000Z' }),
    ]);
    const set = await call('PUT', `/cases/${id}/duress-word`, {
      as: coordinatorDJ,
      body: { word: 'lavanda' },
    });
    expect(set.status).toBe(204);

    const duress = await emitted(() =>
      twilioPost('/sms/inbound', { MessageSid: aMessageSid(), From: phone, Body: 'pe mâine, lavandă' }),
    );

    expect(named(duress, 'MessagesHeld')[0]).toMatchObject({ MessagesHeld: 2 });
    expect(named(duress, 'AlertsRaised')[0]).toMatchObject({ kind: 'duress', AlertsRaised: 1 });
    const [alert] = (await call('GET', `/cases/${id}/alerts`, { as: coordinatorDJ })).body.items as {
      id: string;
      version: number;
    }[];
    const acknowledged = await emitted(() =>
      call('POST', `/cases/${id}/alerts/${alert?.id}/acknowledge`, {
        as: coordinatorDJ,
        ifMatch: alert?.version,
        body: { note: 'called back' },
      }),
    );
    expect(named(acknowledged, 'AlertsAcknowledged')[0]).toMatchObject({
      kind: 'duress',
      AlertsAcknowledged: 1,
    });
  });
});

describe('the API', () => {
  it('counts refusals by route id and status class, never by path', async () => {
    const metrics = await emitted(() =>
      call('GET', '/cases/01JD8Z5Q3W4E5R6T7Y8U9I0OPA', { as: coordinatorDJ }),
    );

    expect(named(metrics, 'ApiClientErrors')[0]).toMatchObject({ route: 'getCase', status: '4xx' });
  });

  it('puts no phone and no case id in any metric line', () => {
    const all = everyLine.join('\n');
    expect(everyLine.length).toBeGreaterThan(10);
    for (const phone of phones) expect(all).not.toContain(phone.slice(-9));
    expect(all).not.toMatch(/[0-9A-HJKMNP-TV-Z]{26}/);
  });
});
