// Consent that can be shown (issue 14 point 5): a history per purpose, appended by
// PUT /cases/{caseId}/consents/{purpose}; a withdrawal cancels that purpose's pending messages at once.
import { describe, expect, it } from 'vitest';
import { caseKeys } from '../../shared/data/keys.ts';
import { call } from '../support/api.ts';
import { coordinatorDJ } from '../support/factories.ts';
import { aCoordinator, openCase, scheduleHearing, storedMessages } from '../support/messaging-factories.ts';
import { readRawItem } from '../support/protection-voucher-factories.ts';

describe('PUT /cases/{caseId}/consents/{purpose}', () => {
  it('starts the history with the booleans given on creation, recorded as oral consent by the creator', async () => {
    const { id } = await openCase();
    const read = await call('GET', `/cases/${id}`, { as: coordinatorDJ });
    expect(read.body.consentHistory).toEqual({
      smsReminders: [{ given: true, at: read.body.createdAt, method: 'oral', recordedBy: 'coord-dj' }],
      feedbackSurveys: [{ given: true, at: read.body.createdAt, method: 'oral', recordedBy: 'coord-dj' }],
    });
  });

  it('appends a written withdrawal, shows it, and cancels every pending reminder at once', async () => {
    const me = aCoordinator();
    const { id } = await openCase();
    await scheduleHearing(id, me);
    const pendingBefore = (await storedMessages(id)).filter((m) => m['status'] === 'pending');
    expect(pendingBefore.length).toBeGreaterThan(0);

    const res = await call('PUT', `/cases/${id}/consents/smsReminders`, {
      as: me,
      ifMatch: 1,
      body: { given: false, method: 'written', note: 'Signed the withdrawal at the shelter' },
    });
    expect(res.status).toBe(200);
    expect(res.headers['etag']).toBe('"2"');
    expect(res.body.consents).toEqual({ smsReminders: false, feedbackSurveys: true });
    expect(res.body.consentHistory.smsReminders.at(-1)).toMatchObject({
      given: false,
      method: 'written',
      recordedBy: me.sub,
      note: 'Signed the withdrawal at the shelter',
    });
    expect(res.body.consentHistory.feedbackSurveys).toHaveLength(1);

    const messages = await storedMessages(id);
    expect(messages.filter((m) => m['status'] === 'pending')).toEqual([]);
    expect(new Set(messages.map((m) => m['lastError']))).toEqual(new Set(['consent_withdrawn']));

    const raw = await readRawItem(caseKeys.item(id));
    expect(JSON.stringify(raw)).not.toContain('withdrawal at the shelter');
  });

  it('leaves the pending reminders alone when only the survey consent is withdrawn', async () => {
    const me = aCoordinator();
    const { id } = await openCase();
    await scheduleHearing(id, me);
    const res = await call('PUT', `/cases/${id}/consents/feedbackSurveys`, {
      as: me,
      ifMatch: 1,
      body: { given: false, method: 'oral' },
    });
    expect(res.status).toBe(200);
    const pending = (await storedMessages(id)).filter((m) => m['status'] === 'pending');
    expect(pending.length).toBeGreaterThan(0);
  });

  it('refuses a stale If-Match with 412 and an unknown purpose or method with 400 naming it', async () => {
    const { id } = await openCase();
    const stale = await call('PUT', `/cases/${id}/consents/smsReminders`, {
      as: coordinatorDJ,
      ifMatch: 4,
      body: { given: true, method: 'written' },
    });
    expect(stale.status).toBe(412);
    const purpose = await call('PUT', `/cases/${id}/consents/marketing`, {
      as: coordinatorDJ,
      ifMatch: 1,
      body: { given: true, method: 'written' },
    });
    expect(purpose.status).toBe(400);
    const method = await call('PUT', `/cases/${id}/consents/smsReminders`, {
      as: coordinatorDJ,
      ifMatch: 1,
      body: { given: true, method: 'email' },
    });
    expect(method.status).toBe(400);
    expect(method.body.errors.map((e: { path: string }) => e.path)).toContain('method');
  });

  it('records a change of consent made by PATCH in the history too', async () => {
    const { id } = await openCase();
    const res = await call('PATCH', `/cases/${id}`, {
      as: coordinatorDJ,
      ifMatch: 1,
      body: { consents: { feedbackSurveys: false } },
    });
    expect(res.status).toBe(200);
    expect(res.body.consentHistory.feedbackSurveys.map((e: { given: boolean }) => e.given)).toEqual([
      true,
      false,
    ]);
  });
});
