// Test data for surveys: a three-question definition in Romanian and Ukrainian, invitations, and a phone
// that answers through the signed Twilio webhook (SMS or WhatsApp).
import { expect } from 'vitest';
import { twimlMessage } from '../../shared/sms/twiml.ts';
import { call } from './api.ts';
import { admin, coordinatorDJ } from './factories.ts';
import { aMessageSid, twilioPost } from './messaging-factories.ts';
import { aSurvey, aSurveyId } from './survey-definition.ts';

export { aSurvey, aSurveyId };

export async function publishSurvey(overrides: Record<string, unknown> = {}) {
  const res = await call('POST', '/surveys', { as: admin, body: aSurvey(overrides) });
  expect(res.status).toBe(201);
  return res.body as { id: string; version: number };
}

export async function invite(caseId: string, surveyId: string, wave?: string, as = coordinatorDJ) {
  return call('POST', `/cases/${caseId}/survey-invitations`, {
    as,
    body: wave === undefined ? { surveyId } : { surveyId, wave },
  });
}

/** One inbound SMS through the signed webhook; the reply text of the TwiML, or null. */
export async function sms(from: string, body: string, sid = aMessageSid()): Promise<string | null> {
  const res = await twilioPost('/sms/inbound', { MessageSid: sid, From: from, Body: body });
  expect(res.status).toBe(200);
  return twimlMessage(res.text);
}
