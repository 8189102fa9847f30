// Surveys: parse (done by the middleware) -> authorize -> call shared/ -> respond.
import { surveyView } from '../../shared/domain/survey-schemas.ts';
import type { ApiResult, RequestOf } from '../../shared/http/route.ts';
import type { surveyRoutes } from '../../shared/http/routes/survey-routes.ts';
import {
  inviteToSurvey,
  listSurveyCatalogue,
  publishSurvey,
  readSurvey,
} from '../../shared/services/survey-service.ts';

type Req<Id extends (typeof surveyRoutes)[number]['id']> = RequestOf<typeof surveyRoutes, Id>;

export const surveyHandlers = {
  createSurvey: async (req: Req<'createSurvey'>): Promise<ApiResult> => {
    const { survey, segments } = await publishSurvey(req.body);
    return {
      status: 201,
      body: surveyView(survey, segments),
      version: survey.version,
      headers: { location: `/surveys/${survey.id}?version=${survey.version}` },
    };
  },
  listSurveys: async (req: Req<'listSurveys'>): Promise<ApiResult> => {
    return { status: 200, body: await listSurveyCatalogue(req.query.limit, req.query.cursor) };
  },
  getSurvey: async (req: Req<'getSurvey'>): Promise<ApiResult> => {
    const { survey, segments } = await readSurvey(req.params.surveyId, req.query.version);
    return { status: 200, body: surveyView(survey, segments), version: survey.version };
  },
  inviteToSurvey: async (req: Req<'inviteToSurvey'>): Promise<ApiResult> => {
    const outcome = await inviteToSurvey(req.principal, req.params.caseId, req.body);
    if (outcome.status === 'skipped')
      return { status: 200, body: outcome, audit: { caseId: req.params.caseId } };
    // API.md calls a queued invitation "sent": 202 says it is accepted, the sender texts it later.
    return {
      status: 202,
      body: { status: 'sent', wave: outcome.wave, channel: outcome.channel },
      audit: { caseId: req.params.caseId },
    };
  },
};
