// DynamoDB throttling and timeouts: a client gets a clear 503 with Retry-After, never a 500, and once the
// fault clears nothing was half-written or duplicated.
import { afterEach, describe, expect, it } from 'vitest';
import { call } from '../support/api.ts';
import { aCase, coordinatorDJ } from '../support/factories.ts';
import { injectDynamoFault } from '../support/faults.ts';

let fault: ReturnType<typeof injectDynamoFault> | undefined;
afterEach(() => fault?.remove());

describe('DynamoDB faults', () => {
  it.each(['throttle', 'timeout'] as const)(
    'answers 503 with Retry-After when DynamoDB reports %s',
    async (kind) => {
      const created = await call('POST', '/cases', { as: coordinatorDJ, body: aCase() });
      fault = injectDynamoFault(kind);
      const res = await call('GET', `/cases/${created.body.id}`, { as: coordinatorDJ });
      expect(res.status).toBe(503);
      expect(res.headers['retry-after']).toMatch(/^\d+$/);
      expect(res.headers['content-type']).toBe('application/problem+json');
      expect(res.text).not.toMatch(/Exception|socket|\.ts:\d+/);
      expect(fault.injected).toBeGreaterThan(0);
    },
  );

  it('creates nothing when the write is throttled, and the retry creates exactly one case', async () => {
    const body = aCase({ criminalCaseNumber: `FAULT-${Date.now()}` });
    fault = injectDynamoFault('throttle', {
      count: 1,
      commands: ['TransactWriteItemsCommand', 'TransactWriteCommand'],
    });
    const first = await call('POST', '/cases', { as: coordinatorDJ, body });
    expect(first.status).toBe(503);
    fault.remove();
    const retry = await call('POST', '/cases', { as: coordinatorDJ, body });
    expect(retry.status).toBe(201);
    const list = await call('GET', '/cases?limit=100', { as: coordinatorDJ });
    const matching = [];
    let page = list;
    for (;;) {
      matching.push(
        ...page.body.items.filter(
          (c: { criminalCaseNumber: string }) => c.criminalCaseNumber === body.criminalCaseNumber,
        ),
      );
      if (!page.body.nextCursor) break;
      page = await call('GET', `/cases?limit=100&cursor=${page.body.nextCursor}`, { as: coordinatorDJ });
    }
    expect(matching).toHaveLength(1);
  });

  it('does not apply a change whose write was throttled, and the retry with the same If-Match succeeds', async () => {
    const created = await call('POST', '/cases', { as: coordinatorDJ, body: aCase() });
    fault = injectDynamoFault('timeout', {
      count: 1,
      commands: ['TransactWriteItemsCommand', 'TransactWriteCommand'],
    });
    const failed = await call('PATCH', `/cases/${created.body.id}`, {
      as: coordinatorDJ,
      ifMatch: 1,
      body: { proceedingsStage: 'trial' },
    });
    expect(failed.status).toBe(503);
    const retried = await call('PATCH', `/cases/${created.body.id}`, {
      as: coordinatorDJ,
      ifMatch: 1,
      body: { proceedingsStage: 'trial' },
    });
    expect(retried.status).toBe(200);
    expect(retried.body.version).toBe(2);
  });
});
