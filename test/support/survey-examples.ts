// Valid example requests for the survey routes, for the authorization matrix: spread
// `...surveyExamples(freshCase)` into its EXAMPLES. One survey is published once and shared by the examples.
import { call } from './api.ts';
import { admin, coordinatorDJ } from './factories.ts';
import { aSurvey, replyTokenOf } from './survey-factories.ts';

interface Example {
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
  rawBody?: string;
}

let published: Promise<string> | undefined;

function aPublishedSurvey(): Promise<string> {
  published ??= call('POST', '/surveys', { as: admin, body: aSurvey() }).then((res) => {
    if (res.status !== 201) throw new Error(`could not publish a survey: ${res.status}`);
    return res.body.id as string;
  });
  return published;
}

/** A fresh case invited to answer on the web page: the path of its private reply link. */
async function replyPath(freshCase: () => Promise<string>): Promise<string> {
  const caseId = await freshCase();
  const res = await call('POST', `/cases/${caseId}/survey-invitations`, {
    as: coordinatorDJ,
    body: { surveyId: await aPublishedSurvey(), channel: 'web' },
  });
  if (res.status !== 202) throw new Error(`could not invite to the web reply: ${res.status}`);
  return `/r/${await replyTokenOf(caseId)}`;
}

export function surveyExamples(freshCase: () => Promise<string>): Record<string, () => Promise<Example>> {
  return {
    createSurvey: async () => ({ path: '/surveys', body: aSurvey() }),
    listSurveys: async () => ({ path: '/surveys' }),
    getSurvey: async () => ({ path: `/surveys/${await aPublishedSurvey()}` }),
    inviteToSurvey: async () => ({
      path: `/cases/${await freshCase()}/survey-invitations`,
      body: { surveyId: await aPublishedSurvey() },
    }),
    getReply: async () => ({ path: await replyPath(freshCase) }),
    postReply: async () => ({
      path: await replyPath(freshCase),
      rawBody: 'q0=4',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    }),
  };
}
