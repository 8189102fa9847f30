// Test data for surveys: a three-question definition in Romanian and Ukrainian, invitations, and a phone
// that answers through the signed Twilio webhook (SMS or WhatsApp).
import { expect } from 'vitest';
import { twimlMessage } from '../../shared/sms/twiml.ts';
import { call } from './api.ts';
import { admin, coordinatorDJ } from './factories.ts';
import { aMessageSid, twilioPost } from './messaging-factories.ts';

let surveyCounter = 0;

/** A survey id no other test uses. */
export function aSurveyId(label = 'feedback'): string {
  surveyCounter += 1;
  return `${label}-${process.pid}-${Date.now() % 100000}-${surveyCounter}`;
}

export function aSurvey(overrides: Record<string, unknown> = {}) {
  return {
    id: aSurveyId(),
    title: 'Feedback after the hearings',
    languages: ['ro', 'uk'],
    intro: { ro: 'Câteva întrebări scurte.', uk: 'Кілька коротких запитань.' },
    questions: [
      {
        id: 'safe',
        type: 'scale',
        min: 1,
        max: 5,
        text: { ro: 'Cât de în siguranță v-ați simțit?', uk: 'Наскільки безпечно ви почувалися?' },
      },
      {
        id: 'helped',
        type: 'yes_no',
        text: { ro: 'V-a fost de folos sprijinul?', uk: 'Чи допомогла вам підтримка?' },
      },
      {
        id: 'comment',
        type: 'text',
        text: { ro: 'Ce ar trebui să facem altfel?', uk: 'Що нам варто робити інакше?' },
      },
    ],
    thanks: { ro: 'Mulțumim! STOP = oprire', uk: 'Дякуємо! STOP = відписатися' },
    ...overrides,
  };
}

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
