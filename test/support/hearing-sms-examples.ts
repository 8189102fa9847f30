// Valid example requests for the hearing and Twilio webhook routes, for the authorization matrix: spread
// `...hearingSmsExamples(freshCase)` into its EXAMPLES. Each example builds its own case and hearing.
import { signTwilioRequest } from '../../shared/http/twilio-signature.ts';
import { call } from './api.ts';
import { coordinatorDJ } from './factories.ts';
import { aHearing, aMessageSid } from './messaging-factories.ts';

interface Example {
  path: string;
  body?: unknown;
  ifMatch?: number;
  headers?: Record<string, string>;
  rawBody?: string;
}

async function hearingPath(caseId: string, overrides: Record<string, unknown> = {}): Promise<string> {
  const res = await call('POST', `/cases/${caseId}/hearings?allowConflict=true`, {
    as: coordinatorDJ,
    body: aHearing(overrides),
  });
  if (res.status !== 201) throw new Error(`could not schedule a hearing: ${res.status}`);
  return `/cases/${caseId}/hearings/${res.body.id}`;
}

async function twilioForm(path: string, params: Record<string, string>): Promise<Example> {
  const url = `${process.env['PUBLIC_BASE_URL']}${path}`;
  return {
    path,
    rawBody: new URLSearchParams(params).toString(),
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': await signTwilioRequest(url, params),
    },
  };
}

export function hearingSmsExamples(freshCase: () => Promise<string>): Record<string, () => Promise<Example>> {
  return {
    createHearing: async () => ({
      path: `/cases/${await freshCase()}/hearings?allowConflict=true`,
      body: aHearing(),
    }),
    // A hearing with its reminders in the list: the richest answer the route gives.
    listCaseHearings: async () => {
      const caseId = await freshCase();
      await hearingPath(caseId);
      return { path: `/cases/${caseId}/hearings?include=reminders` };
    },
    getHearing: async () => ({ path: await hearingPath(await freshCase()) }),
    patchHearing: async () => ({
      path: `${await hearingPath(await freshCase())}?allowConflict=true`,
      ifMatch: 1,
      body: { room: 'standard' },
    }),
    cancelHearing: async () => ({ path: `${await hearingPath(await freshCase())}/cancel`, ifMatch: 1 }),
    recordHearingOutcome: async () => ({
      path: `${await hearingPath(await freshCase(), { startsAt: new Date(Date.now() - 3 * 3_600_000).toISOString() })}/outcome`,
      ifMatch: 1,
      body: { attended: true, heardInSpecialRoom: true, heardRemotely: false },
    }),
    hearingCalendar: async () => ({ path: '/hearings' }),
    hearingCalendarIcs: async () => ({ path: '/hearings.ics' }),
    inboundSms: () =>
      twilioForm('/sms/inbound', { MessageSid: aMessageSid(), From: '+40722000001', Body: 'HELP' }),
    smsStatus: () => twilioForm('/sms/status', { MessageSid: aMessageSid(), MessageStatus: 'delivered' }),
  };
}
