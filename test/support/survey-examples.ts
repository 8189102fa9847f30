// Valid example requests for the survey routes, for the authorization matrix: spread
// `...surveyExamples(freshCase)` into its EXAMPLES. One survey is published once and shared by the examples.
import { call } from './api.ts';
import { admin } from './factories.ts';
import { aSurvey } from './survey-factories.ts';

interface Example {
  path: string;
  body?: unknown;
}

let published: Promise<string> | undefined;

function aPublishedSurvey(): Promise<string> {
  published ??= call('POST', '/surveys', { as: admin, body: aSurvey() }).then((res) => {
    if (res.status !== 201) throw new Error(`could not publish a survey: ${res.status}`);
    return res.body.id as string;
  });
  return published;
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
  };
}
