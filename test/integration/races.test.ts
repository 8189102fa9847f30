// Races that must end with exactly one winner: four senders over one outbox of 1000 due messages, and twenty
// concurrent decisions on one protection request or one voucher request with the same If-Match. The twenty
// concurrent PATCHes of a case are in cases.test.ts, concurrent answers of one survey session in
// survey-conversation.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendDueMessages } from '../../shared/services/message-sender.ts';
import type { OutboundSms, SmsGateway } from '../../shared/sms/gateway.ts';
import { call, type Who } from '../support/api.ts';
import { aCase, coordinatorDJ } from '../support/factories.ts';
import {
  aMessage,
  openCase,
  putMessages,
  storedMessages,
  useOwnTables,
} from '../support/messaging-factories.ts';
import { aProtectionRequest, aVoucherRequest, readCounter } from '../support/protection-voucher-factories.ts';

const tried: string[] = [];

beforeAll(async () => {
  // Its own tables: the outbox is one global due index, and the counters start at zero.
  await useOwnTables('races');
});

afterAll(() => {
  process.stdout.write(`races: ${tried.join('; ')}\n`);
});

/** Counts every send, so a message sent twice shows up twice. */
class CountingGateway implements SmsGateway {
  readonly sends: OutboundSms[] = [];
  async send(message: OutboundSms) {
    this.sends.push(message);
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 3));
    return { providerId: `P${this.sends.length}` };
  }
}

describe('four senders over 1000 due messages', () => {
  it('sends each message exactly once and leaves every one marked sent', async () => {
    const cases = await Promise.all(Array.from({ length: 10 }, () => openCase()));
    const messages = Array.from({ length: 1000 }, (_, i) => {
      const c = cases[i % cases.length] as (typeof cases)[number];
      return aMessage(c.id, {
        sendAt: new Date(Date.parse('2030-01-10T08:00:00Z') + i * 1000).toISOString(),
      });
    });
    const t0 = Date.now();
    await putMessages(messages);
    const t1 = Date.now();
    const gateway = new CountingGateway();

    const runs = await Promise.all(
      [1, 2, 3, 4].map(() => sendDueMessages(new Date('2030-01-10T10:00:00Z'), gateway)),
    );

    const sending = Date.now() - t1;
    const keys = gateway.sends.map((s) => s.idempotencyKey);
    expect(keys).toHaveLength(1000);
    expect(new Set(keys)).toEqual(new Set(messages.map((m) => m.id)));
    expect(runs.reduce((sum, r) => sum + r.sent, 0)).toBe(1000);
    const stored = (await Promise.all(cases.map((c) => storedMessages(c.id)))).flat();
    expect(stored.filter((m) => m['status'] === 'sent')).toHaveLength(1000);
    expect(stored.filter((m) => m['gsi1pk'] !== undefined)).toEqual([]);
    tried.push(
      `1000 messages by 4 senders: ${gateway.sends.length} sends (${runs.map((r) => r.sent).join('+')}), ` +
        `seeded in ${t1 - t0} ms, sent in ${sending} ms`,
    );
  });
});

/** Twenty requests at once, each from its own caller; only the status codes are returned. */
async function twenty(make: (i: number) => Promise<{ status: number }>): Promise<number[]> {
  const results = await Promise.all(Array.from({ length: 20 }, (_, i) => make(i)));
  return results.map((r) => r.status);
}

describe('twenty concurrent decisions on one protection request with the same If-Match', () => {
  it('lets exactly one through and counts the confirmed measure once', async () => {
    const opened = await call('POST', '/cases', { as: coordinatorDJ, body: aCase() });
    const filed = await call('POST', `/cases/${opened.body.id}/protection-requests`, {
      as: coordinatorDJ,
      body: aProtectionRequest({
        measures: [{ type: 'no_visual_contact', justification: 'She panics when she sees him' }],
      }),
    });
    expect(filed.status).toBe(201);
    const path = `/cases/${opened.body.id}/protection-requests/${filed.body.id}/decision`;
    const before = await readCounter('DJ', 'protection_measures_confirmed', 'no_visual_contact');

    const statuses = await twenty((i) => {
      const prosecutor: Who = { role: 'prosecutor', unit: 'DIICOT-CRAIOVA', sub: `pros-race-${i}` };
      return call('POST', path, {
        as: prosecutor,
        ifMatch: 1,
        body: { decisions: [{ measure: 'no_visual_contact', outcome: 'confirmed' }] },
      });
    });

    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409 || s === 412)).toHaveLength(19);
    expect(await readCounter('DJ', 'protection_measures_confirmed', 'no_visual_contact')).toBe(before + 1);
    const now = await call('GET', `/cases/${opened.body.id}/protection-requests/${filed.body.id}`, {
      as: coordinatorDJ,
    });
    expect(now.body.version).toBe(2);
    tried.push(`20 protection decisions: ${statuses.filter((s) => s === 200).length} won`);
  });
});

describe('twenty concurrent approvals of one voucher request with the same If-Match', () => {
  it('lets exactly one through and moves the approval counters and the granted total once', async () => {
    const opened = await call('POST', '/cases', { as: coordinatorDJ, body: aCase() });
    const filed = await call('POST', `/cases/${opened.body.id}/voucher-requests`, {
      as: coordinatorDJ,
      body: aVoucherRequest(),
    });
    expect(filed.status).toBe(201);
    const path = `/cases/${opened.body.id}/voucher-requests/${filed.body.id}`;
    const approved = await readCounter('DJ', 'voucher_requests_approved');
    const total = await readCounter('DJ', 'voucher_amount_granted_total');

    const statuses = await twenty((i) =>
      call('POST', `${path}/decision`, {
        as: coordinatorDJ,
        ifMatch: 1,
        body: {
          outcome: 'approved',
          amountGranted: { amount: 1000 + i, currency: 'RON' },
          decidedAt: '2025-11-21T10:00:00+02:00',
          reference: `Hot. ${i}/2025`,
        },
      }),
    );

    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409 || s === 412)).toHaveLength(19);
    const now = await call('GET', path, { as: coordinatorDJ });
    expect(now.body).toMatchObject({ status: 'approved', version: 2 });
    expect(await readCounter('DJ', 'voucher_requests_approved')).toBe(approved + 1);
    // The amount of the one decision that won, and only that one.
    expect(await readCounter('DJ', 'voucher_amount_granted_total')).toBe(
      total + now.body.amountGranted.amount,
    );
    tried.push(`20 voucher approvals: ${statuses.filter((s) => s === 200).length} won`);
  });
});
