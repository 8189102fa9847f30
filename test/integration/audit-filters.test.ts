// The audit log's filters (issue 16 point 4): by case, by actor and by action, with a page cursor that goes on
// when the action filter leaves a page short.
import { describe, expect, it } from 'vitest';
import { call } from '../support/api.ts';
import { admin, coordinatorDJ } from '../support/factories.ts';
import { openCase } from '../support/messaging-factories.ts';

interface AuditItem {
  action: string;
  caseId?: string;
  entity: string;
}

describe('GET /audit?action=', () => {
  it('lists only the reads of a case when asked for action=read, and every kind of access without it', async () => {
    const { id } = await openCase();
    await call('GET', `/cases/${id}`, { as: coordinatorDJ });
    await call('POST', `/cases/${id}/notes`, { as: coordinatorDJ, body: { text: 'Called on Monday' } });

    const reads = await call('GET', `/audit?caseId=${id}&action=read`, { as: admin });
    const all = await call('GET', `/audit?caseId=${id}`, { as: admin });

    expect(reads.status).toBe(200);
    const readItems = reads.body.items as AuditItem[];
    expect(readItems.length).toBeGreaterThan(0);
    expect(new Set(readItems.map((item) => item.action))).toEqual(new Set(['read']));
    expect(readItems.every((item) => item.caseId === id)).toBe(true);
    expect((all.body.items as AuditItem[]).map((item) => item.action)).toContain('create');
  });

  it('pages through the filtered log by the cursor without repeating an item', async () => {
    const { id } = await openCase();
    for (let i = 0; i < 3; i += 1) await call('GET', `/cases/${id}`, { as: coordinatorDJ });

    const first = await call('GET', `/audit?caseId=${id}&action=read&limit=2`, { as: admin });
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await call(
      'GET',
      `/audit?caseId=${id}&action=read&limit=2&cursor=${encodeURIComponent(first.body.nextCursor)}`,
      { as: admin },
    );

    const ids = [...first.body.items, ...second.body.items].map((item: { id: string }) => item.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThanOrEqual(3);
  });

  it('refuses an action it does not know, naming the field', async () => {
    const res = await call('GET', '/audit?action=erase', { as: admin });

    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.errors)).toContain('action');
  });
});
