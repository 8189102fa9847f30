// A STOP is recorded by hmac(phone) in the InsightsTable, never on a case (the webhook reads no case). The case
// shows it all the same (`smsOptOut`), so a coordinator knows to phone, and the sender says why it skipped.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as clock from '../../shared/domain/clock.ts';
import { sendDueMessages } from '../../shared/services/message-sender.ts';
import { MemoryOutboxGateway } from '../../shared/sms/memory-outbox-gateway.ts';
import { call } from '../support/api.ts';
import { aPhone, coordinatorDJ, prosecutorCraiova } from '../support/factories.ts';
import {
  aMessage,
  aMessageSid,
  openCase,
  putMessages,
  twilioPost,
  useOwnTables,
} from '../support/messaging-factories.ts';

// A Sunday in ISO week 9 of 2027, at 11:00 in Bucharest.
const STOP_AT = new Date('2027-03-07T09:00:00Z');

beforeAll(async () => {
  await useOwnTables('case-opt-out');
});

afterEach(() => {
  clock.setClock(undefined);
});

async function sms(from: string, body: string) {
  clock.setClock(STOP_AT);
  const res = await twilioPost('/sms/inbound', { MessageSid: aMessageSid(), From: from, Body: body });
  expect(res.status).toBe(200);
}

async function caseAs(who: typeof coordinatorDJ | typeof prosecutorCraiova, id: string) {
  const res = await call('GET', `/cases/${id}`, { as: who });
  expect(res.status).toBe(200);
  return res.body;
}

describe('GET /cases/{caseId} after a STOP', () => {
  it('shows smsOptOut: null while no phone of the case has sent STOP', async () => {
    const c = await openCase();
    expect((await caseAs(coordinatorDJ, c.id)).smsOptOut).toBeNull();
  });

  it("shows the victim's STOP with its ISO week, and the consents as they were recorded", async () => {
    const c = await openCase({ consents: { smsReminders: true, feedbackSurveys: true } });
    await sms(c.body.victim.phone as string, 'STOP');
    const view = await caseAs(coordinatorDJ, c.id);
    expect(view.smsOptOut).toEqual({ since: '2027-W09', recipients: ['victim'] });
    expect(view.consents).toEqual({ smsReminders: true, feedbackSurveys: true });
  });

  it("names the safe contact when it is the safe contact's phone that sent STOP, for the prosecutor too", async () => {
    const safeContact = { name: 'Elena Ionescu', phone: aPhone(), relation: 'shelter worker' };
    const c = await openCase({ victim: { safeContact } });
    await sms(safeContact.phone, 'DEZABONARE');
    expect((await caseAs(coordinatorDJ, c.id)).smsOptOut).toEqual({
      since: '2027-W09',
      recipients: ['safe_contact'],
    });
    expect((await caseAs(prosecutorCraiova, c.id)).smsOptOut).toEqual({
      since: '2027-W09',
      recipients: ['safe_contact'],
    });
  });

  it('shows no opt-out once the phone sends START', async () => {
    const c = await openCase();
    await sms(c.body.victim.phone as string, 'STOP');
    await sms(c.body.victim.phone as string, 'START');
    expect((await caseAs(coordinatorDJ, c.id)).smsOptOut).toBeNull();
  });
});

describe('the sender after a STOP', () => {
  it('counts the messages it skipped by their reason', async () => {
    const stopped = await openCase();
    const withdrawn = await openCase({ consents: { smsReminders: false, feedbackSurveys: false } });
    await sms(stopped.body.victim.phone as string, 'STOP');
    await putMessages([aMessage(stopped.id), aMessage(stopped.id), aMessage(withdrawn.id)]);
    const outcome = await sendDueMessages(new Date('2030-01-10T08:00:00Z'), new MemoryOutboxGateway());
    expect(outcome).toMatchObject({ sent: 0, skipped: 3, skippedFor: { opted_out: 2, no_consent: 1 } });
  });
});
