// Test data for surveys: a three-question definition in Romanian and Ukrainian, invitations, and a phone
// that answers through the signed Twilio webhook (SMS or WhatsApp).
import { expect } from 'vitest';
import { replyToken } from '../../shared/data/reply-token.ts';
import type { ReplyChannel } from '../../shared/domain/reply-channel.ts';
import { twimlMessage } from '../../shared/sms/twiml.ts';
import { call } from './api.ts';
import { admin, coordinatorDJ } from './factories.ts';
import { aMessageSid, storedMessages, twilioPost } from './messaging-factories.ts';
import { aSurvey, aSurveyId } from './survey-definition.ts';

export { aSurvey, aSurveyId };

export async function publishSurvey(overrides: Record<string, unknown> = {}) {
  const res = await call('POST', '/surveys', { as: admin, body: aSurvey(overrides) });
  expect(res.status).toBe(201);
  return res.body as { id: string; version: number };
}

/** An invitation answered by two-way SMS unless `channel` says otherwise (+40 would default to the web page). */
export async function invite(
  caseId: string,
  surveyId: string,
  wave?: string,
  as = coordinatorDJ,
  channel: ReplyChannel = 'sms',
) {
  return call('POST', `/cases/${caseId}/survey-invitations`, {
    as,
    body: wave === undefined ? { surveyId, channel } : { surveyId, wave, channel },
  });
}

/** The token of a case's web invitation link, derived as the sender derives it when it writes the SMS. */
export async function replyTokenOf(caseId: string): Promise<string> {
  const message = (await storedMessages(caseId)).find((m) => m['kind'] === 'survey_invitation_web');
  if (!message) throw new Error('the case has no web invitation');
  return replyToken(message['id'] as string);
}

/** The reply page as a browser without JavaScript submits it: form-encoded, no token, no signature. */
export function submitReplyPage(token: string, fields: Record<string, string>) {
  return call('POST', `/r/${token}`, {
    rawBody: new URLSearchParams(fields).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
}

/** One inbound SMS through the signed webhook; the reply text of the TwiML, or null. */
export async function sms(from: string, body: string, sid = aMessageSid()): Promise<string | null> {
  const res = await twilioPost('/sms/inbound', { MessageSid: sid, From: from, Body: body });
  expect(res.status).toBe(200);
  return twimlMessage(res.text);
}
