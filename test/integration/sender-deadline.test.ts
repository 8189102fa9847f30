// The sender under a deadline: given the invocation's remaining time, it claims nothing once less than
// SEND_DEADLINE_MARGIN_MS is left, finishes every send it claimed, and leaves the rest pending, so that over
// two runs every message is sent exactly once. Against DynamoDB Local; the gateway only records and waits.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { handler as sendMessagesHandler } from '../../functions/jobs/send-messages.ts';
import { resetConfig } from '../../shared/config.ts';
import * as clock from '../../shared/domain/clock.ts';
import { sendDueMessages } from '../../shared/services/message-sender.ts';
import { localOutbox } from '../../shared/services/outbound-gateway.ts';
import type { OutboundSms, SmsGateway } from '../../shared/sms/gateway.ts';
import {
  aMessage,
  openCase,
  putMessages,
  storedMessages,
  useOwnTables,
} from '../support/messaging-factories.ts';

const NOW = new Date('2030-01-10T10:00:00Z'); // 12:00 in Bucharest, far from quiet hours

/**
 * A Lambda invocation in simulated time: `remainingMs` is what context.getRemainingTimeInMillis would say;
 * every send takes `sendCostMs` of it, and the time passes before Twilio answers, as it would.
 */
class TimedInvocation implements SmsGateway {
  readonly sends: OutboundSms[] = [];
  #elapsed = 0;
  constructor(
    readonly budgetMs: number,
    readonly sendCostMs: number,
  ) {}
  readonly remainingMs = () => this.budgetMs - this.#elapsed;
  async send(message: OutboundSms) {
    this.#elapsed += this.sendCostMs;
    await new Promise((resolve) => setTimeout(resolve, 2));
    this.sends.push(message);
    return { providerId: `P${this.sends.length}` };
  }
}

function configure(settings: Record<string, string>) {
  Object.assign(process.env, settings);
  resetConfig();
}

async function dueMessages(count: number) {
  const c = await openCase();
  const messages = Array.from({ length: count }, (_, i) =>
    aMessage(c.id, { sendAt: new Date(Date.parse('2030-01-10T08:00:00Z') + i * 1000).toISOString() }),
  );
  await putMessages(messages);
  return { caseId: c.id, ids: messages.map((m) => m.id) };
}

async function statuses(caseId: string) {
  const counts: Record<string, number> = {};
  for (const item of await storedMessages(caseId)) {
    const status = String(item['status']);
    counts[status] = (counts[status] ?? 0) + 1;
  }
  return counts;
}

const timesSent = (sends: readonly OutboundSms[]) => {
  const counts = new Map<string, number>();
  for (const s of sends) counts.set(s.idempotencyKey, (counts.get(s.idempotencyKey) ?? 0) + 1);
  return counts;
};

beforeEach(async () => {
  await useOwnTables('deadline');
  configure({ SEND_DEADLINE_MARGIN_MS: '3000', SEND_CONCURRENCY: '2' });
});

afterEach(() => {
  delete process.env['SEND_DEADLINE_MARGIN_MS'];
  delete process.env['SEND_CONCURRENCY'];
  resetConfig();
  clock.setClock(undefined);
});

describe('sendDueMessages with a deadline', () => {
  it('claims only what it can finish before the margin, sends it, and leaves the rest pending', async () => {
    const { caseId } = await dueMessages(12);
    // 3.5 s left, a 3 s margin: both lanes may claim one message each, and no lane a second one.
    const invocation = new TimedInvocation(3_500, 1_000);

    const outcome = await sendDueMessages(NOW, invocation, { remainingMs: invocation.remainingMs });

    expect(outcome).toMatchObject({ sent: 2, failed: 0, deferred: 0 });
    expect(invocation.sends).toHaveLength(2);
    // The sends ran past the margin and were still recorded: nothing is left claimed mid-send.
    expect(invocation.remainingMs()).toBeLessThan(3_000);
    expect(await statuses(caseId)).toEqual({ sent: 2, pending: 10 });
  });

  it('sends every message exactly once over a run cut short and the next one, losing none', async () => {
    const { caseId, ids } = await dueMessages(30);
    const first = new TimedInvocation(12_000, 1_000);
    const second = new TimedInvocation(600_000, 1_000);

    const cut = await sendDueMessages(NOW, first, { remainingMs: first.remainingMs });
    expect(cut.sent).toBeGreaterThan(0);
    expect(cut.sent).toBeLessThan(30);
    expect(await statuses(caseId)).toEqual({ sent: cut.sent, pending: 30 - cut.sent });

    const rest = await sendDueMessages(NOW, second, { remainingMs: second.remainingMs });

    expect(cut.sent + rest.sent).toBe(30);
    const counts = timesSent([...first.sends, ...second.sends]);
    expect([...counts.keys()].sort()).toEqual([...ids].sort());
    expect([...counts.values()].filter((n) => n !== 1)).toEqual([]);
    expect(await statuses(caseId)).toEqual({ sent: 30 });
  });

  it('stops at a wall-clock deadline too, and the next run sends the rest once', async () => {
    configure({ SEND_DEADLINE_MARGIN_MS: '150', SEND_CONCURRENCY: '3' });
    const { caseId, ids } = await dueMessages(40);
    const slow: SmsGateway & { sends: OutboundSms[] } = {
      sends: [],
      async send(message) {
        await new Promise((resolve) => setTimeout(resolve, 40));
        this.sends.push(message);
        return { providerId: `W${this.sends.length}` };
      },
    };
    const deadline = Date.now() + 500;

    const cut = await sendDueMessages(NOW, slow, { remainingMs: () => deadline - Date.now() });
    // At most 3 lanes of 40 ms sends in 350 ms: far fewer than 40, however slow the machine.
    expect(cut.sent).toBeLessThan(40);
    expect((await statuses(caseId))['sending']).toBeUndefined();
    const rest = await sendDueMessages(NOW, slow);

    expect(cut.sent + rest.sent).toBe(40);
    const counts = timesSent(slow.sends);
    expect([...counts.keys()].sort()).toEqual([...ids].sort());
    expect([...counts.values()].filter((n) => n !== 1)).toEqual([]);
  });
});

describe('functions/jobs/send-messages handler', () => {
  it("claims nothing when Lambda's context says the margin is already gone, leaving every message pending", async () => {
    const { caseId } = await dueMessages(5);
    localOutbox.clear();
    clock.setClock(NOW);

    const outcome = await sendMessagesHandler({ source: 'aws.events' } as never, {
      getRemainingTimeInMillis: () => 2_999,
    });

    expect(outcome).toMatchObject({ sent: 0, failed: 0, deferred: 0, skipped: 0 });
    expect(localOutbox.list()).toEqual([]);
    expect(await statuses(caseId)).toEqual({ pending: 5 });
  });

  it('sends what is due when the invocation has time left', async () => {
    const { caseId } = await dueMessages(5);
    localOutbox.clear();
    clock.setClock(NOW);

    const outcome = await sendMessagesHandler({ source: 'aws.events' } as never, {
      getRemainingTimeInMillis: () => 60_000,
    });

    expect(outcome).toMatchObject({ sent: 5 });
    expect(localOutbox.list()).toHaveLength(5);
    expect(await statuses(caseId)).toEqual({ sent: 5 });
  });
});
