// A valid example request for every route of the route table, built from scratch each time it is asked for
// (fresh case, hearing, request...), so one test mutating it never disturbs another. The authorization matrix
// and the bad-input suite both start from these; a route without an entry fails both.
import { randomUUID } from 'node:crypto';
import { alertExamples } from './alert-examples.ts';
import { call } from './api.ts';
import { aCase, coordinatorDJ } from './factories.ts';
import { hearingSmsExamples } from './hearing-sms-examples.ts';
import { placeExamples } from './place-factories.ts';
import { protectionVoucherExamples } from './protection-voucher-examples.ts';
import { surveyExamples } from './survey-examples.ts';

export interface Example {
  path: string;
  body?: unknown;
  ifMatch?: number;
  headers?: Record<string, string>;
  rawBody?: string;
}

/** A fresh case in DJ / DIICOT-CRAIOVA for each request, so mutating examples never interfere. */
export async function freshCase(): Promise<string> {
  const res = await call('POST', '/cases', { as: coordinatorDJ, body: aCase() });
  if (res.status !== 201) throw new Error(`could not create a case: ${res.status}`);
  return res.body.id;
}

export const ROUTE_EXAMPLES: Record<string, () => Promise<Example>> = {
  health: async () => ({ path: '/health' }),
  openapi: async () => ({ path: '/openapi.json' }),
  createCase: async () => ({ path: '/cases', body: aCase() }),
  listCases: async () => ({ path: '/cases' }),
  getCase: async () => ({ path: `/cases/${await freshCase()}` }),
  revealPhone: async () => ({ path: `/cases/${await freshCase()}/phone` }),
  patchCase: async () => ({
    path: `/cases/${await freshCase()}`,
    ifMatch: 1,
    body: { proceedingsStage: 'trial' },
  }),
  closeCase: async () => ({
    path: `/cases/${await freshCase()}/close`,
    ifMatch: 1,
    body: { reason: 'Proceedings ended' },
  }),
  recordConsent: async () => ({
    path: `/cases/${await freshCase()}/consents/feedbackSurveys`,
    ifMatch: 1,
    body: { given: false, method: 'written', note: 'Signed the withdrawal form' },
  }),
  createNote: async () => ({
    path: `/cases/${await freshCase()}/notes`,
    body: { text: 'She asked to be called after 17:00' },
  }),
  listNotes: async () => ({ path: `/cases/${await freshCase()}/notes` }),
  transferCase: async () => ({
    path: `/cases/${await freshCase()}/transfer`,
    ifMatch: 1,
    body: { prosecutorUnit: 'DIICOT-CRAIOVA-2' },
  }),
  erasePersonalData: async () => ({
    path: `/cases/${await freshCase()}/personal-data`,
    body: { reason: 'Erasure request' },
  }),
  listAudit: async () => ({ path: '/audit' }),
  ...protectionVoucherExamples(freshCase),
  ...hearingSmsExamples(freshCase),
  ...surveyExamples(freshCase),
  ...placeExamples,
  ...alertExamples(freshCase),
  getNotificationTargets: async () => ({ path: '/notification-targets/county:DJ' }),
  // A scope of its own each time: If-Match "0" creates its list once.
  putNotificationTargets: async () => ({
    path: `/notification-targets/unit:EXAMPLE-${randomUUID().slice(0, 8).toUpperCase()}`,
    ifMatch: 0,
    body: { emails: ['parchet@example.ro'] },
  }),
  exportFeedback: async () => ({ path: '/exports/feedback?surveyId=exit&wave=2026-S1' }),
  exportIndicators: async () => ({ path: '/exports/indicators?period=2026-S1' }),
};
